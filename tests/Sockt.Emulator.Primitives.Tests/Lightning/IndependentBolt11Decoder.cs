using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Sockt.Emulator.Primitives.Tests.Lightning;

/// <summary>
/// Runs the npm <c>bolt11</c> package (bolt11-decoder/decode.js) on invoices: a decoder written by others, so
/// encoder and check cannot share a misunderstanding. Installs the pinned package with <c>npm ci</c> on first
/// use when node_modules is missing. Ignores the test only when <c>node</c> itself is absent; any other
/// problem (npm missing, install or decode failure) fails it.
/// </summary>
internal static class IndependentBolt11Decoder
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DecodeTimeout = TimeSpan.FromMinutes(1);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Decodes each invoice; element i is the decoder's JSON for invoice i (or an object with "error").</summary>
    internal static async Task<JsonElement[]> DecodeAsync(params string[] invoices)
    {
        var node = FindOnPath("node");
        if (node is null)
        {
            Assert.Ignore("node is not installed, so the independent BOLT #11 decoder cannot run.");
        }

        var directory = DecoderDirectory();
        Assert.That(Path.Combine(directory, "decode.js"), Does.Exist, "bolt11-decoder/decode.js not found next to the test sources.");
        await EnsureInstalledAsync(directory);
        var (exitCode, stdout, stderr) = await RunAsync(node!, directory, DecodeTimeout, ["decode.js", .. invoices]);
        Assert.That(exitCode, Is.Zero, $"node decode.js failed: {stderr}");
        using var document = JsonDocument.Parse(stdout);
        return [.. document.RootElement.EnumerateArray().Select(element => element.Clone())];
    }

    private static async Task EnsureInstalledAsync(string directory)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(directory, "node_modules", "bolt11")))
            {
                return;
            }

            var npm = FindOnPath("npm");
            Assert.That(npm, Is.Not.Null, "node is installed but npm is not: cannot install the bolt11 decoder (npm ci).");
            var (exitCode, stdout, stderr) = await RunAsync(npm!, directory, InstallTimeout, ["ci", "--no-audit", "--no-fund"]);
            Assert.That(exitCode, Is.Zero, $"npm ci in {directory} failed:\n{stdout}\n{stderr}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string directory, TimeSpan timeout, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments.Take(2))} did not finish within {timeout.TotalSeconds} s.");
            throw;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The decoder folder sits in the test project: found from this source file's path, or, should the build
    /// have mapped source paths, by walking up from the test binaries (bin/&lt;configuration&gt;/&lt;tfm&gt;/).
    /// </summary>
    private static string DecoderDirectory([CallerFilePath] string thisFile = "")
    {
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "bolt11-decoder"));
        if (File.Exists(Path.Combine(fromSource, "decode.js")))
        {
            return fromSource;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "bolt11-decoder");
            if (File.Exists(Path.Combine(candidate, "decode.js")))
            {
                return candidate;
            }
        }

        return fromSource;
    }
}
