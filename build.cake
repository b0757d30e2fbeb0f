// Build script for Sockt for .NET. Run: dotnet tool restore && dotnet cake --target=<Target>
// Targets: Clean, Restore, Generate, Build, Test (default), CheckGenerated, AcceptSnapshots, Pack, VerifyPackages, Samples, Bench.
// Only Cake's built-in DotNet* aliases are used (no #addin/#tool: nothing is downloaded at run time).

var target = Argument("target", "Default");
// Debug by default: Snapshooter finds the calling test through stack traces, which optimized code can hide.
var configuration = Argument("configuration", "Debug");
// Strict snapshots: a missing snapshot fails instead of being written (always on in CI).
var strict = HasArgument("strict") || string.Equals(EnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

var solution = File("./Sockt.Generated.sln");
var sdkProject = File("./src/Sockt/Sockt.csproj");
var artifacts = Directory("./artifacts");
var testResults = Directory("./TestResults");

Task("Clean")
    .Description("Deletes bin/, obj/, artifacts/ and TestResults/.")
    .Does(() =>
{
    CleanDirectories("./src/**/bin");
    CleanDirectories("./src/**/obj");
    CleanDirectories("./tests/**/bin");
    CleanDirectories("./tests/**/obj");
    CleanDirectories("./samples/**/bin");
    CleanDirectories("./samples/**/obj");
    CleanDirectories("./bench/**/bin");
    CleanDirectories("./bench/**/obj");
    CleanDirectory(artifacts);
    CleanDirectory(testResults);
});

Task("Restore")
    .Description("Restores the solution's packages.")
    .Does(() =>
{
    DotNetRestore(solution);
});

Task("Generate")
    .Description("Regenerates generated/ from spec/ with NSwag, even when MSBuild thinks it is up to date.")
    .Does(() =>
{
    // Only the SDK project: generation must not depend on every other project restoring.
    DotNetRestore(sdkProject);
    DotNetMSBuild(sdkProject, new DotNetMSBuildSettings()
        .WithTarget("SocktGenerateContract")
        .WithProperty("SocktForceGenerate", "true")
        .WithProperty("Configuration", configuration));
});

Task("Build")
    .Description("Builds the whole solution once (generation runs inside the build when spec/ changed).")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });
});

Task("Test")
    .Description("Runs every *.Tests project of the solution without rebuilding, writing TestResults/*.trx.")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    var testProjects = ParseSolution(solution).Projects
        .Where(project => project.Path.FullPath.EndsWith(".Tests.csproj", StringComparison.Ordinal))
        .Select(project => project.Path)
        .OrderBy(path => path.FullPath, StringComparer.Ordinal)
        .ToList();
    if (testProjects.Count == 0)
    {
        throw new Exception("No *.Tests.csproj in " + solution + ".");
    }

    Information("Snapshot strict mode: {0}", strict ? "on" : "off (pass --strict or set CI=true)");
    var failed = new List<string>();
    foreach (var project in testProjects)
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        var settings = new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            ResultsDirectory = testResults,
            Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=minimal" },
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["SNAPSHOOTER_STRICT_MODE"] = strict ? "on" : "off",
            },
        };
        try
        {
            DotNetTest(project.FullPath, settings);
        }
        catch (Exception exception)
        {
            // Keep going so one run reports every project; fail at the end.
            Error("{0}: {1}", name, exception.Message);
            failed.Add(name);
        }
    }

    if (failed.Count > 0)
    {
        throw new Exception("Tests failed in: " + string.Join(", ", failed));
    }
});

Task("CheckGenerated")
    .Description("Regenerates generated/ and fails, naming the files, when it differs from what is committed.")
    .IsDependentOn("Generate")
    .Does(() =>
{
    var exitCode = StartProcess("git", new ProcessSettings
    {
        Arguments = "status --porcelain --untracked-files=all -- generated/",
        RedirectStandardOutput = true,
    }, out var lines);
    if (exitCode != 0)
    {
        throw new Exception("git status failed with exit code " + exitCode + ".");
    }

    var changed = lines.Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
    if (changed.Count > 0)
    {
        foreach (var line in changed)
        {
            Error("  {0}", line);
        }

        throw new Exception(
            "generated/ is out of date with spec/ (files above). Build, review the generated/ and snapshot diffs, and commit them.");
    }

    Information("generated/ matches spec/sockt.openapi.yaml and spec/templates.");
});

