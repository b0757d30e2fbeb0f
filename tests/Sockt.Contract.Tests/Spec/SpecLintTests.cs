using Microsoft.OpenApi.Models;
using Sockt.Contract.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Sockt.Contract.Tests.Spec;

/// <summary>
/// Lint of spec/sockt.openapi.yaml: the rules the generator and the facade rely on, checked on every build.
/// </summary>
public sealed class SpecLintTests
{
    /// <summary>The REST table of shared/reference/sockt-wire.md §2 (#1–#13) with the operationIds the SDK uses.</summary>
    private static readonly (string Verb, string Path, string OperationId)[] RestTable =
    [
        ("GET", "/v1/sandboxes/tiers", "listTiers"),
        ("POST", "/v1/sandboxes", "createSandbox"),
        ("GET", "/v1/sandboxes/{sandbox_id}", "getSandboxStatus"),
        ("POST", "/v1/sandboxes/{sandbox_id}/exec", "startExecution"),
        ("GET", "/v1/executions/{execution_id}", "getExecutionResult"),
        ("DELETE", "/v1/executions/{execution_id}", "cancelExecution"),
        ("POST", "/v1/sandboxes/{sandbox_id}/files/write", "writeFile"),
        ("POST", "/v1/sandboxes/{sandbox_id}/files/read", "readFile"),
        ("GET", "/v1/sandboxes/{sandbox_id}/files", "listFiles"),
        ("POST", "/v1/sandboxes/{sandbox_id}/pause", "pauseSandbox"),
        ("POST", "/v1/sandboxes/{sandbox_id}/resume", "resumeSandbox"),
        ("DELETE", "/v1/sandboxes/{sandbox_id}", "terminateSandbox"),
        ("GET", "/v1/sandboxes/{sandbox_id}/shell-url", "getShellUrl"),
    ];

    private static OpenApiDocument Document => SpecDocument.Load();

    private static IEnumerable<(string Verb, string Path, OpenApiOperation Operation)> Operations =>
        Document.Paths.SelectMany(path => path.Value.Operations.Select(operation =>
            (operation.Key.ToString().ToUpperInvariant(), path.Key, operation.Value)));

    [Test]
    public void Spec_is_openapi_3_0_3_and_reads_without_errors()
    {
        Assert.That(SpecDocument.Diagnostic.SpecificationVersion, Is.EqualTo(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0));
        Assert.That(File.ReadLines(RepoPaths.Spec).First(), Is.EqualTo("openapi: 3.0.3"), "NSwag does not support 3.1");
        Assert.That(SpecDocument.Diagnostic.Errors.Select(error => $"{error.Pointer}: {error.Message}"), Is.Empty);
    }

    [Test]
    public void Every_path_of_the_rest_table_is_present_with_its_operation_id_and_nothing_else()
    {
        var actual = Operations.Select(operation => (operation.Verb, operation.Path, operation.Operation.OperationId));

        Assert.That(actual, Is.EquivalentTo(RestTable));
    }

    [Test]
    public void Every_operation_has_an_id_a_summary_a_success_and_an_error_response()
    {
        Assert.Multiple(() =>
        {
            foreach (var (verb, path, operation) in Operations)
            {
                var name = $"{verb} {path}";
                Assert.That(operation.OperationId, Does.Match("^[a-z][A-Za-z]+$"), $"{name}: operationId (no '_': NSwag mangles those)");
                Assert.That(operation.Summary, Is.Not.Empty, $"{name}: summary");
                Assert.That(operation.Tags, Is.Not.Empty, $"{name}: tag");
                Assert.That(operation.Responses.Keys.Count(code => code.StartsWith('2')), Is.EqualTo(1), $"{name}: exactly one 2xx");
                Assert.That(operation.Responses.Keys.Where(code => code[0] is '4' or '5'), Is.Not.Empty, $"{name}: error responses");
                Assert.That(operation.Responses.Keys, Does.Contain("429").And.Contain("500"), $"{name}: rate limit and server error");
            }
        });
    }

    [Test]
    public void Every_error_response_uses_the_error_envelope()
    {
        Assert.Multiple(() =>
        {
            foreach (var (verb, path, operation) in Operations)
            {
                foreach (var (code, response) in operation.Responses.Where(response => response.Key[0] is '4' or '5'))
                {
                    Assert.That(response.Content.TryGetValue("application/json", out var json), Is.True, $"{verb} {path} {code}: JSON body");
                    Assert.That(json?.Schema?.Reference?.Id, Is.EqualTo("ErrorEnvelope"), $"{verb} {path} {code}: envelope");
                }
            }
        });
    }

