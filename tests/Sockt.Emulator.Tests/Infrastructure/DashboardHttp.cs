using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>
/// The dashboard's HTTP as a browser sends it, by hand: no cookie jar and no redirects followed, so each test says
/// which cookie and Origin a request carries and sees the Set-Cookie and Location it gets.
/// </summary>
internal sealed partial class DashboardHttp(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The session cookie's name: one per emulator port.</summary>
    public string CookieName { get; } = "sockt_dashboard_" + baseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Cookie header of a session.</summary>
    public string CookieHeader(string session) => CookieName + "=" + session;

    /// <summary>The emulator's own origin, as its page sends it.</summary>
    public string OwnOrigin { get; } = baseUrl.GetLeftPart(UriPartial.Authority);

    public async Task<DashboardResponse> GetAsync(string path, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", CookieHeader(cookie));
        }

        return await SendAsync(request);
    }

    /// <summary>Posts a form (or any body with <paramref name="contentType"/>) with the given cookie and Origin (null: none).</summary>
    public async Task<DashboardResponse> PostAsync(string path, string? cookie, string? origin, string body, string contentType = "application/x-www-form-urlencoded")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", CookieHeader(cookie));
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await SendAsync(request);
    }

    public Task<DashboardResponse> PostFormAsync(string path, string? cookie, string? origin, IDictionary<string, string> form) =>
        PostAsync(path, cookie, origin, string.Join('&', form.Select(pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value))));

    /// <summary>Signs in with <paramref name="adminKey"/> from the own origin; returns the session cookie's value.</summary>
    public async Task<string> SignInAsync(string adminKey)
    {
        var response = await PostFormAsync("/dashboard/login", null, OwnOrigin, new Dictionary<string, string> { ["admin_key"] = adminKey });
        Assert.That(response.Code, Is.EqualTo(303), response.ToString());
        return response.SessionCookie ?? throw new AssertionException("no session cookie after signing in");
    }

    /// <summary>The anti-forgery token in the signed-in dashboard page's forms.</summary>
    public async Task<string> CsrfTokenAsync(string cookie)
    {
        var page = await GetAsync("/", cookie);
        var match = CsrfField().Match(page.Text);
        Assert.That(match.Success, Is.True, "the page has a form with the token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => http.Dispose();

    private async Task<DashboardResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null;
        return new DashboardResponse(CookieName, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.Location?.ToString(), setCookies, text, json);
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
