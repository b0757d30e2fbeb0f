using System.Diagnostics;
using System.Reflection;

namespace Sockt.Benchmarks.Hosting;

/// <summary>Starts this benchmark program again in another mode (emulator server, file-transfer child).</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo CreateStartInfo(params string[] arguments)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var start = new ProcessStartInfo(processPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };

        // Run through `dotnet Sockt.Benchmarks.dll` (dotnet run / dotnet exec): pass the assembly first.
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // When this process is traced (dotnet-trace launches it with a diagnostic port), a child must not try the same port.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        return start;
    }
}
