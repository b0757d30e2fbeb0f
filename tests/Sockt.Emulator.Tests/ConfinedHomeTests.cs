using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Tests;

/// <summary>The kernel-confined lookups on their own, without the path check in front of them.</summary>
internal sealed class ConfinedHomeTests
{
    private string home = null!;
    private string outside = null!;

    [SetUp]
    public void CreateDirectories()
    {
        home = Directory.CreateTempSubdirectory("sockt-home-").FullName;
        outside = Directory.CreateTempSubdirectory("sockt-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "host secret");
        Directory.CreateDirectory(Path.Combine(home, "real"));
        File.CreateSymbolicLink(Path.Combine(home, "abs"), outside);
        File.CreateSymbolicLink(Path.Combine(home, "rel"), Path.GetRelativePath(home, outside));
        File.CreateSymbolicLink(Path.Combine(home, "inside"), "real");
    }

    [TearDown]
    public void RemoveDirectories()
    {
        Directory.Delete(home, recursive: true);
        Directory.Delete(outside, recursive: true);
    }

    [TestCase("abs/secret.txt")]
    [TestCase("rel/secret.txt")]
    [TestCase("real/../../" + "x")]
    public void Opens_that_would_leave_the_home_fail_as_escapes(string path)
    {
        using var confined = ConfinedHome.Open(home);

        var errno = confined.TryOpen(path, ConfinedNative.ORdOnly, out var file);
        file.Dispose();

        Assert.That(ConfinedHome.IsEscape(errno), Is.True, $"errno {errno}");
    }

    [Test]
    public void Links_that_stay_inside_are_followed()
    {
        File.WriteAllText(Path.Combine(home, "real", "ok.txt"), "fine");
        using var confined = ConfinedHome.Open(home);

        var errno = confined.TryOpen("inside/ok.txt", ConfinedNative.ORdOnly, out var file);
        using (file)
        {
            Assert.That(errno, Is.Zero);
        }
    }

    [TestCase("abs/new/deeper")]
    [TestCase("rel/new")]
    [TestCase("real/new/../../abs/x")]
    public void Creating_directories_never_goes_through_a_link(string path)
    {
        using var confined = ConfinedHome.Open(home);

        var errno = confined.TryCreateDirectories(path, out var directory, out _);
        directory.Dispose();

        Assert.That(errno, Is.Not.Zero);
        Assert.That(Directory.EnumerateFileSystemEntries(outside).Select(Path.GetFileName), Is.EqualTo(new[] { "secret.txt" }));
    }

    [Test]
    public void Creating_directories_reports_whether_it_made_any()
    {
        using var confined = ConfinedHome.Open(home);

        var first = confined.TryCreateDirectories("real/a/b", out var made, out var createdFirst);
        made.Dispose();
        var second = confined.TryCreateDirectories("real/a/b", out var again, out var createdSecond);
        again.Dispose();

        Assert.That((first, createdFirst, second, createdSecond), Is.EqualTo((0, true, 0, false)));
        Assert.That(Directory.Exists(Path.Combine(home, "real", "a", "b")), Is.True);
    }

    [Test]
    public void A_file_is_never_created_through_a_final_link()
    {
        File.CreateSymbolicLink(Path.Combine(home, "real", "leaf"), Path.Combine(outside, "planted.txt"));
        using var confined = ConfinedHome.Open(home);
        Assert.That(confined.TryOpenDirectory("real", out var parent), Is.Zero);

        using (parent)
        {
            var errno = ConfinedHome.TryCreateFile(parent, "leaf", out var file);
            file.Dispose();

            Assert.That(ConfinedHome.IsEscape(errno), Is.True, $"errno {errno}");
        }

        Assert.That(File.Exists(Path.Combine(outside, "planted.txt")), Is.False);
    }
}
