using System.Text;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class FileTests : EmulatorTestBase
{
    private string sandbox = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => sandbox = await NewSandboxAsync();

    private string Files => $"/v1/sandboxes/{sandbox}/files";

    [Test]
    public async Task Utf8_write_then_read_round_trips_and_commands_see_the_file()
    {
        var written = await Api.PostAsync(Files + "/write", Key, new { path = "eval.py", content = "print('héllo ✓')", encoding = "utf8", create_dirs = true });
        var read = await Api.PostAsync(Files + "/read", Key, new { path = "eval.py" });
        var seen = await Api.RunAsync(sandbox, Key, "cat eval.py");

        Assert.That((written.Code, written.Str("path"), written.Long("bytes_written"), written["created_dirs"].GetValue<bool>()), Is.EqualTo((200, "/home/sandbox/eval.py", (long)Encoding.UTF8.GetByteCount("print('héllo ✓')"), false)));
        Assert.Multiple(() =>
        {
            Assert.That(read.Str("content"), Is.EqualTo("print('héllo ✓')"));
            Assert.That(read.Str("path"), Is.EqualTo("/home/sandbox/eval.py"));
            Assert.That(read.Str("encoding"), Is.EqualTo("utf8"));
            Assert.That(read["truncated"].GetValue<bool>(), Is.False);
            Assert.That(read.Long("size_bytes"), Is.EqualTo(written.Long("bytes_written")));
            Assert.That(read.Long("size"), Is.EqualTo(written.Long("bytes_written")));
            Assert.That(seen.Stdout, Is.EqualTo("print('héllo ✓')"));
        });
    }

    [Test]
    public async Task Base64_is_binary_safe_in_both_directions()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 0, 0xff, 0xfe, 0x80 }).ToArray();

        var written = await Api.PostAsync(Files + "/write", Key, new { path = "bin/all.bin", content = Convert.ToBase64String(bytes), encoding = "base64", create_dirs = true });
        var read = await Api.PostAsync(Files + "/read", Key, new { path = "/home/sandbox/bin/all.bin", encoding = "base64" });
        var checksum = await Api.RunAsync(sandbox, Key, "wc -c < bin/all.bin");

        Assert.That(written.Long("bytes_written"), Is.EqualTo(bytes.Length));
        Assert.That(written["created_dirs"].GetValue<bool>(), Is.True);
        Assert.That(Convert.FromBase64String(read.Str("content")), Is.EqualTo(bytes));
        Assert.That(read.Str("encoding"), Is.EqualTo("base64"));
        Assert.That(checksum.Stdout.Trim(), Is.EqualTo(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Megabytes_of_random_bytes_round_trip()
    {
        var bytes = new byte[3 * 1024 * 1024];
        new Random(42).NextBytes(bytes);

        var written = await Api.PostAsync(Files + "/write", Key, new { path = "big/random.bin", content = Convert.ToBase64String(bytes), encoding = "base64", create_dirs = true });
        var read = await Api.PostAsync(Files + "/read", Key, new { path = "big/random.bin", encoding = "base64" });
        var hash = await Api.RunAsync(sandbox, Key, "sha256sum big/random.bin | cut -d' ' -f1");

        Assert.That(written.Long("bytes_written"), Is.EqualTo(bytes.Length));
        Assert.That(Convert.FromBase64String(read.Str("content")), Is.EqualTo(bytes));
        Assert.That(hash.Stdout.Trim(), Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
    }

    [Test]
    public async Task Files_written_by_commands_can_be_read_as_base64()
    {
        await Api.RunAsync(sandbox, Key, "printf '\\x00\\x01\\xff' > made.bin");

        var read = await Api.PostAsync(Files + "/read", Key, new { path = "made.bin", encoding = "base64" });

        Assert.That(Convert.FromBase64String(read.Str("content")), Is.EqualTo(new byte[] { 0, 1, 0xff }));
    }

    [Test]
    public async Task Max_bytes_truncates_and_says_so()
    {
        await Api.PostAsync(Files + "/write", Key, new { path = "long.txt", content = "0123456789", create_dirs = true });

        var read = await Api.PostAsync(Files + "/read", Key, new { path = "long.txt", max_bytes = 4 });
        var exact = await Api.PostAsync(Files + "/read", Key, new { path = "long.txt", max_bytes = 10 });

        Assert.That((read.Str("content"), read["truncated"].GetValue<bool>(), read.Long("size_bytes")), Is.EqualTo(("0123", true, 10L)));
        Assert.That((exact.Str("content"), exact["truncated"].GetValue<bool>()), Is.EqualTo(("0123456789", false)));
    }

    [Test]
    public async Task Create_dirs_false_refuses_a_missing_parent()
    {
        var refused = await Api.PostAsync(Files + "/write", Key, new { path = "no/such/dir/f.txt", content = "x", create_dirs = false });
        var listed = await Api.GetAsync(Files + "?path=no", Key);

        Assert.That((refused.Code, refused.ErrorCode), Is.EqualTo((404, "not_found")));
        Assert.That(listed.Code, Is.EqualTo(404), "nothing was created");
    }

    [Test]
    public async Task Listing_includes_dotfiles_and_describes_entries()
    {
        await Api.RunAsync(sandbox, Key, "mkdir -p listing/src && printf 'hello' > listing/a.txt && touch listing/.hidden");

        var listed = await Api.GetAsync(Files + "?path=listing", Key);
        var entries = listed["entries"].AsArray().ToDictionary(e => e!["name"]!.GetValue<string>());

        Assert.That(entries.Keys, Is.EquivalentTo(new[] { ".hidden", "a.txt", "src" }));
        Assert.That(listed.Long("total_entries"), Is.EqualTo(3));
        Assert.That((entries["a.txt"]!["size"]!.GetValue<long>(), entries["a.txt"]!["is_file"]!.GetValue<bool>(), entries["a.txt"]!["is_dir"]!.GetValue<bool>()), Is.EqualTo((5L, true, false)));
        Assert.That((entries["src"]!["is_dir"]!.GetValue<bool>(), entries["src"]!["is_file"]!.GetValue<bool>()), Is.EqualTo((true, false)));
        Assert.That(entries["a.txt"]!["mod_ts"]!.GetValue<long>(), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(300));
    }

    [Test]
    public async Task Names_that_are_not_utf8_are_listed_with_a_replacement_character()
    {
        await Api.RunAsync(sandbox, Key, "mkdir -p odd && printf 'abc' > odd/$'bad\\xffname'");

        var listed = await Api.GetAsync(Files + "?path=odd", Key);

        Assert.That(listed["entries"].AsArray().Select(e => (e!["name"]!.GetValue<string>(), e["size"]!.GetValue<long>())), Is.EqualTo(new[] { ("bad\uFFFDname", 3L) }));
    }

    [Test]
    public async Task A_fifo_is_refused_for_read_and_write_without_hanging()
    {
        await Api.RunAsync(sandbox, Key, "mkfifo pipe");

        var read = await Api.PostAsync(Files + "/read", Key, new { path = "pipe" });
        var write = await Api.PostAsync(Files + "/write", Key, new { path = "pipe", content = "x" });

        Assert.That((read.Code, read.ErrorCode), Is.EqualTo((400, "invalid_params")), read.ToString());
        Assert.That((write.Code, write.ErrorCode), Is.EqualTo((400, "invalid_params")), write.ToString());
    }

    [Test]
    public async Task Home_listing_shows_the_bashrc_like_the_cli_expects()
    {
        var byDefault = await Api.GetAsync(Files, Key);
        var dot = await Api.GetAsync(Files + "?path=.", Key);
        var absolute = await Api.GetAsync(Files + "?path=/home/sandbox", Key);

        Assert.That(byDefault["entries"].AsArray().Select(e => e!["name"]!.GetValue<string>()), Does.Contain(".bashrc"));
        Assert.That(dot.Text, Is.EqualTo(byDefault.Text));
        Assert.That(absolute.Text, Is.EqualTo(byDefault.Text));
    }

    [Test]
    public async Task Recursive_listing_uses_relative_names_and_honours_max_depth()
    {
        await Api.RunAsync(sandbox, Key, "mkdir -p tree/a/b/c && touch tree/top tree/a/one tree/a/b/two tree/a/b/c/three");

        var all = await Api.GetAsync(Files + "?path=tree&recursive=true", Key);
        var shallow = await Api.GetAsync(Files + "?path=tree&recursive=true&max_depth=1", Key);
        var flat = await Api.GetAsync(Files + "?path=tree&recursive=false", Key);

        Assert.That(Names(all), Is.EqualTo(new[] { "a", "a/b", "a/b/c", "a/b/c/three", "a/b/two", "a/one", "top" }));
        Assert.That(Names(shallow), Is.EqualTo(new[] { "a", "a/b", "a/one", "top" }));
        Assert.That(Names(flat), Is.EqualTo(new[] { "a", "top" }));

        static IEnumerable<string> Names(ApiResponse r) => r["entries"].AsArray().Select(e => e!["name"]!.GetValue<string>());
    }

    [TestCase("../outside.txt")]
    [TestCase("a/../../outside.txt")]
    [TestCase("/etc/passwd")]
    [TestCase("/home/sandbox/../../etc/passwd")]
    [TestCase("/home/sandboxes/x")]
    [TestCase("nul\u0000byte")]
    public async Task Paths_leaving_the_home_are_refused_with_bad_request(string path)
    {
        var write = await Api.PostAsync(Files + "/write", Key, new { path, content = "x", create_dirs = true });
        var read = await Api.PostAsync(Files + "/read", Key, new { path });
        var list = await Api.GetAsync(Files + "?path=" + Uri.EscapeDataString(path), Key);

        Assert.That((write.Code, write.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That((read.Code, read.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That((list.Code, list.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That(File.Exists(Path.Combine(Emulator.DataDirectory, "sandboxes", sandbox, "outside.txt")), Is.False);
    }

    [Test]
    public async Task Symlinks_pointing_outside_the_home_are_refused()
    {
        await Api.RunAsync(sandbox, Key, "ln -sfn /etc etc-link; ln -sfn /etc/hostname host-link; ln -sfn ../../.. up-link; mkdir -p inside && ln -sfn /home/sandbox/inside in-link");

        var readThrough = await Api.PostAsync(Files + "/read", Key, new { path = "host-link" });
        var readDir = await Api.PostAsync(Files + "/read", Key, new { path = "etc-link/passwd" });
        var writeThrough = await Api.PostAsync(Files + "/write", Key, new { path = "etc-link/evil", content = "x", create_dirs = true });
        var listUp = await Api.GetAsync(Files + "?path=up-link", Key);
        var insideWrite = await Api.PostAsync(Files + "/write", Key, new { path = "in-link/ok.txt", content = "fine", create_dirs = true });
        var listed = await Api.GetAsync(Files + "?path=.&recursive=true", Key);

        Assert.That((readThrough.Code, readThrough.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That((readDir.Code, readDir.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That((writeThrough.Code, writeThrough.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That((listUp.Code, listUp.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That((insideWrite.Code, insideWrite.Str("path")), Is.EqualTo((200, "/home/sandbox/inside/ok.txt")), "links inside the home work");
        Assert.That(listed["entries"].AsArray().Select(e => e!["name"]!.GetValue<string>()), Has.None.StartsWith("etc-link/"), "listings never follow links");
    }

    [Test]
    public async Task Bad_file_requests_get_400_invalid_params()
    {
        var badBase64 = await Api.PostAsync(Files + "/write", Key, new { path = "x.bin", content = "***not base64***", encoding = "base64", create_dirs = true });
        var badEncoding = await Api.PostAsync(Files + "/write", Key, new { path = "x.txt", content = "x", encoding = "latin1", create_dirs = true });
        var noPath = await Api.PostAsync(Files + "/write", Key, new { content = "x", create_dirs = true });
        var emptyPath = await Api.PostAsync(Files + "/read", Key, new { path = "" });
        var negative = await Api.PostAsync(Files + "/read", Key, new { path = ".bashrc", max_bytes = -1 });
        var dirRead = await Api.PostAsync(Files + "/read", Key, new { path = "." });
        var badDepth = await Api.GetAsync(Files + "?path=.&recursive=true&max_depth=-1", Key);
        var badRecursive = await Api.GetAsync(Files + "?path=.&recursive=maybe", Key);
        var missing = await Api.PostAsync(Files + "/read", Key, new { path = "missing.txt" });

        Assert.Multiple(() =>
        {
            Assert.That((badBase64.Code, badBase64.ErrorCode), Is.EqualTo((400, "invalid_params")));
            Assert.That(badBase64.Str("message"), Does.Contain("base64"));
            Assert.That((badEncoding.Code, badEncoding.ErrorCode), Is.EqualTo((400, "invalid_params")));
            Assert.That((noPath.Code, noPath.ErrorCode), Is.EqualTo((400, "invalid_params")));
            Assert.That((emptyPath.Code, emptyPath.ErrorCode), Is.EqualTo((400, "invalid_params")));
            Assert.That((negative.Code, negative.ErrorCode), Is.EqualTo((400, "invalid_params")));
            Assert.That((dirRead.Code, dirRead.ErrorCode), Is.EqualTo((400, "invalid_params")));
            Assert.That((badDepth.Code, badDepth.ErrorCode), Is.EqualTo((400, "invalid_params")));
            Assert.That((badRecursive.Code, badRecursive.ErrorCode), Is.EqualTo((400, "invalid_params")));
            Assert.That((missing.Code, missing.ErrorCode), Is.EqualTo((404, "not_found")));
        });
    }
}
