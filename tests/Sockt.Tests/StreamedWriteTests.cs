using System.Text;
using Sockt.Models;
using Sockt.Serialization;
using Sockt.Testing;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>
/// <c>WriteFileAsync(Stream)</c> encodes the stream into the body while it is sent: the bytes on the wire are exactly
/// the generated client's, whatever the stream, and what cannot be sent again is not retried.
/// </summary>
public class StreamedWriteTests
{
    private const string WritePath = "/v1/sandboxes/sb_1/files/write";

    /// <summary>The body the generated client sends for the same write: the DTO with the base64 as a string, serialized by the SDK's serializer.</summary>
    private static async Task<string> GeneratedBodyAsync(string path, byte[] bytes, bool createDirs)
    {
        var request = new WriteFileRequest { Path = path, Content = Convert.ToBase64String(bytes), Encoding = "base64", CreateDirs = createDirs };
        using var content = new NewtonsoftContentSerializer().ToHttpContent(request);
        return Encoding.UTF8.GetString(await content.ReadAsByteArrayAsync());
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // Empty, a partial quantum either side of a slice edge, several 48 KiB slices.
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase((48 * 1024) - 1)]
    [TestCase((48 * 1024) + 1)]
    [TestCase((3 * 48 * 1024) + 2)]
    public async Task The_body_is_byte_for_byte_the_generated_clients_seekable_or_not(int length)
    {
        var bytes = RandomBytes(length, length);
        var lengths = new List<long?>();
        using var test = new TestClient();
        test.Stub.On("POST", WritePath, request =>
        {
            lengths.Add(request.Content!.Headers.ContentLength);
            return StubHttpHandler.Response(200, "{}");
        });
        var sandbox = test.Sandbox();

        await sandbox.WriteFileAsync("dir/a b\"c.bin", new MemoryStream(bytes), createDirs: false);
        // Short reads that never line up with the encoder's slices.
        await sandbox.WriteFileAsync("dir/a b\"c.bin", new ForwardOnlyStream(bytes, maxRead: 4099), createDirs: false);

        var expected = await GeneratedBodyAsync("dir/a b\"c.bin", bytes, createDirs: false);
        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests.Select(r => r.Body), Is.All.EqualTo(expected));
            Assert.That(test.Stub.Requests.Select(r => r.ContentType), Is.All.EqualTo("application/json"));
            Assert.That(expected, Does.EndWith("\"content\":\"" + Convert.ToBase64String(bytes) + "\"}"), "content goes last");
            // A seekable stream announces its length; a forward-only one is sent chunked.
            Assert.That(lengths, Is.EqualTo(new long?[] { Encoding.UTF8.GetByteCount(expected), null }));
        });
    }

    /// <summary>Texts that exercise every escape, window edges, surrogate pairs and lone surrogates.</summary>
    private static IEnumerable<TestCaseData> Texts()
    {
        var window = JsonTextChunks.WindowChars;
        yield return new TestCaseData("").SetArgDisplayNames("empty");
        yield return new TestCaseData("print('hi')\n").SetArgDisplayNames("ascii");
        yield return new TestCaseData(string.Concat(Enumerable.Range(0, 0x80).Select(c => (char)c)) + "\u0085\u2028\u2029<>&'\u007f\u00e9\u4e2d").SetArgDisplayNames("every ASCII character and the other escapes");
        // Every non-surrogate BMP character, several windows long.
        yield return new TestCaseData(new string(Enumerable.Range(0, 0x10000).Where(c => c is < 0xD800 or > 0xDFFF).Select(c => (char)c).ToArray())).SetArgDisplayNames("every BMP character");
        // A surrogate pair straddling a window edge, and one right after it.
        yield return new TestCaseData(new string('a', window - 1) + "\U0001F600\U0001F600" + new string('b', window)).SetArgDisplayNames("pairs at a window edge");
        // Lone surrogates: a high one at a window edge before a non-surrogate, before an escape, at the end; a low one at the start.
        yield return new TestCaseData("\uDC00" + new string('a', window - 2) + "\uD800b\uD800\"\uD800").SetArgDisplayNames("lone surrogates");
        var random = new Random(11);
        yield return new TestCaseData(new string(Enumerable.Range(0, (3 * window) + 7).Select(_ => (char)random.Next(0, 0x10000)).ToArray())).SetArgDisplayNames("random UTF-16");
    }

    [TestCaseSource(nameof(Texts))]
    public async Task A_text_write_is_byte_for_byte_the_generated_clients(string text)
    {
        var generated = new WriteFileRequest { Path = "dir/a b\"c.txt", Content = text, Encoding = "utf8", CreateDirs = true };
        var streamed = new WriteFileRequest { Path = "dir/a b\"c.txt", CreateDirs = true };
        streamed.SetTextContent(text, "utf8");
        using var expected = new NewtonsoftContentSerializer().ToHttpContent(generated);
        using var actual = NewtonsoftContentSerializer.Default.ToHttpContent(streamed);
        var expectedBytes = await expected.ReadAsByteArrayAsync();
        var actualBytes = await actual.ReadAsByteArrayAsync();

        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.TypeOf<StreamedJsonBodyContent>(), "streamed, not one buffer");
            Assert.That(actualBytes, Is.EqualTo(expectedBytes));
            Assert.That(actual.Headers.ContentLength, Is.EqualTo(expectedBytes.Length));
        });
    }

    [Test]
    public async Task A_text_write_sends_the_generated_clients_body_and_is_resent_for_a_pod_starting_retry()
    {
        var text = "line 1\n\"quoted\" \u2028 \U0001F600 " + new string('x', 3 * JsonTextChunks.WindowChars);
        using var test = new TestClient();
        test.Stub.On("POST", WritePath, 503, Json.Envelope("pod_starting", "sandbox pod is starting", "Retry in a few seconds"))
            .OnJson("POST", WritePath, "{}");

        await test.Sandbox().WriteFileAsync("t.txt", text);

        var generated = new WriteFileRequest { Path = "t.txt", Content = text, Encoding = "utf8", CreateDirs = true };
        using var expected = new NewtonsoftContentSerializer().ToHttpContent(generated);
        var expectedBody = await expected.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(2));
            Assert.That(test.Stub.Requests.Select(r => r.Body), Is.All.EqualTo(expectedBody));
        });
    }

    [Test]
    public void Newtonsoft_escapes_exactly_the_characters_the_text_chunks_escape()
    {
        // Outside the surrogate range each character is escaped on its own (Newtonsoft escapes character by character).
        var mismatches = Enumerable.Range(0, 0x10000)
            .Where(c => c is < 0xD800 or > 0xDFFF)
            .Where(c => (Newtonsoft.Json.JsonConvert.ToString(((char)c).ToString()) != "\"" + (char)c + "\"") != JsonTextChunks.Escaped.Contains((char)c))
            .Select(c => $"U+{c:X4}")
            .ToList();

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public async Task A_seekable_stream_is_sent_from_its_position_and_rewound_for_a_pod_starting_retry()
    {
        var bytes = RandomBytes((48 * 1024) + 5, 7);
        using var test = new TestClient();
        test.Stub.On("POST", WritePath, 503, Json.Envelope("pod_starting", "sandbox pod is starting", "Retry in a few seconds"))
            .On("POST", WritePath, 200, """{"bytes_written":49147}""");
        var source = new MemoryStream(bytes) { Position = 10 };

        var written = await test.Sandbox().WriteFileAsync("x.bin", source);

        var expected = await GeneratedBodyAsync("x.bin", bytes[10..], createDirs: true);
        Assert.Multiple(() =>
        {
            Assert.That(written.BytesWritten, Is.EqualTo(49147));
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(2));
            Assert.That(test.Stub.Requests.Select(r => r.Body), Is.All.EqualTo(expected));
        });
    }

    [Test]
    public async Task A_forward_only_stream_already_read_is_not_retried_and_the_503_surfaces()
    {
        using var test = new TestClient();
        test.Stub.On("POST", WritePath, 503, Json.Envelope("pod_starting", "sandbox pod is starting", "Retry in a few seconds"))
            .On("POST", WritePath, 200, "{}");

        var error = await Assert.ThrowsAsync<HostUnreachableException>(async () => await test.Sandbox().WriteFileAsync("x.bin", new ForwardOnlyStream(RandomBytes(1000, 3))));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(503));
            Assert.That(error.Slug, Is.EqualTo("pod_starting"));
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_failing_source_stream_reaches_the_caller_as_its_own_exception()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", WritePath, "{}");

        var error = await Assert.ThrowsAsync<IOException>(async () => await test.Sandbox().WriteFileAsync("x.bin", new ForwardOnlyStream(RandomBytes(200_000, 4)) { FailAfter = 100_000 }));

        Assert.That(error!.Message, Is.EqualTo("the source broke"));
    }

    [Test]
    public async Task A_seekable_stream_shorter_than_its_length_fails_instead_of_sending_a_short_body()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", WritePath, "{}");

        var error = await Assert.ThrowsAsync<IOException>(async () => await test.Sandbox().WriteFileAsync("x.bin", new ShrunkStream(RandomBytes(1000, 5), claimedLength: 2000)));

        Assert.That(error!.Message, Does.Contain("ended after 1000 of the 2000 bytes"));
    }

    [Test]
    public async Task Cancelling_mid_upload_throws_OperationCanceledException()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", WritePath, "{}");
        var source = new ForwardOnlyStream(RandomBytes(500_000, 6)) { StallAfter = 200_000 };
        using var cancellation = new CancellationTokenSource();

        var write = test.Sandbox().WriteFileAsync("x.bin", source, cancellationToken: cancellation.Token);
        await source.Stalled;
        await cancellation.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(async () => await write);
        Assert.That(source.BytesRead, Is.EqualTo(200_000));
    }

    [Test]
    public async Task Through_a_caller_supplied_http_client_a_seekable_stream_is_retried_and_a_forward_only_one_is_not()
    {
        var bytes = RandomBytes(100_000, 8);
        var stub = new StubHttpHandler();
        stub.On("POST", WritePath, 503, Json.Envelope("pod_starting", "sandbox pod is starting", "Retry in a few seconds"))
            .On("POST", WritePath, 200, "{}")
            .On("POST", WritePath, 503, Json.Envelope("pod_starting", "sandbox pod is starting", "Retry in a few seconds"))
            .On("POST", WritePath, 200, "{}");
        using var httpClient = new HttpClient(stub);
        using var client = new ComputeClient(new ComputeClientOptions { ApiKey = TestClient.ApiKey, BaseUrl = TestClient.BaseUrl, TimeProvider = new SteppingTimeProvider() }, httpClient);
        var sandbox = new Sandbox(client.Core, "sb_1", null);

        await sandbox.WriteFileAsync("x.bin", new MemoryStream(bytes));
        var error = await Assert.ThrowsAsync<HostUnreachableException>(async () => await sandbox.WriteFileAsync("x.bin", new ForwardOnlyStream(bytes)));

        var expected = await GeneratedBodyAsync("x.bin", bytes, createDirs: true);
        Assert.Multiple(() =>
        {
            Assert.That(error!.Slug, Is.EqualTo("pod_starting"));
            Assert.That(stub.Requests, Has.Count.EqualTo(3));
            Assert.That(stub.Requests.Select(r => r.Body), Is.All.EqualTo(expected));
        });
    }

    /// <summary>A seekable stream whose length claims more than it holds (a file truncated while it is uploaded).</summary>
    private sealed class ShrunkStream(byte[] bytes, long claimedLength) : MemoryStream(bytes)
    {
        public override long Length => claimedLength;
    }
}
