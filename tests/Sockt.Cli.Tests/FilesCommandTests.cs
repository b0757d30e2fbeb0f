using System.Text;
using Newtonsoft.Json.Linq;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary>files write/read/ls/put/get: binary safety through pipes, encodings, limits, directory trees.</summary>
public sealed class FilesCommandTests : CliTestBase
{
    private Sandbox sandbox = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => sandbox = await RunningSandboxAsync();

    [Test]
    public async Task Binary_bytes_round_trip_through_stdin_and_stdout_pipes()
    {
        var bytes = new byte[300_000];
        new Random(13).NextBytes(bytes);
        for (var i = 0; i < 256; i++)
        {
            bytes[i] = (byte)i; // every byte value, NUL and invalid UTF-8 included
        }

        var written = await RunAsync(["files", "write", sandbox.Id, "/home/sandbox/blob.bin"], bytes, UserEnvironment());
        var read = await RunOkAsync("files", "read", sandbox.Id, "blob.bin");
        Assert.Multiple(() =>
        {
            Assert.That(written.ExitCode, Is.Zero, written.ToString());
            Assert.That(written.Stdout, Is.Empty);
            Assert.That(written.Stderr, Is.EqualTo($"Written /home/sandbox/blob.bin ({bytes.Length} bytes)\n"));
            Assert.That(read.StdoutBytes, Is.EqualTo(bytes));
            Assert.That(read.Stderr, Is.Empty);
        });
    }

    [Test]
    public async Task File_flag_uploads_a_local_file()
    {
        var local = Path.Combine(TestContext.CurrentContext.WorkDirectory, "upload-" + Guid.NewGuid().ToString("N") + ".py");
        await File.WriteAllTextAsync(local, "print('hello')\n");
        try
        {
            await RunOkAsync("files", "write", sandbox.Id, "/home/sandbox/main.py", "--file", local);
            var exec = await RunOkAsync("exec", sandbox.Id, "cat main.py");
            Assert.That(exec.Stdout, Is.EqualTo("print('hello')\n"));
        }
        finally
        {
            File.Delete(local);
        }
    }

    [Test]
    public async Task Base64_encoding_in_both_directions_and_max_bytes()
    {
        var content = "héllo wörld\n"u8.ToArray();
        var base64 = Convert.ToBase64String(content);
        await RunAsync(["files", "write", sandbox.Id, "b64.txt", "--encoding", "base64"], Encoding.ASCII.GetBytes(base64 + "\n"), UserEnvironment());
        var asBase64 = await RunOkAsync("files", "read", sandbox.Id, "b64.txt", "--encoding", "base64");
        var raw = await RunOkAsync("files", "read", sandbox.Id, "b64.txt");
        var limited = await RunOkAsync("files", "read", sandbox.Id, "b64.txt", "--max-bytes", "3");
        Assert.Multiple(() =>
        {
            Assert.That(Convert.FromBase64String(asBase64.Stdout.Trim()), Is.EqualTo(content));
            Assert.That(raw.StdoutBytes, Is.EqualTo(content));
            Assert.That(limited.StdoutBytes, Is.EqualTo(content[..3]));
        });
    }

    [Test]
    public async Task Ls_prints_type_size_name_recursively_with_a_depth_limit()
    {
        await sandbox.ExecAsync("mkdir -p tree/a/b && printf 12345 > tree/top.txt && printf x > tree/a/mid.txt && printf y > tree/a/b/deep.txt");
        var flat = await RunOkAsync("files", "ls", sandbox.Id, "tree");
        var recursive = await RunOkAsync("files", "ls", sandbox.Id, "tree", "--recursive");
        var shallow = await RunOkAsync("files", "ls", sandbox.Id, "tree", "-r", "--max-depth", "1");
        var json = (JArray)await RunJsonAsync("files", "ls", sandbox.Id, "tree");
        Assert.Multiple(() =>
        {
            Assert.That(flat.Stdout.Split('\n')[0], Does.Match(@"^TYPE\s+SIZE\s+NAME$"));
            Assert.That(flat.Stdout, Does.Match(@"\n-\s+5\s+top\.txt\n"));
            Assert.That(flat.Stdout, Does.Match(@"\nd\s+\d+\s+a\n"));
            Assert.That(flat.Stdout, Does.Not.Contain("mid.txt"));
            Assert.That(recursive.Stdout, Does.Contain("deep.txt"));
            Assert.That(shallow.Stdout, Does.Contain("mid.txt").And.Not.Contain("deep.txt"));
            Assert.That(json.Select(e => (string?)e["name"]), Is.EquivalentTo(new[] { "a", "top.txt" }));
        });
    }

    [Test]
    public async Task Put_and_get_copy_a_directory_tree_both_ways()
    {
        var root = Path.Combine(TestContext.CurrentContext.WorkDirectory, "tree-" + Guid.NewGuid().ToString("N"));
        var source = Directory.CreateDirectory(Path.Combine(root, "source")).FullName;
        Directory.CreateDirectory(Path.Combine(source, "sub", "deeper"));
        var big = new byte[1_500_000];
        new Random(7).NextBytes(big);
        await File.WriteAllBytesAsync(Path.Combine(source, "big.bin"), big);
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "a.txt"), "alpha");
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "deeper", "b.txt"), "beta");
        try
        {
            var put = await RunOkAsync("files", "put", sandbox.Id, source, "/home/sandbox/copied");
            var remote = await sandbox.ExecAsync("cat copied/sub/a.txt copied/sub/deeper/b.txt; wc -c < copied/big.bin");
            var target = Path.Combine(root, "back");
            var get = await RunOkAsync("files", "get", sandbox.Id, "copied", target);
            Assert.Multiple(() =>
            {
                Assert.That(put.Stderr, Does.Contain("Written /home/sandbox/copied/sub/deeper/b.txt (4 bytes)"));
                Assert.That(remote.Stdout, Is.EqualTo("alphabeta1500000\n"));
                Assert.That(File.ReadAllBytes(Path.Combine(target, "big.bin")), Is.EqualTo(big));
                Assert.That(File.ReadAllText(Path.Combine(target, "sub", "a.txt")), Is.EqualTo("alpha"));
                Assert.That(File.ReadAllText(Path.Combine(target, "sub", "deeper", "b.txt")), Is.EqualTo("beta"));
                Assert.That(get.Stdout, Is.Empty, "quiet and plain when piped: no progress bar");
            });

            var single = Path.Combine(root, "single.txt");
            await RunOkAsync("files", "get", sandbox.Id, "copied/sub/a.txt", single);
            Assert.That(File.ReadAllText(single), Is.EqualTo("alpha"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task Write_json_is_the_write_result()
    {
        var result = await RunAsync(["--json", "files", "write", sandbox.Id, "j.txt"], "abc"u8.ToArray(), UserEnvironment());
        var json = JToken.Parse(result.Stdout);
        Assert.That((long?)json["bytes_written"], Is.EqualTo(3), result.ToString());
    }
}
