using System.Text;
using Sockt.Files;

namespace Sockt.Tests;

/// <summary>The streaming file-read parser against crafted bodies: field order, every split point, escapes, bad bodies.</summary>
public class FileContentScannerTests
{
    private const string Operation = "POST /v1/sandboxes/sb_1/files/read";

    private static readonly byte[] Bytes = [0, 1, 2, 0xFF, 0xFE, 0x80, (byte)'\n', 0, 250, 251];

    private static readonly string Base64 = Convert.ToBase64String(Bytes);

    private static readonly string[] Fields =
    [
        $"\"content\":\"{Base64}\"",
        "\"encoding\":\"base64\"",
        "\"size_bytes\":10",
        "\"truncated\":false",
    ];

    private static async Task<(byte[] Content, FileReadInfo Info)> ParseAsync(byte[] body, int chunkSize)
    {
        var output = new MemoryStream();
        var info = await FileContentReader.CopyAsync(new ChunkedStream(body, chunkSize), output.WriteAsync, Operation, 200, Timeout.InfiniteTimeSpan, CancellationToken.None);
        return (output.ToArray(), info);
    }

    private static Task<(byte[] Content, FileReadInfo Info)> ParseAsync(string body, int chunkSize = 64 * 1024) => ParseAsync(Encoding.UTF8.GetBytes(body), chunkSize);

    private static IEnumerable<string> EveryFieldOrder()
    {
        IEnumerable<IEnumerable<string>> Permute(IReadOnlyList<string> items) => items.Count <= 1
            ? [items]
            : items.SelectMany((item, i) => Permute([.. items.Where((_, j) => j != i)]).Select(rest => rest.Prepend(item)));
        return Permute(Fields).Select(order => "{" + string.Join(",", order) + "}");
    }

    [TestCaseSource(nameof(EveryFieldOrder))]
    public async Task Fields_in_any_order_decode_the_same(string body)
    {
        var (content, info) = await ParseAsync(body);

        Assert.Multiple(() =>
        {
            Assert.That(content, Is.EqualTo(Bytes));
            Assert.That(info, Is.EqualTo(new FileReadInfo("base64", 10, false, Bytes.Length)));
        });
    }

    [Test]
    public async Task Every_split_point_of_a_small_body_gives_the_same_result()
    {
        var body = Encoding.UTF8.GetBytes($$"""{ "path" : "/home/sandbox/a\"b", "content" : "{{Base64.Replace("/", "\\/")}}", "size" : 10, "truncated" : true, "encoding" : "base64" }""");
        for (var chunk = 1; chunk <= body.Length; chunk++)
        {
            var (content, info) = await ParseAsync(body, chunk);
            Assert.That(content, Is.EqualTo(Bytes), $"chunk size {chunk}");
            Assert.That(info, Is.EqualTo(new FileReadInfo("base64", 10, true, Bytes.Length)), $"chunk size {chunk}");
        }

        foreach (var split in Enumerable.Range(1, body.Length - 1))
        {
            var (content, _) = await ParseAsync(body, new SplitStream(body, split));
            Assert.That(content, Is.EqualTo(Bytes), $"split at {split}");
        }
    }

    private static async Task<(byte[] Content, FileReadInfo Info)> ParseAsync(byte[] body, Stream stream)
    {
        _ = body;
        var output = new MemoryStream();
        var info = await FileContentReader.CopyAsync(stream, output.WriteAsync, Operation, 200, Timeout.InfiniteTimeSpan, CancellationToken.None);
        return (output.ToArray(), info);
    }

    [Test]
    public async Task Escaped_base64_characters_decode([Values(1, 2, 3, 5, 7, 64)] int chunk)
    {
        // Every base64 character may be written as \u00XX, and '/' as \/.
        var escaped = string.Concat(Base64.Select(c => c == '/' ? "\\/" : $"\\u{(int)c:X4}"));

        var (content, _) = await ParseAsync($"{{\"encoding\":\"base64\",\"content\":\"{escaped}\"}}", chunk);

        Assert.That(content, Is.EqualTo(Bytes));
    }

