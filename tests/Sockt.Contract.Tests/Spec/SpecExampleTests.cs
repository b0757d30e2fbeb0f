using Newtonsoft.Json.Linq;
using Sockt.Contract.Tests.Infrastructure;
using Sockt.Serialization;
using YamlDotNet.RepresentationModel;

namespace Sockt.Contract.Tests.Spec;

/// <summary>
/// Every JSON example written in the spec (request bodies, success bodies, error bodies) round-trips through
/// the DTO its schema names without losing or changing a field, so the spec's examples and schemas agree.
/// </summary>
public sealed class SpecExampleTests
{
    private const string SchemaPrefix = "#/components/schemas/";

    public static IEnumerable<TestCaseData> Examples()
    {
        var spec = YamlJson.LoadSpec();
        foreach (var (path, pathItem) in spec.Get("paths").Entries())
        {
            foreach (var (verb, operation) in pathItem.Entries().Where(entry => entry.Key != "parameters"))
            {
                var name = $"{verb.ToUpperInvariant()} {path}";
                foreach (var example in FromContent(name + " request", operation.Get("requestBody", "content", "application/json")))
                {
                    yield return example;
                }

                foreach (var (code, response) in operation.Get("responses").Entries())
                {
                    foreach (var example in FromContent($"{name} {code}", response.Get("content", "application/json")))
                    {
                        yield return example;
                    }
                }
            }
        }

        foreach (var (responseName, response) in spec.Get("components", "responses").Entries())
        {
            foreach (var example in FromContent("response " + responseName, response.Get("content", "application/json")))
            {
                yield return example;
            }
        }
    }

    [TestCaseSource(nameof(Examples))]
    public void Spec_example_round_trips_through_its_dto(string label, string json, string[] candidateDtos)
    {
        var original = WireJson.Parse(json);
        var serializer = SocktJsonSettings.CreateSerializer();

        // For oneOf bodies the example must match one of the shapes exactly.
        var results = candidateDtos.Select(dtoName =>
        {
            var value = original.ToObject(GeneratedContract.DtoNamed(dtoName), serializer)!;
            var back = JToken.FromObject(value, serializer);
            return (dtoName, back, Equal: WireJson.Equivalent(back, original));
        }).ToList();

        Assert.That(results.Any(result => result.Equal), Is.True,
            $"{label}: {original}\n" + string.Join("\n", results.Select(result => $"as {result.dtoName}: {result.back}")));
    }

    [Test]
    public void Every_operation_has_a_success_example_and_both_billing_modes_are_shown()
    {
        var labels = Examples().Select(example => (string)example.Arguments[0]!).ToList();
        var operations = YamlJson.LoadSpec().Get("paths").Entries()
            .SelectMany(path => path.Value.Entries().Where(entry => entry.Key != "parameters").Select(entry => $"{entry.Key.ToUpperInvariant()} {path.Key}"))
            .ToList();

        Assert.Multiple(() =>
        {
            foreach (var operation in operations)
            {
                Assert.That(labels, Has.Some.StartsWith(operation + " 2"), operation);
            }

            Assert.That(labels, Does.Contain("POST /v1/sandboxes 201 (lightning)").And.Contain("POST /v1/sandboxes 201 (credits)"));
            Assert.That(labels, Does.Contain("DELETE /v1/sandboxes/{sandbox_id} 200 (lightning)").And.Contain("DELETE /v1/sandboxes/{sandbox_id} 200 (credits)"));
        });
    }

    private static IEnumerable<TestCaseData> FromContent(string label, YamlNode? content)
    {
        if (content is null)
        {
            yield break;
        }

        var candidates = Candidates(content.Get("schema"));
        if (candidates.Length == 0)
        {
            yield break;
        }

        if (content.Get("example") is { } example)
        {
            yield return Case(label, example, candidates);
        }

        foreach (var (exampleName, named) in content.Get("examples").Entries())
        {
            yield return Case($"{label} ({exampleName})", named.Get("value")!, candidates);
        }
    }

    private static string[] Candidates(YamlNode? schema)
    {
        if (schema.Get("$ref") is YamlScalarNode { Value: { } reference })
        {
            return [reference[SchemaPrefix.Length..]];
        }

        return schema.Get("oneOf") is YamlSequenceNode oneOf
            ? oneOf.Children.Select(option => ((YamlScalarNode)option.Get("$ref")!).Value![SchemaPrefix.Length..]).ToArray()
            : [];
    }

    private static TestCaseData Case(string label, YamlNode example, string[] candidates) =>
        new TestCaseData(label, YamlJson.ToJson(example).ToString(Newtonsoft.Json.Formatting.None), candidates).SetArgDisplayNames(label);
}
