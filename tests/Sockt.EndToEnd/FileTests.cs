using System.Text;
using Sockt.EndToEnd.Infrastructure;
using Sockt.Testing;

namespace Sockt.EndToEnd;

/// <summary>File transfer: text, binary (every byte value, zeros included) through each overload, listing, limits.</summary>
public class FileTests : EmulatorTestBase
{
    private Sandbox _sandbox = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => _sandbox = await RunningSandboxAsync();

    private static byte[] RandomBytesWithZeros()
    {
        var bytes = new byte[70_000];
        new Random(42).NextBytes(bytes);
        bytes.AsSpan(0, 256).Clear();
        for (var i = 0; i < 256; i++)
        {
            bytes[1000 + i] = (byte)i;
        }

        return bytes;
    }

    [Test]
    public async Task Text_round_trips_including_unicode_and_is_visible_to_commands()
    {
        const string text = "héllo wörld ✓\nline two\n";
        var written = await _sandbox.WriteFileAsync("notes/hello.txt", text);

        Assert.That(written.BytesWritten, Is.EqualTo(Encoding.UTF8.GetByteCount(text)));
        Assert.That(await _sandbox.ReadFileAsync("notes/hello.txt"), Is.EqualTo(text));
        Assert.That((await _sandbox.ExecAsync("cat notes/hello.txt")).Stdout, Is.EqualTo(text));
    }