    [Test]
    public async Task Text_content_is_unescaped_to_utf8_when_the_encoding_comes_first([Values(1, 3, 64)] int chunk)
    {
        const string text = "héllo \"wörld\" ✓ 😀\n\t\\/ end";
        var json = System.Text.Json.JsonSerializer.Serialize(text); // escapes non-ASCII as \uXXXX, incl. a surrogate pair

        var (content, info) = await ParseAsync($"{{\"encoding\":\"utf8\",\"content\":{json},\"size_bytes\":3}}", chunk);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(content), Is.EqualTo(text));
            Assert.That(info.Encoding, Is.EqualTo("utf8"));
        });
    }

    [Test]
    public async Task Nested_content_fields_are_not_the_file()
    {
        var (content, info) = await ParseAsync($"{{\"meta\":{{\"content\":\"AAAA\",\"list\":[\"content\",1]}},\"content\":\"{Base64}\",\"size_bytes\":10}}", 3);

        Assert.Multiple(() =>
        {
            Assert.That(content, Is.EqualTo(Bytes));
            Assert.That(info.SizeBytes, Is.EqualTo(10));
        });
    }

    [Test]
    public async Task A_content_key_written_with_escapes_still_counts()
    {
        var (content, _) = await ParseAsync($"{{\"cont\\u0065nt\":\"{Base64}\"}}");

        Assert.That(content, Is.EqualTo(Bytes));
    }

    [Test]
    public async Task Large_content_decodes_byte_exact_across_chunks()
    {
        var bytes = new byte[1_000_003];
        new Random(7).NextBytes(bytes);
        var body = Encoding.UTF8.GetBytes($"{{\"size_bytes\":{bytes.Length},\"content\":\"{Convert.ToBase64String(bytes)}\",\"truncated\":false}}");

        var (content, info) = await ParseAsync(body, 10_007);

        Assert.Multiple(() =>
        {
            Assert.That(content, Is.EqualTo(bytes));
            Assert.That(info.BytesWritten, Is.EqualTo(bytes.Length));
        });
    }

    [TestCase("{\"encoding\":\"base64\",\"size_bytes\":1}", "without content")]
    [TestCase("{\"content\":null}", "without content")]
    [TestCase("{}", "without content")]
    [TestCase("[1,2]", "not a JSON object")]
    [TestCase("{\"content\":\"AAA*\"}", "not valid base64")]
    [TestCase("{\"content\":\"AAAAA\"}", "not valid base64")]
    [TestCase("{\"content\":\"AA\\qA\"}", "invalid escape")]
    [TestCase("{\"content\":\"AA\\u00GG\"}", "invalid \\u escape")]
    [TestCase("{\"content\":\"AAAA", "ended inside a string")]
    [TestCase("{\"content\":\"AAAA\",", "could not read")]
    [TestCase("{\"content\":\"AAAA\",\"content\":\"AAAA\"}", "two content fields")]
    [TestCase("<html>bad gateway</html>", "could not read")]
    public async Task Bodies_that_are_not_a_file_read_answer_are_ApiExceptions(string body, string reason)
    {
        var error = await Assert.ThrowsAsync<ApiException>(async () => await ParseAsync(body, 2));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(reason));
            Assert.That(error.Message, Does.Contain(Operation));
            Assert.That(error.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task A_huge_envelope_is_refused()
    {
        var body = $"{{\"pad\":\"{new string('x', FileContentScanner.MaxEnvelopeBytes)}\",\"content\":\"\"}}";

        var error = await Assert.ThrowsAsync<ApiException>(async () => await ParseAsync(body));

        Assert.That(error!.Message, Does.Contain("exceed"));
    }

    [TestCase("{\"size_bytes\": 10,\"content\":\"AAEC\"}", 10L)]
    [TestCase("{\"encoding\":\"base64\",\"size_bytes\":123456,\"size\":9,\"content\":\"AAEC\"}", 123456L)]
    [TestCase("{\"content\":\"AAEC\",\"size_bytes\":10}", null)]
    [TestCase("{\"meta\":{\"size_bytes\":10},\"content\":\"AAEC\"}", null)]
    public async Task The_size_hint_is_the_top_level_size_bytes_seen_before_the_content(string body, long? expected)
    {
        long? hint = null;
        await FileContentReader.CopyAsync(new ChunkedStream(Encoding.UTF8.GetBytes(body), 1), (_, _) => ValueTask.CompletedTask, Operation, 200, Timeout.InfiniteTimeSpan, CancellationToken.None, size => hint = size);

        Assert.That(hint, Is.EqualTo(expected));
    }

    [TestCase(3, new byte[] { 1, 2, 3 })]
    [TestCase(2, new byte[] { 1, 2, 3 })]
    [TestCase(5, new byte[] { 1, 2, 3 })]
    public void The_result_buffer_holds_the_bytes_whatever_the_hint(long hint, byte[] bytes)
    {
        using var buffer = new PooledByteBuffer(1);
        buffer.Expect(hint);
        buffer.Append(bytes.AsSpan(0, 1));
        buffer.Append(bytes.AsSpan(1));

        Assert.That(buffer.ToArray(), Is.EqualTo(bytes));
    }

    /// <summary>Hands out a body in reads of at most a given size, as a network stream may.</summary>
    private sealed class ChunkedStream(byte[] body, int chunkSize) : MemoryStream(body, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunkSize)], cancellationToken);
    }

    /// <summary>Hands out a body in two reads, split at one point.</summary>
    private sealed class SplitStream(byte[] body, int split) : MemoryStream(body, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(Position < split ? buffer[..Math.Min(buffer.Length, split - (int)Position)] : buffer, cancellationToken);
    }
}
