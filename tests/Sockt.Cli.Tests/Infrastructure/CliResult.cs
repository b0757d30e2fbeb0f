using System.Text;

namespace Sockt.Cli.Tests.Infrastructure;

/// <summary>How a finished <c>sockt</c> run ended: its exit code and exactly what it wrote to stdout and stderr.</summary>
public sealed record CliResult(int ExitCode, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
