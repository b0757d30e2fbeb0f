namespace Sockt.Shell.Tests.Emulator;

/// <summary>Markers for <see cref="ShellSession.ReadUntilAsync(string, TimeSpan?, CancellationToken)"/> that the echo of the typed line cannot contain.</summary>
internal static class ShellReading
{
    /// <summary>
    /// A command suffix whose output is <c>marker</c> but whose echo on the terminal is not: the terminal echoes
    /// the typed text (<c>$((1+1))</c>), the shell prints the result (<c>2</c>).
    /// </summary>
    internal static string Echo(string name) => $"echo {name}-$((1+1))";

    internal static string Printed(string name) => $"{name}-2";
}
