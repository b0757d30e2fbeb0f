namespace Sockt.AI;

/// <summary>The names of the tools a <see cref="SocktTools"/> set offers (the same for Microsoft.Extensions.AI and MCP).</summary>
public static class SocktToolNames
{
    /// <summary>Runs a shell command in a sandbox and returns its exit code, stdout and stderr.</summary>
    public const string RunCommand = "run_command";

    /// <summary>Writes a text file in a sandbox.</summary>
    public const string WriteFile = "write_file";

    /// <summary>Reads a file from a sandbox (text; binary files as size, or base64 on request).</summary>
    public const string ReadFile = "read_file";

    /// <summary>Lists a directory of a sandbox.</summary>
    public const string ListFiles = "list_files";

    /// <summary>Creates a sandbox (client-bound sets only).</summary>
    public const string CreateSandbox = "create_sandbox";

    /// <summary>Terminates a sandbox the tools created (client-bound sets only).</summary>
    public const string TerminateSandbox = "terminate_sandbox";

    /// <summary>Reports a sandbox's state, its cost so far and the limits left (client-bound sets only).</summary>
    public const string SandboxStatus = "sandbox_status";
}
