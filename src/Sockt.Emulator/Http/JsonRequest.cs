using System.Text.Json;

namespace Sockt.Emulator.Http;

/// <summary>A parsed JSON request body with strict, well-explained field access.</summary>
internal sealed class JsonRequest
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 32 };

    private readonly JsonElement? root;

    private JsonRequest(JsonElement? root) => this.root = root;

    /// <summary>Reads the body. An absent or empty body is allowed only when <paramref name="required"/> is false.</summary>
    public static async Task<JsonRequest> ReadAsync(HttpContext context, bool required)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), required);
    }

    /// <summary>Parses a body already read. An empty body is allowed only when <paramref name="required"/> is false.</summary>
    public static JsonRequest Parse(ReadOnlyMemory<byte> data, bool required)
    {
        if (data.Span.TrimStart(" \n\r\t"u8).IsEmpty)
        {
            if (required)
            {
                throw ApiException.InvalidParams("request body is required (a JSON object)");
            }

            return new JsonRequest(null);
        }

        if (!System.Text.Unicode.Utf8.IsValid(data.Span))
        {
            throw ApiException.InvalidParams("request body is not valid UTF-8", "Send the JSON body encoded as UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data, ParseOptions);
        }
        catch (JsonException e)
        {
            throw ApiException.InvalidParams("malformed JSON body: " + e.Message, "Send a JSON object with Content-Type: application/json");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.InvalidParams($"request body must be a JSON object, not {Describe(document.RootElement.ValueKind)}");
            }

            return new JsonRequest(document.RootElement.Clone());
        }
    }

    public string? GetString(string name, bool required = false)
    {
        var value = Get(name);
        if (value is null)
        {
            return required ? throw ApiException.InvalidParams($"'{name}' is required") : null;
        }

        if (value.Value.ValueKind != JsonValueKind.String)
        {
            throw ApiException.InvalidParams($"'{name}' must be a string, not {Describe(value.Value.ValueKind)}");
        }

        try
        {
            return value.Value.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (\ud800) is valid JSON but no text.
            throw ApiException.InvalidParams($"'{name}' is not valid text (it holds a lone UTF-16 surrogate)", "Escape only complete surrogate pairs in JSON strings");
        }
    }

    public long? GetInt64(string name)
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt64(out var number))
        {
            return number;
        }

        throw ApiException.InvalidParams(value.Value.ValueKind == JsonValueKind.Number
            ? $"'{name}' must be a whole number within range"
            : $"'{name}' must be an integer, not {Describe(value.Value.ValueKind)}");
    }

    public double? GetDouble(string name)
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }

        return value.Value.ValueKind == JsonValueKind.Number
            ? value.Value.GetDouble()
            : throw ApiException.InvalidParams($"'{name}' must be a number, not {Describe(value.Value.ValueKind)}");
    }

    public bool? GetBoolean(string name)
    {
        var value = Get(name);
        return value?.ValueKind switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            var kind => throw ApiException.InvalidParams($"'{name}' must be a boolean, not {Describe(kind!.Value)}"),
        };
    }

    private JsonElement? Get(string name)
    {
        if (root is null || !root.Value.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
