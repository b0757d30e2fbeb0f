using System.Text;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>File writes and reads, text and binary (base64 both ways), listings.</summary>
public class FileTests
{
    private const string WritePath = "/v1/sandboxes/sb_1/files/write";
    private const string ReadPath = "/v1/sandboxes/sb_1/files/read";

    private static readonly byte[] Binary = [0, 1, 2, 0xFF, 0xFE, 0x80, (byte)'\n', 0];

    [Test]
    public async Task Text_write_sends_utf8_and_create_dirs()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", WritePath, """{"path":"/home/sandbox/app.py","bytes_written":14,"created_dirs":false}""");

        var written = await test.Sandbox().WriteFileAsync("app.py", "print('hello')");

        Assert.Multiple(() =>
        {
            Assert.That(written.Path, Is.EqualTo("/home/sandbox/app.py"));
            Assert.That(written.BytesWritten, Is.EqualTo(14));
            Assert.That(test.Stub.Requests.Single().Body, Is.EqualTo("""{"path":"app.py","encoding":"utf8","create_dirs":true,"content":"print('hello')"}"""));
        });
    }

    [Test]
    public async Task Create_dirs_false_is_sent_explicitly()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", WritePath, "{}");

        await test.Sandbox().WriteFileAsync("a/b.txt", "x", createDirs: false);

        Assert.That(test.Stub.Requests.Single().Body, Does.Contain("\"create_dirs\":false"));
    }

    [Test]
    public async Task Bytes_and_streams_are_sent_as_base64()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", WritePath, "{}");
        var sandbox = test.Sandbox();

        await sandbox.WriteFileAsync("bin.dat", Binary);
        await sandbox.WriteFileAsync("bin2.dat", new MemoryStream(Binary));

        var expected = $$"""{"path":"bin.dat","encoding":"base64","create_dirs":true,"content":"{{Convert.ToBase64String(Binary)}}"}""";
        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests[0].Body, Is.EqualTo(expected));
            Assert.That(test.Stub.Requests[1].Body, Is.EqualTo(expected.Replace("bin.dat", "bin2.dat")));
        });
    }

    [Test]
    public async Task Large_binary_write_sends_the_exact_base64_body_with_its_length()
    {
        // Longer than several 48 KiB encoding slices and not a multiple of 3, so the padding of the last slice counts.
        var bytes = new byte[(3 * 48 * 1024) + 2];
        new Random(1234).NextBytes(bytes);
        var lengths = new List<long?>();
        using var test = new TestClient();
        test.Stub.On("POST", WritePath, request =>
        {
            lengths.Add(request.Content!.Headers.ContentLength);
            return StubHttpHandler.Response(200, "{}");
        });

        await test.Sandbox().WriteFileAsync("dir/big.bin", bytes, createDirs: false);

        var expected = $$"""{"path":"dir/big.bin","encoding":"base64","create_dirs":false,"content":"{{Convert.ToBase64String(bytes)}}"}""";
        var sent = test.Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Body, Is.EqualTo(expected));
            Assert.That(sent.ContentType, Is.EqualTo("application/json"));
            Assert.That(lengths, Is.EqualTo(new long?[] { Encoding.UTF8.GetByteCount(expected) }));
        });
    }

    [Test]
    public async Task Binary_write_retried_after_pod_starting_resends_the_identical_body()
    {
        var bytes = new byte[(48 * 1024) + 1];
        new Random(99).NextBytes(bytes);
        using var test = new TestClient();
        test.Stub.On("POST", WritePath, 503, Json.Envelope("pod_starting", "sandbox pod is starting", "Retry in a few seconds"))
            .On("POST", WritePath, 200, """{"path":"/home/sandbox/x.bin","bytes_written":49153}""");

        var written = await test.Sandbox().WriteFileAsync("x.bin", new MemoryStream(bytes));

        var expected = $$"""{"path":"x.bin","encoding":"base64","create_dirs":true,"content":"{{Convert.ToBase64String(bytes)}}"}""";
        Assert.Multiple(() =>
        {
            Assert.That(written.BytesWritten, Is.EqualTo(49153));
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(2));
            Assert.That(test.Stub.Requests.Select(r => r.Body), Is.All.EqualTo(expected));
        });
    }

    [Test]
    public async Task Text_read_returns_the_content()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", ReadPath, """{"path":"/home/sandbox/eval.py","size_bytes":14,"encoding":"utf8","truncated":false,"content":"print('hello')"}""");
        var sandbox = test.Sandbox();

        var text = await sandbox.ReadFileAsync("eval.py", maxBytes: 100);
        var detailed = await sandbox.ReadFileDetailedAsync("eval.py");

        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo("print('hello')"));
            Assert.That(detailed.Size, Is.EqualTo(14));
            Assert.That(detailed.Truncated, Is.False);
            Assert.That(test.Stub.Requests[0].Body, Is.EqualTo("""{"path":"eval.py","encoding":"utf8","max_bytes":100}"""));
        });
    }

    [Test]
    public async Task Binary_read_decodes_base64_to_bytes_and_streams()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", ReadPath, $$"""{"encoding":"base64","content":"{{Convert.ToBase64String(Binary)}}"}""");
        var sandbox = test.Sandbox();

        var bytes = await sandbox.ReadFileBytesAsync("bin.dat");
        using var destination = new MemoryStream();
        await sandbox.ReadFileToStreamAsync("bin.dat", destination);

        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.EqualTo(Binary));
            Assert.That(destination.ToArray(), Is.EqualTo(Binary));
            Assert.That(test.Stub.Requests[0].Body, Does.Contain("\"encoding\":\"base64\""));
        });
    }

    [Test]
    public async Task Large_binary_read_and_write_round_trip_through_the_byte_paths()
    {
        // Past the serializer's small-body threshold (64 KiB) bodies are parsed from bytes, not from one string.
        var large = new byte[300 * 1024];
        new Random(7).NextBytes(large);
        using var test = new TestClient();
        test.Stub.OnJson("POST", ReadPath, $$"""{"encoding":"base64","truncated":false,"content":"{{Convert.ToBase64String(large)}}"}""");
        test.Stub.OnJson("POST", WritePath, "{}");
        var sandbox = test.Sandbox();

        var bytes = await sandbox.ReadFileBytesAsync("big.bin");
        await sandbox.WriteFileAsync("copy.bin", bytes);

        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.EqualTo(large));
            Assert.That(test.Stub.Requests[1].Body, Does.Contain(Convert.ToBase64String(large)));
        });
    }

    [Test]
    public async Task Binary_read_of_a_text_answer_uses_its_utf8_bytes()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", ReadPath, """{"encoding":"utf8","content":"héllo"}""");

        var bytes = await test.Sandbox().ReadFileBytesAsync("a.txt");

        Assert.That(bytes, Is.EqualTo(Encoding.UTF8.GetBytes("héllo")));
    }

    [Test]
    public async Task Invalid_base64_is_an_api_exception()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", ReadPath, """{"encoding":"base64","content":"%%%"}""");

        await Assert.ThrowsAsync<ApiException>(() => test.Sandbox().ReadFileBytesAsync("a"));
    }

    [Test]
    public async Task Listing_sends_path_recursive_and_depth()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", "/v1/sandboxes/sb_1/files", Json.FileList);
        var sandbox = test.Sandbox();

        var entries = await sandbox.ListFilesAsync();
        await sandbox.ListFilesAsync("src", recursive: true, maxDepth: 2);

        var first = test.Stub.Requests[0];
        var second = test.Stub.Requests[1];
        Assert.Multiple(() =>
        {
            Assert.That(entries.Single().Name, Is.EqualTo(".bashrc"));
            Assert.That(entries.Single().IsDir, Is.False);
            Assert.That(entries.Single().ModifiedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1716982800)));
            Assert.That(first.Query("path"), Is.EqualTo("."));
            Assert.That(first.Query("recursive"), Is.Null);
            Assert.That(second.Query("path"), Is.EqualTo("src"));
            Assert.That(second.Query("recursive"), Is.EqualTo("true"));
            Assert.That(second.Query("max_depth"), Is.EqualTo("2"));
        });
    }

    [Test]
    public void File_encoding_constants_match_the_wire()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FileEncoding.Utf8.ToString(), Is.EqualTo("utf8"));
            Assert.That(FileEncoding.Base64.ToString(), Is.EqualTo("base64"));
        });
    }

    [Test]
    public async Task Streamed_reads_map_error_answers_to_the_sdk_exceptions()
    {
        using var test = new TestClient();
        test.Stub.On("POST", ReadPath, 404, Json.Envelope("file_not_found", "no such file", "check the path"));

        var toStream = await Assert.ThrowsAsync<NotFoundException>(() => test.Sandbox().ReadFileToStreamAsync("missing.bin", Stream.Null));
        var toBytes = await Assert.ThrowsAsync<NotFoundException>(() => test.Sandbox().ReadFileBytesAsync("missing.bin"));

        Assert.Multiple(() =>
        {
            Assert.That(toStream!.Slug, Is.EqualTo("file_not_found"));
            Assert.That(toStream.StatusCode, Is.EqualTo(404));
            Assert.That(toBytes!.Slug, Is.EqualTo("file_not_found"));
            Assert.That(test.Stub.Requests[0].Body, Is.EqualTo("""{"path":"missing.bin","encoding":"base64"}"""));
        });
    }

    [Test]
    public async Task Streamed_reads_send_max_bytes_and_take_content_before_the_other_fields()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", ReadPath, $$"""{"content":"{{Convert.ToBase64String(Binary)}}","truncated":true,"encoding":"base64","size_bytes":99}""");

        var bytes = await test.Sandbox().ReadFileBytesAsync("a.bin", maxBytes: 8);

        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.EqualTo(Binary));
            Assert.That(test.Stub.Requests.Single().Body, Is.EqualTo("""{"path":"a.bin","encoding":"base64","max_bytes":8}"""));
        });
    }
}