Task("AcceptSnapshots")
    .Description("After reviewing a snapshot mismatch: moves every __mismatch__/*.snap over the committed snapshot.")
    .Does(() =>
{
    var mismatches = GetFiles("./tests/**/__snapshots__/__mismatch__/*.snap");
    foreach (var mismatch in mismatches)
    {
        var snapshot = mismatch.GetDirectory().GetParent().CombineWithFilePath(mismatch.GetFilename());
        if (FileExists(snapshot))
        {
            DeleteFile(snapshot);
        }

        MoveFile(mismatch, snapshot);
        Information("accepted {0}", snapshot);
    }

    DeleteDirectories(GetDirectories("./tests/**/__snapshots__/__mismatch__"), new DeleteDirectorySettings { Recursive = true });
    Information("{0} snapshot(s) accepted; new snapshots are written by a non-strict Test run. Review git diff, then commit.", mismatches.Count);
});

Task("Pack")
    .Description("Packs every project under src/ into artifacts/, a local NuGet feed: Sockt, Sockt.Emulator and the sockt tool, each .nupkg with its .snupkg. Always Release (reproducible, see Directory.Build.props), whatever --configuration says.")
    .Does(() =>
{
    CleanDirectory(artifacts);
    // Every project under src/ ships (Directory.Build.props gives them their package metadata), so a new one is
    // packed without touching this script.
    var projects = GetFiles("./src/*/*.csproj").OrderBy(project => project.FullPath, StringComparer.Ordinal).ToList();
    foreach (var project in projects)
    {
        DotNetPack(project.FullPath, new DotNetPackSettings
        {
            Configuration = "Release",
            OutputDirectory = artifacts,
        });
    }

    foreach (var package in GetFiles("./artifacts/*.nupkg").OrderBy(file => file.FullPath, StringComparer.Ordinal))
    {
        Information("packed {0}", package.GetFilename());
    }
});

