using System.CommandLine;

namespace Sockt.Cli.Infrastructure;

/// <summary>Options every command accepts, wherever they appear on the command line.</summary>
internal static class GlobalOptions
{
    /// <summary><c>--token</c>: the credential to send, before <c>SOCKT_SANDBOX_TOKEN</c> and <c>SOCKT_API_KEY</c>.</summary>
    public static readonly Option<string?> Token = new("--token")
    {
        Description = "Sandbox token (sbx_...) or API key to send; overrides SOCKT_SANDBOX_TOKEN and SOCKT_API_KEY",
        Recursive = true,
    };

    /// <summary><c>--json</c>: print one JSON document on stdout instead of text.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as one JSON document on stdout (the SDK's models, snake_case as on the wire)",
        Recursive = true,
    };
}
