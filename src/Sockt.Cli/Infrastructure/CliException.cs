namespace Sockt.Cli.Infrastructure;

/// <summary>A failure the user can act on, printed as <c>Error: message</c> with exit code 1.</summary>
internal sealed class CliException(string message) : Exception(message);
