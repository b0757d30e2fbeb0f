using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Sockt.Benchmarks.Raw;

/// <summary>
/// The floor for the HTTP cases: one HttpClient with the Bearer header set once, Newtonsoft.Json for bodies, no
/// retries, no logging, no error mapping beyond EnsureSuccessStatusCode.
/// </summary>
public sealed class RawSocktClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient http;

    public RawSocktClient(Uri baseUrl, string apiKey)
    {
        http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public HttpClient Http => http;

    public async Task<RawSandboxStatus> GetStatusAsync(string sandboxId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("/v1/sandboxes/" + sandboxId, cancellationToken);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonConvert.DeserializeObject<RawSandboxStatus>(text)!;
    }

    public async Task<string> StartExecutionAsync(string sandboxId, string command, CancellationToken cancellationToken = default)
    {
        var body = JsonConvert.SerializeObject(new JObject { ["command"] = command });
        using var content = new StringContent(body, Encoding.UTF8, Json);
        using var response = await http.PostAsync("/v1/sandboxes/" + sandboxId + "/exec", content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var started = JObject.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (string?)started["execution_id"] ?? throw new InvalidOperationException("exec answered without an execution_id");
    }

    public async Task<RawExecutionResult> PollExecutionAsync(string executionId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("/v1/executions/" + executionId, cancellationToken);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonConvert.DeserializeObject<RawExecutionResult>(text)!;
    }

    /// <summary>POST /v1/sandboxes (credits); returns the id and the status of the create answer.</summary>
    public async Task<(string Id, string? Status)> CreateSandboxAsync(string tier, CancellationToken cancellationToken = default)
    {
        var body = JsonConvert.SerializeObject(new JObject { ["tier"] = tier, ["billing_method"] = "credits" });
        using var content = new StringContent(body, Encoding.UTF8, Json);
        using var response = await http.PostAsync("/v1/sandboxes", content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var created = JObject.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var id = (string?)created["sandbox_id"] ?? (string?)created["ID"] ?? throw new InvalidOperationException("create answered without an id");
        return (id, (string?)created["status"] ?? (string?)created["Status"]);
    }

    /// <summary>The CLI's data-plane probe: GET /files?path=. must answer 200.</summary>
    public async Task<bool> ProbeDataPlaneAsync(string sandboxId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("/v1/sandboxes/" + sandboxId + "/files?path=.", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public async Task TerminateAsync(string sandboxId, CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync("/v1/sandboxes/" + sandboxId, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<Uri> GetShellUrlAsync(string sandboxId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("/v1/sandboxes/" + sandboxId + "/shell-url", cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = JObject.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return new Uri((string?)body["url"] ?? throw new InvalidOperationException("shell-url answered without a url"));
    }

    public void Dispose() => http.Dispose();
}
