using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sockt.Screenshots;

/// <summary>
/// A sample app of samples/ run with <c>dotnet run</c> on a free loopback port, as a user would start it; disposing it
/// stops it (SIGTERM first, so that it terminates its sandbox and its embedded emulator, then the whole process tree).
/// </summary>
internal sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SampleProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The address the app printed.</summary>
    public Uri Address { get; }

    /// <summary>Runs the sample and waits for the line that names its address.</summary>
    public static async Task<SampleProcess> StartAsync(string projectDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--project", projectDirectory, "--", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        // The embedded emulator, never a service configured in the caller's environment.
        start.Environment["SOCKT_API_URL"] = string.Empty;
        start.Environment["SOCKT_API_KEY"] = string.Empty;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                if (AddressLine().Match(line) is { Success: true } match)
                {
                    // Keep draining its output so that it never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new SampleProcess(process, new Uri(match.Groups[1].Value));
                }
            }

            throw new InvalidOperationException($"{projectDirectory} ended without printing its address: {await errors}");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // dotnet run passes SIGTERM on to the app, which shuts down like on Ctrl+C.
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"\b(http://127\.0\.0\.1:\d+)/?")]
    private static partial Regex AddressLine();
}
