using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Sockt.Contract.Tests.Infrastructure;
using Sockt.Models;
using Sockt.Serialization;

namespace Sockt.Contract.Tests.Wire;

/// <summary>
/// Request DTOs serialize to the documented bodies (TestData/requests): snake_case names, optional nulls
/// omitted, <c>create_dirs</c> always sent, even when false.
/// </summary>
public sealed class RequestSerializationTests
{
    public static IEnumerable<TestCaseData> Requests()
    {
        yield return Request("create-lightning.json", new CreateSandboxRequest { Tier = "nano", BillingMethod = "lightning", PrepaidSats = 5000, Label = "eval-run" });
        yield return Request("create-credits.json", new CreateSandboxRequest { Tier = "micro", BillingMethod = "credits", InitialCreditsCents = 100 });
        yield return Request("create-minimal.json", new CreateSandboxRequest { Tier = "nano" });
        yield return Request("exec.json", new ExecRequest { Command = "python3 eval.py", WorkingDir = ".", TimeoutMs = 30000 });
        yield return Request("exec-minimal.json", new ExecRequest { Command = "ls -la" });
        yield return Request("write-file.json", new WriteFileRequest { Path = "eval.py", Content = "print('hello')", Encoding = "utf8", CreateDirs = true });
        yield return Request("write-file-no-dirs.json", new WriteFileRequest { Path = "notes.txt", Content = "hi", CreateDirs = false });
        yield return Request("read-file.json", new ReadFileRequest { Path = "eval.py", Encoding = "utf8", MaxBytes = 1024 });
        yield return Request("read-file-minimal.json", new ReadFileRequest { Path = "eval.py" });
        yield return Request("terminate.json", new TerminateSandboxRequest { LightningAddress = "agent-sats@wallet.example", SandboxToken = "" });
        yield return Request("terminate-empty.json", new TerminateSandboxRequest());
    }

    [TestCaseSource(nameof(Requests))]
    public async Task Request_serializes_to_the_documented_body(string file, object request)
    {
        var expected = WireJson.Parse(await File.ReadAllTextAsync(RepoPaths.TestData("requests", file)));

        using var content = new NewtonsoftContentSerializer().ToHttpContent(request);
        var actual = WireJson.Parse(await content.ReadAsStringAsync());

        Assert.That(JToken.DeepEquals(actual, expected), Is.True, $"sent {actual.ToString(Formatting.None)}");
    }

    [Test]
    public async Task Request_body_is_utf8_json()
    {
        using var content = new NewtonsoftContentSerializer().ToHttpContent(new ExecRequest { Command = "echo ✓" });

        Assert.That(content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(content.Headers.ContentType?.CharSet, Is.EqualTo("utf-8"));
        var bytes = await content.ReadAsByteArrayAsync();
        Assert.That(bytes[..3], Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "no byte order mark");
        Assert.That(System.Text.Encoding.UTF8.GetString(bytes), Is.EqualTo("{\"command\":\"echo ✓\"}"));
    }

    [Test]
    public void Create_dirs_is_sent_even_with_settings_that_drop_defaults()
    {
        // Guards the generated attribute itself, not just our settings: a caller serializing with
        // DefaultValueHandling.Ignore must still send "create_dirs": false.
        var settings = SocktJsonSettings.Create();
        settings.DefaultValueHandling = DefaultValueHandling.Ignore;

        var json = JsonConvert.SerializeObject(new WriteFileRequest { Path = "a", Content = "b", CreateDirs = false }, settings);

        Assert.That(JObject.Parse(json)["create_dirs"]?.Value<bool>(), Is.False, json);
    }

    [Test]
    public void A_missing_required_request_field_fails_loudly_instead_of_being_omitted()
    {
        var request = new ExecRequest { Command = null! };

        Assert.That(() => new NewtonsoftContentSerializer().ToHttpContent(request), Throws.InstanceOf<JsonSerializationException>());
    }

    private static TestCaseData Request(string file, object request) =>
        new TestCaseData(file, request).SetArgDisplayNames(file);
}
