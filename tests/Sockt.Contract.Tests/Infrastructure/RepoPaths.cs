namespace Sockt.Contract.Tests.Infrastructure;

/// <summary>Locates files of the repository from the test binaries (bin/ lives inside the clone).</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Spec => Path.Combine(Root, "spec", "sockt.openapi.yaml");

    public static string TestData(params string[] parts) =>
        Path.Combine([Root, "tests", "Sockt.Contract.Tests", "TestData", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sockt.Generated.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Sockt.Generated.sln above {AppContext.BaseDirectory}.");
    }
}