    /// <summary>
    /// The error answers only the emulator gives (its browser guard, its HTTP server's refusals rewritten to the
    /// envelope, its own limits), each documented on every operation and marked as an emulator extension, so that
    /// the emulator's tests can validate them against the spec like any other answer.
    /// </summary>
    [TestCase("400", "MalformedRequest", "bad_request")]
    [TestCase("403", "Forbidden", "forbidden")]
    [TestCase("413", "PayloadTooLarge", "disk_full")]
    [TestCase("414", "UriTooLong", "uri_too_long")]
    [TestCase("415", "UnsupportedMediaType", "unsupported_media_type")]
    [TestCase("421", "MisdirectedRequest", "invalid_host")]
    [TestCase("429", "RateLimited", "too_many_transfers")]
    [TestCase("429", "RateLimited", "too_many_shells")]
    [TestCase("431", "RequestHeaderFieldsTooLarge", "headers_too_large")]
    public void Emulator_extension_statuses_are_documented_on_every_operation_as_extensions(string status, string component, string slug)
    {
        var response = Document.Components.Responses[component];

        Assert.Multiple(() =>
        {
            Assert.That(response.Description, Does.Contain("Emulator extension"));
            Assert.That(response.Description, Does.Contain($"`{slug}`"));
            Assert.That(
                Operations.Where(operation => !operation.Operation.Responses.ContainsKey(status)).Select(operation => $"{operation.Verb} {operation.Path}"),
                Is.Empty,
                $"operations without {status}");
        });
    }

    [Test]
    public void The_rate_limit_documents_its_plain_text_body()
    {
        var rateLimited = Document.Components.Responses["RateLimited"];

        Assert.That(rateLimited.Content.Keys, Does.Contain("text/plain"));
    }

    [Test]
    public void Every_schema_is_referenced_somewhere()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepoPaths.Spec))
        {
            yaml.Load(reader);
        }

        var references = new HashSet<string>(StringComparer.Ordinal);
        CollectReferences(yaml.Documents[0].RootNode, references);

        Assert.That(Document.Components.Schemas.Keys.Where(name => !references.Contains(name)), Is.Empty);
    }

    [Test]
    public void Every_schema_is_closed_described_and_free_of_enums()
    {
        Assert.Multiple(() =>
        {
            foreach (var (name, schema) in Document.Components.Schemas)
            {
                Assert.That(schema.Description, Is.Not.Empty, $"{name}: description (becomes the XML doc)");
                Assert.That(schema.AdditionalPropertiesAllowed, Is.False, $"{name}: additionalProperties: false (else NSwag adds an extension-data bag)");
                foreach (var (propertyName, property) in schema.Properties)
                {
                    Assert.That(property.Description, Is.Not.Empty, $"{name}.{propertyName}: description");
                    Assert.That(property.Enum, Is.Empty, $"{name}.{propertyName}: open strings, not enums");
                }

                foreach (var required in schema.Required)
                {
                    Assert.That(schema.Properties[required].Nullable, Is.False, $"{name}.{required}: a required field is not nullable");
                }
            }
        });
    }

    [Test]
    public void Model_shaping_extensions_are_known_and_point_at_what_exists()
    {
        var sdk = typeof(Sockt.Models.SandboxStatus).Assembly;
        Assert.Multiple(() =>
        {
            foreach (var (name, schema) in Document.Components.Schemas)
            {
                foreach (var key in schema.Extensions.Keys)
                {
                    Assert.That(key, Is.EqualTo("x-sockt-access"), $"{name}: schema extension");
                    Assert.That(Text(schema.Extensions[key]), Is.EqualTo("internal"), $"{name}.{key}");
                }

                foreach (var (propertyName, property) in schema.Properties)
                {
                    var where = $"{name}.{propertyName}";
                    foreach (var (key, value) in property.Extensions)
                    {
                        switch (key)
                        {
                            case "x-sockt-name":
                                Assert.That(Text(value), Does.Match("^[A-Z][A-Za-z0-9]*$"), where);
                                break;
                            case "x-sockt-internal":
                                Assert.That(value, Is.InstanceOf<Microsoft.OpenApi.Any.OpenApiBoolean>(), where);
                                break;
                            case "x-sockt-fallback":
                                Assert.That(schema.Properties.Keys, Does.Contain(Text(value)), $"{where}: the fallback is a property of the same schema");
                                break;
                            case "x-sockt-enum":
                                Assert.That(sdk.GetType("Sockt." + Text(value)), Is.Not.Null.And.Property("IsValueType").True, $"{where}: an extensible-enum struct of the SDK");
                                break;
                            case "x-sockt-default":
                                Assert.That(property.Extensions.Keys, Does.Contain("x-sockt-enum"), $"{where}: a default only for enums");
                                break;
                            case "x-sockt-unit":
                                Assert.That(Text(value), Is.AnyOf("seconds", "unix-seconds"), where);
                                Assert.That(property.Type, Is.EqualTo("integer"), where);
                                break;
                            default:
                                Assert.Fail($"{where}: unknown extension {key}");
                                break;
                        }
                    }
                }
            }
        });

        static string? Text(Microsoft.OpenApi.Interfaces.IOpenApiExtension value) => (value as Microsoft.OpenApi.Any.OpenApiString)?.Value;
    }

    [Test]
    public void Every_parameter_is_described()
    {
        Assert.Multiple(() =>
        {
            foreach (var (verb, path, operation) in Operations)
            {
                var parameters = operation.Parameters.Concat(Document.Paths[path].Parameters);
                foreach (var parameter in parameters)
                {
                    Assert.That(parameter.Description, Is.Not.Empty, $"{verb} {path} {parameter.Name}");
                }
            }
        });
    }

    private static void CollectReferences(YamlNode node, HashSet<string> references)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: "$ref" } && value is YamlScalarNode { Value: { } target }
                        && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        references.Add(target["#/components/schemas/".Length..]);
                    }

                    CollectReferences(value, references);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    CollectReferences(child, references);
                }

                break;
        }
    }
}
