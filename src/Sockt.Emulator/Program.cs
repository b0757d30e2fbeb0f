namespace Sockt.Emulator;

/// <summary>Command-line entry point: <c>dotnet run --project src/Sockt.Emulator -- [options]</c>.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) =>
        Hosting.EmulatorConsoleHost.RunAsync(args, "sockt-emulator");
}