    [Test]
    public async Task A_text_of_several_streamed_windows_arrives_byte_exact()
    {
        // Escapes, controls, U+2028 and surrogate pairs, one of them across the 16 K-character window edge.
        var text = new StringBuilder();
        text.Append("quote \" backslash \\ tab \t cr \r nul-free controls \u0001\u001f ls \u2028 ps \u2029 \n");
        text.Append('a', 16 * 1024 - 1 - text.Length).Append("\U0001F600");
        for (var i = 0; i < 3000; i++)
        {
            text.Append("line ").Append(i).Append(" héllo ✓ \U0001F680\n");
        }

        var expected = Encoding.UTF8.GetBytes(text.ToString());
        var written = await _sandbox.WriteFileAsync("windows.txt", text.ToString());
        var sum = await _sandbox.ExecAsync("sha256sum windows.txt");

        Assert.Multiple(() =>
        {
            Assert.That(written.BytesWritten, Is.EqualTo(expected.Length));
            Assert.That(sum.Stdout.Split(' ')[0], Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected))));
        });
    }

    [Test]
    public async Task Binary_round_trips_through_bytes_stream_and_base64_overloads()
    {
        var bytes = RandomBytesWithZeros();

        await _sandbox.WriteFileAsync("bin/bytes.bin", bytes);
        await _sandbox.WriteFileAsync("bin/stream.bin", new MemoryStream(bytes));
        await _sandbox.WriteFileAsync("bin/base64.bin", Convert.ToBase64String(bytes), FileEncoding.Base64);

        Assert.That(await _sandbox.ReadFileBytesAsync("bin/bytes.bin"), Is.EqualTo(bytes));
        using var copy = new MemoryStream();
        await _sandbox.ReadFileToStreamAsync("bin/stream.bin", copy);
        Assert.That(copy.ToArray(), Is.EqualTo(bytes));
        Assert.That(Convert.FromBase64String(await _sandbox.ReadFileAsync("bin/base64.bin", FileEncoding.Base64)), Is.EqualTo(bytes));
        // The sandbox sees the same bytes: its checksum matches ours.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.That((await _sandbox.ExecAsync("sha256sum bin/bytes.bin bin/stream.bin bin/base64.bin | cut -d' ' -f1 | sort -u")).Stdout, Is.EqualTo(sha + "\n"));
    }

    [Test]
    public async Task MaxBytes_truncates_and_says_so()
    {
        await _sandbox.WriteFileAsync("ten.txt", "0123456789");

        var detailed = await _sandbox.ReadFileDetailedAsync("ten.txt", maxBytes: 4);

        Assert.That(detailed.Content, Is.EqualTo("0123"));
        Assert.That(detailed.Truncated, Is.True);
        Assert.That(await _sandbox.ReadFileBytesAsync("ten.txt", maxBytes: 3), Is.EqualTo("012"u8.ToArray()));
    }

    [Test]
    public async Task ListFilesAsync_lists_flat_recursive_and_to_a_depth()
    {
        await _sandbox.WriteFileAsync("tree/a.txt", "a");
        await _sandbox.WriteFileAsync("tree/sub/b.txt", "bb");
        await _sandbox.WriteFileAsync("tree/sub/deeper/c.txt", "ccc");

        var flat = await _sandbox.ListFilesAsync("tree");
        var all = await _sandbox.ListFilesAsync("tree", recursive: true);
        var shallow = await _sandbox.ListFilesAsync("tree", recursive: true, maxDepth: 1);

        Assert.That(flat.Select(e => (e.Name, e.IsDir)), Is.EquivalentTo(new[] { ("a.txt", (bool?)false), ("sub", true) }));
        Assert.That(flat.Single(e => e.Name == "a.txt").Size, Is.EqualTo(1));
        Assert.That(all.Count, Is.GreaterThan(shallow.Count));
        Assert.That(all.Select(e => e.Name), Has.Some.Contains("c.txt"));
        Assert.That(shallow.Select(e => e.Name), Has.None.Contains("c.txt"));
    }

    [Test]
    public async Task Writing_without_createDirs_into_a_missing_directory_fails()
    {
        var error = await Assert.CatchAsync<SocktException>(async () => await _sandbox.WriteFileAsync("missing-dir/file.txt", "x", createDirs: false));

        Assert.That(error!.StatusCode, Is.InRange(400, 499));
    }

    [Test]
    public async Task Path_traversal_out_of_the_home_is_refused_with_400()
    {
        var error = await Assert.ThrowsAsync<ApiException>(async () => await _sandbox.ReadFileAsync("../../etc/passwd"));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Slug, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task A_16_MiB_file_streams_byte_exact_in_memory_independent_of_its_size()
    {
        const int size = 16 * 1024 * 1024;
        var bytes = new byte[size];
        new Random(16).NextBytes(bytes);
        await _sandbox.WriteFileAsync("big/random.bin", bytes);

        // Warm up the read path (JIT, connection) so the measured read counts only its own allocations.
        await _sandbox.WriteFileAsync("big/warm.bin", bytes.AsMemory(0, 100_000));
        await _sandbox.ReadFileToStreamAsync("big/warm.bin", Stream.Null);
        var destination = new MemoryStream(size);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await _sandbox.ReadFileToStreamAsync("big/random.bin", destination);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        TestContext.Out.WriteLine($"ReadFileToStreamAsync of {size} bytes allocated {allocated} bytes (whole process)");
        Assert.Multiple(() =>
        {
            Assert.That(destination.Length, Is.EqualTo(size));
            Assert.That(destination.GetBuffer().AsSpan(0, size).SequenceEqual(bytes), Is.True, "content differs");
            // The whole process counts (the in-process emulator included): still well under the file's size.
            Assert.That(allocated, Is.LessThan(size / 4));
        });

        // The emulator sends size_bytes before the content: the result is allocated once, at its size.
        before = GC.GetTotalAllocatedBytes(precise: true);
        var read = await _sandbox.ReadFileBytesAsync("big/random.bin");
        allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        TestContext.Out.WriteLine($"ReadFileBytesAsync of {size} bytes allocated {allocated} bytes (whole process)");
        Assert.Multiple(() =>
        {
            Assert.That(read.AsSpan().SequenceEqual(bytes), Is.True, "content differs");
            Assert.That(allocated, Is.LessThan(size + (size / 4)));
        });
    }

    [Test]
    public async Task A_16_MiB_stream_uploads_byte_exact_in_memory_independent_of_its_size()
    {
        const int size = (16 * 1024 * 1024) + 1;
        var bytes = new byte[size];
        new Random(61).NextBytes(bytes);
        // Warm up the write path (JIT, connection) so the measured write counts only its own allocations.
        await _sandbox.WriteFileAsync("up/warm.bin", new MemoryStream(bytes, 0, 100_000));

        var seekable = new MemoryStream(bytes, writable: false);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var written = await _sandbox.WriteFileAsync("up/seekable.bin", seekable);
        var allocatedSeekable = GC.GetTotalAllocatedBytes(precise: true) - before;

        var forwardOnly = new ForwardOnlyStream(bytes, maxRead: 65_521);
        before = GC.GetTotalAllocatedBytes(precise: true);
        var writtenForwardOnly = await _sandbox.WriteFileAsync("up/forward-only.bin", forwardOnly);
        var allocatedForwardOnly = GC.GetTotalAllocatedBytes(precise: true) - before;

        TestContext.Out.WriteLine($"WriteFileAsync(Stream) of {size} bytes allocated {allocatedSeekable} bytes (seekable) and {allocatedForwardOnly} bytes (forward-only), whole process");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var sums = (await _sandbox.ExecAsync("sha256sum up/seekable.bin up/forward-only.bin | cut -d' ' -f1 | sort -u")).Stdout;
        Assert.Multiple(() =>
        {
            Assert.That(written.BytesWritten, Is.EqualTo(size));
            Assert.That(writtenForwardOnly.BytesWritten, Is.EqualTo(size));
            // The sandbox holds the same bytes: its checksums match ours.
            Assert.That(sums, Is.EqualTo(sha + "\n"));
            // The whole process counts (the in-process emulator included): a fraction of the file, not a multiple.
            Assert.That(allocatedSeekable, Is.LessThan(size / 4));
            Assert.That(allocatedForwardOnly, Is.LessThan(size / 4));
        });
    }

    [Test]
    public async Task Cancelling_a_stream_upload_midway_cancels_it_and_leaves_the_sandbox_usable()
    {
        var bytes = new byte[4 * 1024 * 1024];
        new Random(62).NextBytes(bytes);
        var source = new ForwardOnlyStream(bytes) { StallAfter = 1024 * 1024 };
        using var cancellation = new CancellationTokenSource();

        var upload = _sandbox.WriteFileAsync("up/cancelled.bin", source, cancellationToken: cancellation.Token);
        await source.Stalled;
        await cancellation.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(async () => await upload);
        Assert.That(source.BytesRead, Is.EqualTo(1024 * 1024));
        // The emulator dropped the half-sent body and answers the next transfer.
        Assert.That((await _sandbox.WriteFileAsync("up/after.txt", "fine")).BytesWritten, Is.EqualTo(4));
    }
}
