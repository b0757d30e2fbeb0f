using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>
/// File transfers are streamed: a 64 MiB write and read allocate far less than the file in the emulator's process,
/// content round-trips byte-exact, and transfers beyond the emulator's cap are refused with 429 and the envelope.
/// </summary>
[NonParallelizable]
internal sealed class FileStreamingTests : EmulatorTestBase
{
    private const int FileBytes = 64 * 1024 * 1024;

    private string sandbox = null!;
    private string scratch = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync()
    {
        sandbox = await NewSandboxAsync("small");
        scratch = Directory.CreateTempSubdirectory("sockt-stream-").FullName;
    }

    [OneTimeTearDown]
    public void RemoveScratch() => Directory.Delete(scratch, recursive: true);

    protected override void Configure(SocktEmulatorOptions options)
    {
        options.MaxRequestBodyBytes = 128L * 1024 * 1024;
        options.MaxConcurrentFileTransfers = 1;
    }

    // The CLI's order (content before encoding and create_dirs: spooled) and the SDK's (content last: decoded straight
    // into the file as it arrives).
    [TestCase(false)]
    [TestCase(true)]
    public async Task A_64_MiB_write_and_read_round_trip_with_allocations_well_under_the_file_size(bool contentLast)
    {
        var bytes = new byte[FileBytes];
        new Random(7).NextBytes(bytes);
        // The request body and the response go through files on disk, so this process's own side of the transfer
        // allocates next to nothing and the allocation counter measures the emulator.
        var requestFile = Path.Combine(scratch, "request.json");
        var content = Convert.ToBase64String(bytes);
        await File.WriteAllTextAsync(requestFile, contentLast
            ? JsonSerializer.Serialize(new { path = "big/file.bin", encoding = "base64", create_dirs = true, content })
            : JsonSerializer.Serialize(new { path = "big/file.bin", content, encoding = "base64", create_dirs = true }));
        content = null;
        var responseFile = Path.Combine(scratch, "response.json");
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl, Timeout = TimeSpan.FromMinutes(5) };

        var beforeWrite = GC.GetTotalAllocatedBytes(precise: true);
        var writeTime = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode writeStatus;
        await using (var requestBody = File.OpenRead(requestFile))
        {
            using var write = Request("write", new StreamContent(requestBody));
            using var written = await http.SendAsync(write);
            writeStatus = written.StatusCode;
        }

        var writeAllocated = GC.GetTotalAllocatedBytes(precise: true) - beforeWrite;
        writeTime.Stop();

        var beforeRead = GC.GetTotalAllocatedBytes(precise: true);
        HttpStatusCode readStatus;
        using (var read = Request("read", JsonContent("""{"path":"big/file.bin","encoding":"base64"}""")))
        using (var response = await http.SendAsync(read, HttpCompletionOption.ResponseHeadersRead))
        await using (var output = File.Create(responseFile))
        {
            readStatus = response.StatusCode;
            await (await response.Content.ReadAsStreamAsync()).CopyToAsync(output);
        }

