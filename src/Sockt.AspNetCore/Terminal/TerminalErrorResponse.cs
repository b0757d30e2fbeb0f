using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sockt.AspNetCore.Terminal;

/// <summary>A refused terminal request's answer: the status and the error envelope of the Sockt API.</summary>
internal static class TerminalErrorResponse
{
    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        var envelope = new JsonObject
        {
            ["code"] = code,
            ["error"] = code,
            ["message"] = message,
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(envelope.ToJsonString(), context.RequestAborted);
    }
}