Task("VerifyPackages")
    .Description("Installs what Pack wrote, as a user would, on an empty NuGet cache: a new console project in a temp folder gets Sockt and Sockt.Emulator from artifacts/ (a nuget.config beside the default feed), builds with warnings as errors and runs the Quick Start on the emulator; the sockt tool is installed with --tool-path, prints --version and its emulator answers an API call and serves the dashboard with its scripts.")
    .IsDependentOn("Pack")
    .Does(() =>
{
    var feed = MakeAbsolute(artifacts).FullPath;
    var packages = PackageCheck.ReadFeed(feed);
    var problems = packages.SelectMany(package => package.Problems()).ToList();
    foreach (var package in packages)
    {
        Information("{0} {1}{2}: {3} files", package.Id, package.Version, package.IsTool ? " (dotnet tool)" : "", package.Entries.Count);
    }

    foreach (var id in new[] { "Sockt", "Sockt.Emulator" })
    {
        if (!packages.Any(package => package.Id == id))
        {
            problems.Add("no " + id + " package in artifacts/");
        }
    }

    var tool = packages.SingleOrDefault(package => package.IsTool);
    if (tool is null && FileExists("./src/Sockt.Cli/Sockt.Cli.csproj"))
    {
        problems.Add("no dotnet tool package in artifacts/ although src/Sockt.Cli exists");
    }

    if (problems.Count > 0)
    {
        throw new Exception("The packages are incomplete:\n  " + string.Join("\n  ", problems));
    }

    var version = packages.Single(package => package.Id == "Sockt").Version;
    // Everything happens outside the repository (CI fails on a dirty tree) and goes away at the end.
    var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sockt-verify-packages-" + Guid.NewGuid().ToString("N")[..12]);
    System.IO.Directory.CreateDirectory(root);
    var environment = new Dictionary<string, string>
    {
        // An empty NuGet cache: every package comes from the feeds, as on a user's first restore.
        ["NUGET_PACKAGES"] = System.IO.Path.Combine(root, "nuget-packages"),
        ["NUGET_HTTP_CACHE_PATH"] = System.IO.Path.Combine(root, "nuget-http-cache"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        // The consumer's emulator, never a service configured in the caller's environment.
        ["SOCKT_API_URL"] = "",
        ["SOCKT_API_KEY"] = "",
        ["SOCKT_SANDBOX_TOKEN"] = "",
    };
    try
    {
        var consumer = System.IO.Path.Combine(root, "Consumer");
        RunDotNet(root, environment, "new", "console", "--name", "Consumer", "--output", consumer, "--framework", "net10.0", "--no-restore");
        // What the README's Install section tells users: the folder as a source beside the default feed.
        System.IO.File.WriteAllText(System.IO.Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="sockt-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // The README's commands: between release tags the version is a prerelease, which needs --prerelease.
        var prerelease = version.Contains('-') ? new[] { "--prerelease" } : Array.Empty<string>();
        RunDotNet(consumer, environment, new[] { "add", "package", "Sockt" }.Concat(prerelease).ToArray());
        RunDotNet(consumer, environment, new[] { "add", "package", "Sockt.Emulator" }.Concat(prerelease).ToArray());
        var references = System.IO.File.ReadAllText(System.IO.Path.Combine(consumer, "Consumer.csproj"));
        foreach (var id in new[] { "Sockt", "Sockt.Emulator" })
        {
            if (!references.Contains($"<PackageReference Include=\"{id}\" Version=\"{version}\" />", StringComparison.Ordinal))
            {
                throw new Exception($"`dotnet add package {id}` did not pick {version}:\n{references}");
            }
        }

        // The Quick Start sample and its emulator bootstrap, compiled against the packages instead of the projects,
        // and the Sockt package README's example (compiled, not run: it talks to the hosted service).
        System.IO.File.Copy("./samples/QuickStart/Program.cs", System.IO.Path.Combine(consumer, "Program.cs"), overwrite: true);
        System.IO.File.Copy("./samples/Sockt.Samples.Common/SampleHost.cs", System.IO.Path.Combine(consumer, "SampleHost.cs"));
        System.IO.File.WriteAllText(System.IO.Path.Combine(consumer, "ReadmeExample.cs"), ReadmeExampleAsMethod("./src/Sockt/README.md"));
        RunDotNet(consumer, environment, "build", "--configuration", "Release", "-warnaserror", "-p:TreatWarningsAsErrors=true");

        var output = RunDotNet(consumer, environment, "run", "--no-build", "--configuration", "Release");
        var missing = FirstMissingInOrder(string.Join("\n", output), System.IO.File.ReadAllLines("./samples/expected-output/QuickStart.txt"));
        if (missing is not null)
        {
            throw new Exception("The package consumer's output lacks: " + missing + "\n" + string.Join("\n", output));
        }

        // The SDK's User-Agent is sockt-dotnet/<this version> (AuthenticationTests); here: the DLL users get carries it.
        var sdkVersion = System.Diagnostics.FileVersionInfo.GetVersionInfo(System.IO.Path.Combine(consumer, "bin", "Release", "net10.0", "Sockt.dll")).ProductVersion ?? "";
        if (!IsVersion(sdkVersion, version))
        {
            throw new Exception("The installed Sockt.dll says version " + sdkVersion + ", the package " + version + ".");
        }

        Information("Consumer: Sockt and Sockt.Emulator {0} restored on an empty cache, built with warnings as errors, Quick Start ran.", version);

        if (tool is null)
        {
            Warning("No dotnet tool package in artifacts/ yet (src/Sockt.Cli has not landed): the tool check is skipped.");
            return;
        }

        var tools = System.IO.Path.Combine(root, "tools");
        RunDotNet(root, environment, new[] { "tool", "install", tool.Id, "--tool-path", tools, "--add-source", feed }.Concat(prerelease).ToArray());
        var command = System.IO.Path.Combine(tools, tool.CommandName);
        var printed = RunProcess(command, root, environment, 60_000, "--version");
        if (printed.Count == 0 || !IsVersion(printed[0].Trim(), version))
        {
            throw new Exception("`" + tool.CommandName + " --version` printed \"" + string.Join("\n", printed) + "\", not " + version + ".");
        }

        var answer = AnswerOfToolEmulator(command, root, environment);
        Information("Tool: {0} {1} installed with --tool-path; `{0} emulator` answered GET /v1/sandboxes/tiers and the dashboard: {2}", tool.CommandName, printed[0].Trim(), answer);
    }
    finally
    {
        DeleteDirectory(root, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
});

Task("Samples")
    .Description("Runs every sample (samples/<Name>/) on its embedded emulator and checks its output against samples/expected-output/<Name>.txt.")
    .IsDependentOn("Build")
    .Does(() =>
{
    // Each line of samples/expected-output/<Name>.txt must appear in the sample's output, in that order.
    var samples = GetFiles("./samples/*/*.csproj")
        .Where(project => project.GetFilenameWithoutExtension().ToString() != "Sockt.Samples.Common")
        .OrderBy(project => project.FullPath, StringComparer.Ordinal)
        .ToList();
    if (samples.Count == 0)
    {
        throw new Exception("No sample project under samples/.");
    }

    var failed = new List<string>();
    foreach (var project in samples)
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        var expectedFile = File("./samples/expected-output/" + name + ".txt");
        if (!FileExists(expectedFile))
        {
            Error("{0}: no {1}", name, expectedFile);
            failed.Add(name);
            continue;
        }

        var expected = System.IO.File.ReadAllLines(expectedFile).Where(line => line.Trim().Length > 0).ToList();
        var exitCode = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder().Append("run").Append("--no-build").Append("--configuration").Append(configuration).Append("--project").AppendQuoted(project.FullPath),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Timeout = 180_000,
            // The embedded emulator, never a service configured in the caller's environment. SOCKT_SAMPLE_SMOKE: a
            // sample that serves until stopped (WebTerminal) checks itself once and exits instead.
            EnvironmentVariables = new Dictionary<string, string> { ["SOCKT_API_URL"] = "", ["SOCKT_API_KEY"] = "", ["SOCKT_SANDBOX_TOKEN"] = "", ["SOCKT_SAMPLE_SMOKE"] = "1" },
        }, out var stdout, out var stderr);
        var output = string.Join("\n", stdout);
        var missing = FirstMissingInOrder(output, expected);

        if (exitCode == 0 && missing is null)
        {
            Information("{0}: ok ({1} expected lines)", name, expected.Count);
            continue;
        }

        Error("{0}: {1}", name, exitCode != 0 ? "exit code " + exitCode : "output lacks (in order): " + missing);
        Error("--- {0} stdout ---\n{1}\n--- {0} stderr ---\n{2}", name, output, string.Join("\n", stderr));
        failed.Add(name);
    }

    if (failed.Count > 0)
    {
        throw new Exception("Samples failed: " + string.Join(", ", failed));
    }

    Information("All {0} samples ran and printed what samples/expected-output/ expects.", samples.Count);
});

Task("Screenshots")
    .Description("Takes docs/images/*.png in Debian's Chromium (docs/Sockt.Screenshots). Never part of CI: look at the images, then commit them.")
    .IsDependentOn("Build")
    .Does(() =>
{
    DotNetRun(File("./docs/Sockt.Screenshots/Sockt.Screenshots.csproj").Path.FullPath, new ProcessArgumentBuilder(), new DotNetRunSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
    });
});

