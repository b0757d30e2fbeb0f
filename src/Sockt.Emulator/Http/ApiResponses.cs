using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sockt.Emulator.Http;

/// <summary>Writes JSON bodies exactly as built (wire names are spelled out where the body is built).</summary>
internal static class ApiResponses
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a response record (wire names come from its <c>JsonPropertyName</c> attributes) or a JSON node.</summary>
    public static async Task WriteJsonAsync<T>(HttpContext context, int status, T body)
        where T : class
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, WriteOptions);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string code, string message, string? hint)
    {
        var envelope = new JsonObject
        {
            ["code"] = code,
            ["error"] = code,
            ["message"] = message,
            ["hint"] = hint,
        };
        return WriteJsonAsync(context, status, envelope);
    }

    public static async Task WritePlainTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
