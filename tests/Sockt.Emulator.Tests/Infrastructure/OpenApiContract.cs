using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>
/// spec/sockt.openapi.yaml, loaded once: checks that a response's status is documented for its operation and that
/// its body matches the documented schema (types, nullability, required and unknown properties, oneOf/allOf).
/// </summary>
internal sealed class OpenApiContract
{
    private static readonly Lazy<OpenApiContract> Shared = new(Load);

    private readonly OpenApiDocument document;

    private OpenApiContract(OpenApiDocument document) => this.document = document;

    public static OpenApiContract Instance => Shared.Value;

    public OpenApiDocument Document => document;

    /// <summary>Every (operationId, status) a test received and checked, for the coverage test.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string OperationId, int Status), bool> Seen { get; } = new();

    /// <summary>Problems with the response; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(HttpMethod method, string path, int status, string? mediaType, string body)
    {
        var errors = new List<string>();
        var operation = FindOperation(method, path);
        if (operation is null)
        {
            return [$"{method} {path} is not an operation of the spec"];
        }

        Seen[(operation.OperationId, status)] = true;
        if (!operation.Responses.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response)
            && !operation.Responses.TryGetValue("default", out response))
        {
            return [$"{method} {path} answered {status}, which the spec does not document for this operation"];
        }

        var type = mediaType ?? "";
        if (!response.Content.TryGetValue(type, out var media))
        {
            return [$"{method} {path} {status} answered content type '{type}', the spec documents: {string.Join(", ", response.Content.Keys)}"];
        }

        if (type != "application/json")
        {
            return errors;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return [$"{method} {path} {status}: body is not JSON: {e.Message}"];
        }

        Validate(media.Schema, node, "$", errors);
        return errors;
    }

    /// <summary>
    /// Fails the test when an answer to one of the spec's operations does not conform (the emulator's own extensions,
    /// such as 415 or 421, are documented too); answers to other paths (the admin API, unknown routes) are not checked.
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="pathAndQuery">The request's path, with or without a query.</param>
    /// <param name="status">The answer's status.</param>
    /// <param name="mediaType">The answer's media type, if any.</param>
    /// <param name="body">The answer's body.</param>
    public void AssertConforms(HttpMethod method, string pathAndQuery, int status, string? mediaType, string body)
    {
        var path = pathAndQuery.Split('?')[0];
        if (path.StartsWith("/v1/", StringComparison.Ordinal) && Documents(method, path))
        {
            Assert.That(Check(method, path, status, mediaType, body), Is.Empty, $"{method} {path} answered {status} {body}");
        }
    }

    /// <summary>Whether <paramref name="path"/> (without query) is one of the spec's operations for <paramref name="method"/>.</summary>
    public bool Documents(HttpMethod method, string path) => FindOperation(method, path) is not null;

    /// <summary>Problems of <paramref name="node"/> against the component schema named <paramref name="schemaName"/>.</summary>
    public IReadOnlyList<string> CheckSchema(string schemaName, JsonNode? node)
    {
        var errors = new List<string>();
        Validate(document.Components.Schemas[schemaName], node, "$", errors);
        return errors;
    }

    private OpenApiOperation? FindOperation(HttpMethod method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var operationType = Enum.Parse<OperationType>(method.Method, ignoreCase: true);
        // Literal segments win over templates (tiers before {sandbox_id}), as in the server's routing.
        foreach (var (template, item) in document.Paths.OrderBy(p => p.Key.Count(c => c == '{')))
        {
            var parts = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == segments.Length
                && parts.Zip(segments).All(p => p.First.StartsWith('{') || p.First == p.Second)
                && item.Operations.TryGetValue(operationType, out var operation))
            {
                return operation;
            }
        }

        return null;
    }

    private static void Validate(OpenApiSchema schema, JsonNode? node, string at, List<string> errors)
    {
        if (node is null)
        {
            if (!schema.Nullable)
            {
                errors.Add($"{at} is null but the schema is not nullable");
            }

            return;
        }

        foreach (var part in schema.AllOf)
        {
            Validate(part, node, at, errors);
        }

        if (schema.OneOf.Count > 0)
        {
            var matches = schema.OneOf.Count(option =>
            {
                var optionErrors = new List<string>();
                Validate(option, node, at, optionErrors);
                return optionErrors.Count == 0;
            });
            if (matches != 1)
            {
                errors.Add($"{at} matches {matches} of the oneOf alternatives, expected exactly 1");
            }
        }

        switch (schema.Type)
        {
            case "object":
                if (node is not JsonObject obj)
                {
                    errors.Add($"{at} should be an object");
                    return;
                }

                foreach (var required in schema.Required)
                {
                    if (!obj.ContainsKey(required))
                    {
                        errors.Add($"{at}.{required} is required");
                    }
                }

                foreach (var (name, value) in obj)
                {
                    if (schema.Properties.TryGetValue(name, out var property))
                    {
                        Validate(property, value, $"{at}.{name}", errors);
                    }
                    else if (!schema.AdditionalPropertiesAllowed || schema.AdditionalProperties is { } extra && extra.Not is not null)
                    {
                        errors.Add($"{at}.{name} is not a property of the schema");
                    }
                }

                break;
            case "array":
                if (node is not JsonArray array)
                {
                    errors.Add($"{at} should be an array");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Validate(schema.Items, array[i], $"{at}[{i}]", errors);
                }

                break;
            case "string":
                if (node.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add($"{at} should be a string, is {node.GetValueKind()}");
                }

                break;
            case "integer":
                if (node.GetValueKind() != JsonValueKind.Number || !long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    errors.Add($"{at} should be an integer, is {node.ToJsonString()}");
                }
                else if (schema.Format == "int32" && number is < int.MinValue or > int.MaxValue)
                {
                    errors.Add($"{at} is outside int32");
                }

                break;
            case "number":
                if (node.GetValueKind() != JsonValueKind.Number)
                {
                    errors.Add($"{at} should be a number");
                }

                break;
            case "boolean":
                if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{at} should be a boolean");
                }

                break;
        }
    }

    private static OpenApiContract Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "spec", "sockt.openapi.yaml");
        using var stream = File.OpenRead(path);
        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);
        if (diagnostic.Errors.Count > 0)
        {
            throw new InvalidOperationException("spec/sockt.openapi.yaml does not parse: " + string.Join("; ", diagnostic.Errors.Select(e => e.Message)));
        }

        return new OpenApiContract(document);
    }
}