Task("Bench")
    .Description("Builds bench/Sockt.Benchmarks in Release and runs every case, writing bench/RESULTS.md (under 10 minutes). --quick: fewer repetitions.")
    .Does(() =>
{
    // Always Release, whatever --configuration says: BenchmarkDotNet refuses unoptimized code, and Debug numbers mean nothing.
    var benchProject = File("./bench/Sockt.Benchmarks/Sockt.Benchmarks.csproj");
    DotNetBuild(benchProject, new DotNetBuildSettings { Configuration = "Release" });
    var arguments = new ProcessArgumentBuilder()
        .Append("--out")
        .AppendQuoted(MakeAbsolute(File("./bench/RESULTS.md")).FullPath);
    if (HasArgument("quick"))
    {
        arguments.Append("--quick");
    }

    DotNetRun(benchProject, arguments, new DotNetRunSettings
    {
        Configuration = "Release",
        NoBuild = true,
        NoRestore = true,
    });
});

Task("Default")
    .IsDependentOn("Test");

// ---- Helpers of VerifyPackages and Samples ----

// Runs dotnet with these arguments; throws with its output when it fails; returns its standard output.
List<string> RunDotNet(string workingDirectory, IDictionary<string, string> environment, params string[] arguments) =>
    RunProcess("dotnet", workingDirectory, environment, 600_000, arguments);