        var readAllocated = GC.GetTotalAllocatedBytes(precise: true) - beforeRead;
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(responseFile));
        var root = document.RootElement;
        var hash = await Api.RunAsync(sandbox, Key, "sha256sum big/file.bin | cut -d' ' -f1");

        TestContext.Out.WriteLine($"64 MiB, content {(contentLast ? "last" : "first")}: write allocated {writeAllocated / 1048576.0:F1} MiB in {writeTime.ElapsedMilliseconds} ms (for information, not asserted), read allocated {readAllocated / 1048576.0:F1} MiB");
        Assert.Multiple(() =>
        {
            Assert.That((writeStatus, readStatus), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(root.GetProperty("content").GetBytesFromBase64(), Is.EqualTo(bytes));
            Assert.That((root.GetProperty("size_bytes").GetInt64(), root.GetProperty("truncated").GetBoolean()), Is.EqualTo(((long)FileBytes, false)));
            Assert.That(hash.Stdout.Trim(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
            // Buffering emulators allocated more than 10x the file per transfer.
            Assert.That(writeAllocated, Is.LessThan(FileBytes / 4), "write allocations");
            Assert.That(readAllocated, Is.LessThan(FileBytes / 4), "read allocations");
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Utf8_content_with_escapes_round_trips(bool contentLast)
    {
        const string text = "line \"one\"\n\ttab \\ slash / é ✓ 😀 +";
        var written = contentLast
            ? await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/write", Key, new { path = "escapes.txt", encoding = "utf8", create_dirs = true, content = text })
            : await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/write", Key, new { path = "escapes.txt", content = text, encoding = "utf8" });
        var read = await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/read", Key, new { path = "escapes.txt" });

        Assert.That((written.Long("bytes_written"), read.Str("content")), Is.EqualTo(((long)Encoding.UTF8.GetByteCount(text), text)));
    }

    [Test]
    public async Task Content_sent_before_the_other_fields_is_written_where_they_say()
    {
        var written = await Api.SendAsync(HttpMethod.Post, $"/v1/sandboxes/{sandbox}/files/write", Key, rawBody: """{"content":"aGVsbG8=","create_dirs":true,"encoding":"base64","path":"late/order.txt"}""");
        var seen = await Api.RunAsync(sandbox, Key, "cat late/order.txt");

        Assert.That((written.Code, seen.Stdout), Is.EqualTo((200, "hello")), written.Text);
    }

    [Test]
    public async Task Content_after_the_fields_reaches_the_file_while_the_body_is_still_arriving()
    {
        var bytes = new byte[300 * 1024];
        new Random(8).NextBytes(bytes);
        const int heldBytes = 68_266 * 3;
        var json = "{\"path\":\"arriving/file.bin\",\"encoding\":\"base64\",\"create_dirs\":true,\"content\":\"" + Convert.ToBase64String(bytes) + "\"}";
        var heldAt = json.IndexOf("\"content\":\"", StringComparison.Ordinal) + 11 + (heldBytes / 3 * 4);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        using var held = Request("write", new HeldContent(json, release.Task, heldAt));
        var writing = http.SendAsync(held);

        try
        {
            // No spool: what arrived is already in the file, decoded, while the rest of the body is held back.
            var size = await Sockt.Testing.Poll.UntilAsync(
                async () => long.TryParse((await Api.RunAsync(sandbox, Key, "stat -c %s arriving/file.bin 2>/dev/null || echo 0")).Stdout.Trim(), out var n) ? n : 0,
                n => n >= 128 * 1024,
                "the file to grow while its body is held");
            Assert.That(size, Is.LessThanOrEqualTo(heldBytes));
        }
        finally
        {
            release.SetResult();
        }

        using var done = await writing;
        var hash = await Api.RunAsync(sandbox, Key, "sha256sum arriving/file.bin | cut -d' ' -f1");
        Assert.That((done.StatusCode, hash.Stdout.Trim()), Is.EqualTo((HttpStatusCode.OK, Convert.ToHexStringLower(SHA256.HashData(bytes)))));
    }

    [Test]
    public async Task Bad_base64_after_the_fields_answers_400_after_the_body_and_leaves_the_file_empty()
    {
        var valid = Convert.ToBase64String(new byte[150_000]);
        await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/write", Key, new { path = "bad/direct.bin", content = "old", create_dirs = true });
        await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/write", Key, new { path = "bad/spooled.bin", content = "old", create_dirs = true });

        var direct = await Api.SendAsync(HttpMethod.Post, $"/v1/sandboxes/{sandbox}/files/write", Key, rawBody: "{\"path\":\"bad/direct.bin\",\"encoding\":\"base64\",\"create_dirs\":true,\"content\":\"" + valid + "***\"}");
        var spooled = await Api.SendAsync(HttpMethod.Post, $"/v1/sandboxes/{sandbox}/files/write", Key, rawBody: "{\"path\":\"bad/spooled.bin\",\"content\":\"" + valid + "***\",\"encoding\":\"base64\",\"create_dirs\":true}");
        var sizes = await Api.RunAsync(sandbox, Key, "stat -c %s bad/direct.bin bad/spooled.bin");

        Assert.Multiple(() =>
        {
            Assert.That((direct.Code, direct.ErrorCode, spooled.Code, spooled.ErrorCode), Is.EqualTo((400, "invalid_params", 400, "invalid_params")));
            Assert.That(direct.Str("message"), Does.Contain("base64"));
            // Decoded as it arrived, the file was already being written: it is left empty. A spooled body is checked
            // before the file is opened, so the old content stays.
            Assert.That(sizes.Stdout, Is.EqualTo("0\n3\n"));
        });
    }

    [TestCase("""{"path":"twice/a.txt","encoding":"utf8","create_dirs":true,"content":"hi","path":"twice/b.txt"}""", "given again")]
    [TestCase("""{"path":"twice/a.txt","encoding":"utf8","create_dirs":true,"content":"hi","encoding":"base64"}""", "given again")]
    [TestCase("""{"path":"twice/a.txt","encoding":"utf8","create_dirs":true,"content":"hi","content":"ho"}""", "'content' is given twice")]
    [TestCase("""{"path":"twice/a.txt","encoding":"utf8","create_dirs":true,"content":"hi","cont\u0065nt":"ho"}""", "'content' is given twice")]
    public async Task Fields_that_change_after_the_content_was_decoded_are_refused(string body, string message)
    {
        var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sandboxes/{sandbox}/files/write", Key, rawBody: body);
        var listing = await Api.RunAsync(sandbox, Key, "stat -c %n:%s twice/a.txt; ls twice");

        Assert.That((response.Code, response.ErrorCode), Is.EqualTo((400, "invalid_params")), response.Text);
        Assert.That(response.Str("message"), Does.Contain(message));
        Assert.That(listing.Stdout, Is.EqualTo("twice/a.txt:0\na.txt\n"));
    }

    [Test]
    public async Task A_transfer_beyond_the_cap_is_refused_with_429_and_the_envelope_until_the_running_one_ends()
    {
        // A write whose body never ends holds the only transfer slot.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        using var held = Request("write", new HeldContent("""{"path":"held.txt","content":"aGk=","encoding":"base64"}""", release.Task));
        var holding = http.SendAsync(held);

        ApiResponse? refused = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (refused is null && DateTime.UtcNow < deadline)
        {
            var read = await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/read", Key, new { path = "escapes.txt" });
            if (read.Code == 429)
            {
                refused = read;
            }
        }

        release.SetResult();
        using var done = await holding;
        // The slot is given back just after the held write has answered.
        var after = await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/read", Key, new { path = "held.txt" });
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (after.Code == 429 && DateTime.UtcNow < deadline)
        {
            after = await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/read", Key, new { path = "held.txt" });
        }

        Assert.That(refused, Is.Not.Null, "no 429 while the slot was held");
        Assert.That((refused!.Str("code"), done.StatusCode, after.Code, after.Str("content")), Is.EqualTo(("too_many_transfers", HttpStatusCode.OK, 200, "hi")));
    }

    private HttpRequestMessage Request(string action, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sandboxes/{sandbox}/files/{action}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return request;
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A body that sends its first <c>heldAt</c> bytes (default 1), then waits for <c>release</c> before sending the rest.</summary>
    private sealed class HeldContent(string json, Task release, int heldAt = 1) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            await stream.WriteAsync(bytes.AsMemory(0, heldAt));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(bytes.AsMemory(heldAt));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
