using System.Globalization;
using System.Reflection;
using Newtonsoft.Json;
using Sockt.Models;
using Sockt.Serialization;

namespace Sockt.Contract.Tests.Serialization;

/// <summary>The Newtonsoft settings tolerate the real wire; the URL formatter writes what the service parses.</summary>
public sealed class SerializerTests
{
    private readonly NewtonsoftContentSerializer serializer = new();

    [Test]
    public void Pascal_case_keys_match_snake_case_properties_case_insensitively()
    {
        // Credits answers are Go struct dumps; a status may arrive as {"Status":"running","Tier":"nano"}.
        var status = serializer.DeserializeFromString<SandboxStatus>("""{"Status":"running","Tier":"nano","ID":"sb_1"}""");

        Assert.That(status?.Status, Is.EqualTo(SandboxState.Running));
        Assert.That(status?.Tier, Is.EqualTo("nano"));
        Assert.That(status?.SandboxId, Is.EqualTo("sb_1"));
    }

    [Test]
    public void Unknown_fields_and_type_hints_are_ignored()
    {
        var result = serializer.DeserializeFromString<ExecutionResult>(
            """{"$type":"System.IO.FileInfo, System.IO","status":"running","progress":{"pct":50},"exit_code":null}""");

        Assert.That(result?.Status, Is.EqualTo("running"));
        Assert.That(result?.ExitCode, Is.Null);
    }

    [Test]
    public void Nested_null_objects_and_lists_read_as_null()
    {
        var status = serializer.DeserializeFromString<SandboxStatus>("""{"pending_invoice":null}""");
        var result = serializer.DeserializeFromString<ExecutionResult>("""{"output":null}""");

        Assert.That(status?.PendingInvoice, Is.Null);
        Assert.That(result?.Output, Is.Null);
    }

    [TestCase("")]
    [TestCase("  ")]
    public void An_empty_body_reads_as_null(string body) =>
        Assert.That(serializer.DeserializeFromString<SandboxStatus>(body), Is.Null);

    [Test]
    public async Task The_declared_charset_is_honoured()
    {
        using var content = new ByteArrayContent(System.Text.Encoding.Latin1.GetBytes("""{"chunk":"café"}"""));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "iso-8859-1" };

        var chunk = await serializer.FromHttpContentAsync<OutputChunk>(content);

        Assert.That(chunk?.Chunk, Is.EqualTo("café"));
    }

    [Test]
    public void Field_names_for_refit_come_from_json_property()
    {
        var property = typeof(ExecRequest).GetProperty(nameof(ExecRequest.WorkingDir))!;

        Assert.That(serializer.GetFieldNameForProperty(property), Is.EqualTo("working_dir"));
        Assert.That(() => serializer.GetFieldNameForProperty(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void Settings_are_fresh_per_call()
    {
        var first = SocktJsonSettings.Create();
        first.NullValueHandling = NullValueHandling.Include;

        Assert.That(SocktJsonSettings.Create().NullValueHandling, Is.EqualTo(NullValueHandling.Ignore));
        Assert.That(SocktJsonSettings.Create().TypeNameHandling, Is.EqualTo(TypeNameHandling.None));
        Assert.That(SocktJsonSettings.Create().DateParseHandling, Is.EqualTo(DateParseHandling.None));
    }

    [TestCase(true, "true")]
    [TestCase(false, "false")]
    [TestCase(2, "2")]
    [TestCase(5000000000L, "5000000000")]
    [TestCase(1.5, "1.5")]
    [TestCase("src/app", "src/app")]
    public void Url_values_are_written_invariantly(object value, string expected)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.That(new SocktUrlParameterFormatter().Format(value, EmptyAttributes.Instance, typeof(object)), Is.EqualTo(expected));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public void A_null_url_value_formats_as_null() =>
        Assert.That(new SocktUrlParameterFormatter().Format(null, EmptyAttributes.Instance, typeof(object)), Is.Null);

    private sealed class EmptyAttributes : ICustomAttributeProvider
    {
        public static readonly EmptyAttributes Instance = new();

        public object[] GetCustomAttributes(bool inherit) => [];

        public object[] GetCustomAttributes(Type attributeType, bool inherit) => [];

        public bool IsDefined(Type attributeType, bool inherit) => false;
    }
}