List<string> RunProcess(string fileName, string workingDirectory, IDictionary<string, string> environment, int timeoutMilliseconds, params string[] arguments)
{
    var builder = new ProcessArgumentBuilder();
    foreach (var argument in arguments)
    {
        builder.AppendQuoted(argument);
    }

    Information("> {0} {1}", fileName, builder.Render());
    var exitCode = StartProcess(fileName, new ProcessSettings
    {
        Arguments = builder,
        WorkingDirectory = workingDirectory,
        EnvironmentVariables = environment,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        Timeout = timeoutMilliseconds,
    }, out var stdout, out var stderr);
    var output = stdout.ToList();
    if (exitCode != 0)
    {
        throw new Exception($"{fileName} {builder.Render()} exited with {exitCode}:\n{string.Join("\n", output)}\n{string.Join("\n", stderr)}");
    }

    return output;
}

// The first expected line (blank ones skipped) that does not appear in the output after the previous one, or null.
static string FirstMissingInOrder(string output, IEnumerable<string> expectedLines)
{
    var position = 0;
    foreach (var line in expectedLines.Where(line => line.Trim().Length > 0))
    {
        var found = output.IndexOf(line, position, StringComparison.Ordinal);
        if (found < 0)
        {
            return line;
        }

        position = found + line.Length;
    }

    return null;
}

// The first ```csharp block of a README (top-level statements) as the body of a method, so that it compiles
// beside the consumer's own Program.cs: the README cannot drift from the API it shows.
static string ReadmeExampleAsMethod(string readme)
{
    var lines = System.IO.File.ReadAllLines(readme);
    var start = Array.FindIndex(lines, line => line.Trim() == "```csharp");
    var end = start < 0 ? -1 : Array.FindIndex(lines, start + 1, line => line.Trim() == "```");
    if (end < 0)
    {
        throw new Exception(readme + " has no ```csharp block.");
    }

    var block = lines[(start + 1)..end];
    var usings = block.Where(line => line.StartsWith("using ", StringComparison.Ordinal));
    var body = block.Where(line => !line.StartsWith("using ", StringComparison.Ordinal));
    return string.Join("\n", usings) + "\n\ninternal static class ReadmeExample\n{\n    internal static async Task RunAsync()\n    {\n"
        + string.Join("\n", body.Select(line => "        " + line)) + "\n    }\n}\n";
}

// Whether a printed version is this package version, alone or with +build metadata (the commit).
static bool IsVersion(string printed, string packageVersion) =>
    printed == packageVersion || printed.StartsWith(packageVersion + "+", StringComparison.Ordinal);

// Starts `sockt emulator` on a free port, waits (with a deadline) for it to answer GET /v1/sandboxes/tiers, stops it
// with SIGTERM as Ctrl+C would, and returns the answer's status and length.
string AnswerOfToolEmulator(string command, string workingDirectory, IDictionary<string, string> environment)
{
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();

    var start = new System.Diagnostics.ProcessStartInfo(command)
    {
        WorkingDirectory = workingDirectory,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var argument in new[] { "emulator", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
    {
        start.ArgumentList.Add(argument);
    }

    foreach (var variable in environment)
    {
        start.Environment[variable.Key] = variable.Value;
    }

    var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
    using var process = new System.Diagnostics.Process { StartInfo = start };
    process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
    process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
    Information("> {0} emulator --port {1}", command, port);
    process.Start();
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        using var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new Exception($"`sockt emulator` exited with {process.ExitCode} before answering:\n{string.Join("\n", output)}");
            }

            try
            {
                using var response = http.GetAsync($"http://127.0.0.1:{port}/v1/sandboxes/tiers").GetAwaiter().GetResult();
                var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode && body.Contains("\"tiers\"", StringComparison.Ordinal))
                {
                    return $"{(int)response.StatusCode}, {body.Length} bytes of tiers; " + DashboardOfToolEmulator(http, port);
                }

                throw new Exception($"`sockt emulator` answered {(int)response.StatusCode}: {body}");
            }
            catch (System.Net.Http.HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
            catch (System.Net.Http.HttpRequestException exception)
            {
                throw new Exception($"`sockt emulator` did not answer within 60 s ({exception.Message}):\n{string.Join("\n", output)}");
            }

            System.Threading.Thread.Sleep(200);
        }
    }
    finally
    {
        if (!process.HasExited)
        {
            StartProcess("kill", new ProcessSettings { Arguments = "-TERM " + process.Id });
            if (!process.WaitForExit(30_000))
            {
                Warning("`sockt emulator` ignored SIGTERM for 30 s; killing it.");
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }
}

// The packed emulator serves its dashboard: the sign-in page at / and the scripts embedded at build time (npm ci).
string DashboardOfToolEmulator(System.Net.Http.HttpClient http, int port)
{
    var sizes = new List<string>();
    foreach (var (path, expected) in new[] { ("/", "action=\"/dashboard/login\""), ("/dashboard/static/dashboard.js", "SocktTerminal.attach"), ("/dashboard/static/sockt-terminal.js", "SocktTerminal"), ("/dashboard/static/xterm.js", "Terminal") })
    {
        using var response = http.GetAsync($"http://127.0.0.1:{port}{path}").GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode || !body.Contains(expected, StringComparison.Ordinal))
        {
            throw new Exception($"`sockt emulator` answered {(int)response.StatusCode} with {body.Length} bytes for GET {path} (expected 200 containing {expected}): the dashboard is not in the package");
        }

        sizes.Add($"{path} {body.Length} bytes");
    }

    return "dashboard: " + string.Join(", ", sizes);
}

