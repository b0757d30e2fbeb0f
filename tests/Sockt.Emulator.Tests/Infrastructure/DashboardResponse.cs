using System.Text.Json.Nodes;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>What <see cref="DashboardHttp"/> received.</summary>
internal sealed record DashboardResponse(string CookieName, int Code, string? MediaType, string? Location, IReadOnlyList<string> SetCookies, string Text, JsonNode? Json)
{
    /// <summary>The error slug of an envelope, null when the body is not one.</summary>
    public string? ErrorCode => Json?["code"]?.GetValue<string>();

    public bool IsEnvelope => Json is JsonObject o && o.ContainsKey("code") && o.ContainsKey("error") && o.ContainsKey("message") && o.ContainsKey("hint");

    /// <summary>The Set-Cookie line of the session cookie, if any.</summary>
    public string? SessionCookieLine => SetCookies.FirstOrDefault(line => line.StartsWith(CookieName + "=", StringComparison.Ordinal));

    /// <summary>The session cookie's value, if one was set.</summary>
    public string? SessionCookie => SessionCookieLine?.Split(';')[0][(CookieName.Length + 1)..] is { Length: > 0 } value ? value : null;

    public override string ToString() => $"{Code} {Text}";
}
