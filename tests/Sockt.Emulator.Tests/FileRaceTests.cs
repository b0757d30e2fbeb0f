using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>
/// A process in the sandbox that swaps a directory for a symbolic link after the path was checked and before it is
/// opened must not redirect the file API outside the home. The hook opens exactly that window, so the swap is
/// deterministic.
/// </summary>
internal sealed class FileRaceTests : EmulatorTestBase
{
    private Func<string, Task>? onResolved;
    private string sandbox = null!;
    private string outside = null!;

    protected override void Configure(SocktEmulatorOptions options) =>
        options.FilePathResolvedHook = path => onResolved?.Invoke(path) ?? Task.CompletedTask;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync()
    {
        sandbox = await NewSandboxAsync();
        outside = Directory.CreateTempSubdirectory("sockt-outside-").FullName;
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "host secret");
    }

    [OneTimeTearDown]
    public void RemoveOutside() => Directory.Delete(outside, recursive: true);

    [TearDown]
    public void ClearHook() => onResolved = null;

    private string Files => $"/v1/sandboxes/{sandbox}/files";

    private string Home => Path.Combine(Emulator.DataDirectory, "sandboxes", sandbox, "home");

    /// <summary>Once the API has resolved a path, replaces the real directory <paramref name="name"/> with a link to <paramref name="target"/>.</summary>
    private async Task SwapAfterResolveAsync(string name, string target)
    {
        var made = await Api.RunAsync(sandbox, Key, $"rm -rf {name} && mkdir -p {name}/sub && echo inside > {name}/secret.txt");
        Assert.That(made.ExitCode, Is.EqualTo(0));
        onResolved = _ =>
        {
            onResolved = null;
            Directory.Delete(Path.Combine(Home, name), recursive: true);
            File.CreateSymbolicLink(Path.Combine(Home, name), target);
            return Task.CompletedTask;
        };
    }

    [TestCase("absolute")]
    [TestCase("relative")]
    public async Task A_component_swapped_for_a_link_before_a_write_is_refused(string kind)
    {
        await SwapAfterResolveAsync("w-" + kind, LinkTarget(kind));

        var write = await Api.PostAsync(Files + "/write", Key, new { path = $"w-{kind}/planted.txt", content = "x", create_dirs = false });

        Assert.That((write.Code, write.ErrorCode), Is.EqualTo((400, "bad_request")), write.ToString());
        Assert.That(File.Exists(Path.Combine(outside, "planted.txt")), Is.False);
    }

    [Test]
    public async Task A_component_swapped_for_a_link_while_creating_directories_is_refused()
    {
        await SwapAfterResolveAsync("w-dirs", outside);

        var write = await Api.PostAsync(Files + "/write", Key, new { path = "w-dirs/new/deeper/planted.txt", content = "x", create_dirs = true });

        Assert.That((write.Code, write.ErrorCode), Is.EqualTo((400, "bad_request")), write.ToString());
        Assert.That(Directory.Exists(Path.Combine(outside, "new")), Is.False);
    }

    [TestCase("absolute")]
    [TestCase("relative")]
    public async Task A_component_swapped_for_a_link_before_a_read_is_refused(string kind)
    {
        await SwapAfterResolveAsync("r-" + kind, LinkTarget(kind));

        var read = await Api.PostAsync(Files + "/read", Key, new { path = $"r-{kind}/secret.txt" });

        Assert.That((read.Code, read.ErrorCode), Is.EqualTo((400, "bad_request")), read.ToString());
    }

    [Test]
    public async Task A_directory_swapped_for_a_link_before_a_listing_is_refused()
    {
        await SwapAfterResolveAsync("l-dir", outside);

        var list = await Api.GetAsync(Files + "?path=l-dir", Key);

        Assert.That((list.Code, list.ErrorCode), Is.EqualTo((400, "bad_request")), list.ToString());
    }

    /// <summary>A link to the outside directory, as an absolute host path or relative to the home.</summary>
    private string LinkTarget(string kind) => kind == "absolute" ? outside : Path.GetRelativePath(Home, outside);
}
