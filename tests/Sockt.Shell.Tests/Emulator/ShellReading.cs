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

    /// <summary>What readline prints each time it starts reading a line (bracketed paste on): the shell is at its prompt again.</summary>
    internal const string ReadlineReady = "\u001b[?2004h";

    /// <summary>
    /// A command line that prints <c>Printed(name)</c> and then sleeps, from one foreground process: once the marker is
    /// seen, Ctrl+C reaches the sleep. (With <c>echo ...; sleep 100</c> the marker is printed by the shell itself before
    /// it starts <c>sleep</c>, and a Ctrl+C in between hits nothing: the sleep then runs its full 100 s.)
    /// </summary>
    internal static string EchoThenSleep(string name) => $"bash -c '{Echo(name)}; exec sleep 100'";
}
