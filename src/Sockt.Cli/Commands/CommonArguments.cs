using System.CommandLine;

namespace Sockt.Cli.Commands;

/// <summary>Arguments and options several commands share.</summary>
internal static class CommonArguments
{
    /// <summary>The sandbox id argument.</summary>
    public static Argument<string> SandboxId() => new("sandbox-id") { Description = "The sandbox id" };

    /// <summary><c>--encoding utf8|base64</c>.</summary>
    public static Option<string> Encoding()
    {
        var option = new Option<string>("--encoding") { Description = "Content encoding: utf8 or base64", DefaultValueFactory = _ => "utf8" };
        option.AcceptOnlyFromAmong("utf8", "base64");
        return option;
    }
}
