// Build script for Sockt for .NET. Run: dotnet tool restore && dotnet cake --target=<Target>
// Targets: Clean, Restore, Generate, Build, Test (default), CheckGenerated, AcceptSnapshots, Pack, Samples, Bench.
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
    .Description("Packs the Sockt SDK into artifacts/.")
    .IsDependentOn("Build")
    .Does(() =>
{
    DotNetPack(sdkProject, new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = artifacts,
    });
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
            // The embedded emulator, never a service configured in the caller's environment.
            EnvironmentVariables = new Dictionary<string, string> { ["SOCKT_API_URL"] = "", ["SOCKT_API_KEY"] = "", ["SOCKT_SANDBOX_TOKEN"] = "" },
        }, out var stdout, out var stderr);
        var output = string.Join("\n", stdout);
        var position = 0;
        string missing = null;
        foreach (var line in expected)
        {
            var found = output.IndexOf(line, position, StringComparison.Ordinal);
            if (found < 0)
            {
                missing = line;
                break;
            }

            position = found + line.Length;
        }

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

RunTarget(target);
