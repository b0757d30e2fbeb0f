using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>Links planted inside the home that point outside it are refused for read, write and list, and never followed by listings.</summary>
internal sealed class FileSymlinkTests : EmulatorTestBase
{
    private string sandbox = null!;
    private string outside = null!;

    [OneTimeSetUp]
    public async Task PlantLinksAsync()
    {
        sandbox = await NewSandboxAsync();
        outside = Directory.CreateTempSubdirectory("sockt-outside-").FullName;
        Directory.CreateDirectory(Path.Combine(outside, "sub"));
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "host secret");
        // Planted from the host, the way a process in the sandbox would leave them.
        File.CreateSymbolicLink(Path.Combine(Home, "abs-dir"), outside);
        File.CreateSymbolicLink(Path.Combine(Home, "rel-dir"), Path.GetRelativePath(Home, outside));
        File.CreateSymbolicLink(Path.Combine(Home, "abs-file"), Path.Combine(outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(Home, "rel-file"), Path.GetRelativePath(Home, Path.Combine(outside, "secret.txt")));
        Directory.CreateDirectory(Path.Combine(Home, "nest"));
        File.CreateSymbolicLink(Path.Combine(Home, "nest", "up"), "../..");
    }

    [OneTimeTearDown]
    public void RemoveOutside() => Directory.Delete(outside, recursive: true);

    private string Files => $"/v1/sandboxes/{sandbox}/files";

    private string Home => Path.Combine(Emulator.DataDirectory, "sandboxes", sandbox, "home");

    [TestCase("abs-file")]
    [TestCase("rel-file")]
    [TestCase("abs-dir/secret.txt")]
    [TestCase("rel-dir/secret.txt")]
    [TestCase("nest/up/home/abs-file")]
    public async Task Reads_through_an_outward_link_are_refused(string path)
    {
        var read = await Api.PostAsync(Files + "/read", Key, new { path });

        Assert.That((read.Code, read.ErrorCode), Is.EqualTo((400, "bad_request")), read.ToString());
    }

    [TestCase("abs-file", false)]
    [TestCase("rel-file", false)]
    [TestCase("abs-dir/planted.txt", false)]
    [TestCase("rel-dir/planted.txt", false)]
    [TestCase("abs-dir/new/deeper/planted.txt", true)]
    [TestCase("rel-dir/sub/new/planted.txt", true)]
    [TestCase("nest/up/planted.txt", true)]
    public async Task Writes_through_an_outward_link_are_refused_and_create_nothing(string path, bool createDirs)
    {
        var write = await Api.PostAsync(Files + "/write", Key, new { path, content = "x", create_dirs = createDirs });

        Assert.That((write.Code, write.ErrorCode), Is.EqualTo((400, "bad_request")), write.ToString());
        Assert.That(File.ReadAllText(Path.Combine(outside, "secret.txt")), Is.EqualTo("host secret"));
        Assert.That(Directory.EnumerateFileSystemEntries(outside).Select(Path.GetFileName), Is.EquivalentTo(new[] { "secret.txt", "sub" }));
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(outside, "sub")), Is.Empty);
    }

    [TestCase("abs-dir")]
    [TestCase("rel-dir")]
    [TestCase("abs-dir/sub")]
    [TestCase("nest/up")]
    public async Task Listings_through_an_outward_link_are_refused(string path)
    {
        var list = await Api.GetAsync(Files + "?path=" + Uri.EscapeDataString(path), Key);

        Assert.That((list.Code, list.ErrorCode), Is.EqualTo((400, "bad_request")), list.ToString());
    }

    [Test]
    public async Task Recursive_listings_show_links_without_following_them()
    {
        var list = await Api.GetAsync(Files + "?path=.&recursive=true", Key);
        var entries = list["entries"].AsArray().ToDictionary(e => e!["name"]!.GetValue<string>());

        Assert.That(entries.Keys, Is.SupersetOf(new[] { "abs-dir", "rel-dir", "abs-file", "rel-file", "nest", "nest/up" }));
        Assert.That(entries.Keys, Has.None.Contains("secret.txt").And.None.StartWith("nest/up/"));
        Assert.That((entries["abs-dir"]!["is_dir"]!.GetValue<bool>(), entries["abs-dir"]!["is_file"]!.GetValue<bool>()), Is.EqualTo((false, false)));
        Assert.That(entries["abs-dir"]!["size"]!.GetValue<long>(), Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(outside)), "a link's size is the length of its target");
    }
}