// One .nupkg of the feed, read without extracting it: what VerifyPackages checks before installing anything.
sealed class PackageCheck
{
    public string Id { get; init; }
    public string Version { get; init; }
    public string FileName { get; init; }
    public bool IsTool { get; init; }
    public string CommandName { get; init; }
    public bool HasSymbols { get; init; }
    public System.Xml.Linq.XElement Metadata { get; init; }
    public List<string> Entries { get; init; }

    public static List<PackageCheck> ReadFeed(string feed) =>
        System.IO.Directory.GetFiles(feed, "*.nupkg").OrderBy(path => path, StringComparer.Ordinal).Select(Read).ToList();

    static PackageCheck Read(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(entry => entry.FullName).ToList();
        var nuspec = zip.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !entry.FullName.Contains('/'));
        System.Xml.Linq.XElement metadata;
        using (var stream = nuspec.Open())
        {
            metadata = System.Xml.Linq.XDocument.Load(stream).Root.Elements().Single(element => element.Name.LocalName == "metadata");
        }

        string Value(string name) => metadata.Elements().FirstOrDefault(element => element.Name.LocalName == name)?.Value;
        var isTool = metadata.Descendants().Any(element => element.Name.LocalName == "packageType" && (string)element.Attribute("name") == "DotnetTool");
        string commandName = null;
        if (isTool)
        {
            var settings = zip.Entries.Single(entry => entry.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
            using var stream = settings.Open();
            commandName = (string)System.Xml.Linq.XDocument.Load(stream).Descendants().First(element => element.Name.LocalName == "Command").Attribute("Name");
        }

        return new PackageCheck
        {
            Id = Value("id"),
            Version = Value("version"),
            FileName = System.IO.Path.GetFileName(path),
            IsTool = isTool,
            CommandName = commandName,
            HasSymbols = System.IO.File.Exists(System.IO.Path.ChangeExtension(path, ".snupkg")),
            Metadata = metadata,
            Entries = entries,
        };
    }

    // What a team looks at before adopting a package.
    public IEnumerable<string> Problems()
    {
        string Value(string name) => Metadata.Elements().FirstOrDefault(element => element.Name.LocalName == name)?.Value;
        if (!Entries.Contains("README.md") || Value("readme") != "README.md")
        {
            yield return FileName + ": no README.md";
        }

        if (!Entries.Contains("LICENSE") || Value("license") != "MIT")
        {
            yield return FileName + ": no LICENSE file or MIT license expression";
        }

        foreach (var name in new[] { "description", "projectUrl", "tags", "authors" })
        {
            if (string.IsNullOrWhiteSpace(Value(name)))
            {
                yield return FileName + ": no " + name;
            }
        }

        var repository = Metadata.Elements().FirstOrDefault(element => element.Name.LocalName == "repository");
        if (string.IsNullOrEmpty((string)repository?.Attribute("url")) || string.IsNullOrEmpty((string)repository?.Attribute("commit")))
        {
            yield return FileName + ": no repository URL and commit";
        }

        if (!HasSymbols)
        {
            yield return FileName + ": no .snupkg beside it";
        }

        if (!IsTool)
        {
            foreach (var file in new[] { $"lib/net10.0/{Id}.dll", $"lib/net10.0/{Id}.xml" })
            {
                if (!Entries.Contains(file))
                {
                    yield return FileName + ": no " + file;
                }
            }
        }
    }
}

RunTarget(target);
