using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>
/// Raw HTTP against an emulator. Every <c>/v1</c> response is checked against spec/sockt.openapi.yaml (status
/// documented for the operation, body matching its schema), so every test doubles as a contract test.
/// </summary>
internal sealed class EmulatorApi(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

    public Uri BaseUrl => baseUrl;

    public Task<ApiResponse> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token);

    public Task<ApiResponse> PostAsync(string path, string? token, object? body = null) => SendAsync(HttpMethod.Post, path, token, body);

    public Task<ApiResponse> DeleteAsync(string path, string? token, object? body = null) => SendAsync(HttpMethod.Delete, path, token, body);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? token, object? body = null, string? rawBody = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var payload = rawBody ?? (body is null ? null : JsonSerializer.Serialize(body));
        if (payload is not null)
        {
            request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        JsonNode? json = null;
        if (mediaType == "application/json")
        {
            json = JsonNode.Parse(text);
        }

        var pathOnly = path.Split('?')[0];
        if (pathOnly.StartsWith("/v1/", StringComparison.Ordinal))
        {
            var problems = OpenApiContract.Instance.Check(method, pathOnly, (int)response.StatusCode, mediaType, text);
            Assert.That(problems, Is.Empty, $"{method} {pathOnly} answered {(int)response.StatusCode} {text}");
        }

        return new ApiResponse(response.StatusCode, mediaType, text, json);
    }

    public async Task<string> CreateCreditsSandboxAsync(string apiKey, string tier = "nano", long? initialCents = null)
    {
        var body = new JsonObject { ["tier"] = tier, ["billing_method"] = "credits" };
        if (initialCents is not null)
        {
            body["initial_credits_cents"] = initialCents;
        }

        var created = await PostAsync("/v1/sandboxes", apiKey, body);
        Assert.That(created.Code, Is.EqualTo(201), created.ToString());
        return created.Str("ID");
    }

    public async Task<LightningSandbox> CreateLightningSandboxAsync(string tier = "nano", long prepaidSats = 1000)
    {
        var created = await PostAsync("/v1/sandboxes", null, new { tier, billing_method = "lightning", prepaid_sats = prepaidSats });
        Assert.That(created.Code, Is.EqualTo(201), created.ToString());
        return new LightningSandbox(created.Str("sandbox_id"), created.Str("sandbox_token"), created.Str("payment_hash"), created.Str("invoice"), created.Long("amount_msats"));
    }

    public Task<ApiResponse> WaitForStatusAsync(string sandboxId, string token, string status) =>
        Poll.UntilAsync(() => GetAsync($"/v1/sandboxes/{sandboxId}", token), r => r.Code == 200 && r.Str("status") == status, $"sandbox {sandboxId} to be {status}");

    public async Task<string> StartExecAsync(string sandboxId, string token, string command, string? workingDir = null, long? timeoutMs = null)
    {
        var body = new JsonObject { ["command"] = command };
        if (workingDir is not null)
        {
            body["working_dir"] = workingDir;
        }

        if (timeoutMs is not null)
        {
            body["timeout_ms"] = timeoutMs;
        }

        var started = await PostAsync($"/v1/sandboxes/{sandboxId}/exec", token, body);
        Assert.That(started.Code, Is.EqualTo(200), started.ToString());
        return started.Str("execution_id");
    }

    /// <summary>Polls an execution until it ends, collecting the chunks of every poll.</summary>
    public async Task<ExecOutcome> CollectAsync(string executionId, string token, bool cumulative = false)
    {
        var chunks = new List<(string, string)>();
        var polls = 0;
        var deadline = DateTime.UtcNow + Poll.DefaultTimeout;
        while (true)
        {
            var result = await GetAsync($"/v1/executions/{executionId}", token);
            Assert.That(result.Code, Is.EqualTo(200), result.ToString());
            polls++;
            var these = ExecOutcome.ChunksOf(result.Json!).ToList();
            if (cumulative)
            {
                chunks = these;
            }
            else
            {
                chunks.AddRange(these);
            }

            var status = result.Str("status");
            if (status != "running")
            {
                return new ExecOutcome(executionId, status, result.Json!["exit_code"]?.GetValue<int>(), result.Json!["error"]?.GetValue<string>(), chunks, polls);
            }

            Assert.That(result.Json!["exit_code"], Is.Null, "exit_code must be null while running");
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"execution {executionId} still running at the deadline");
            }

            await Task.Delay(20);
        }
    }

    public async Task<ExecOutcome> RunAsync(string sandboxId, string token, string command, string? workingDir = null, long? timeoutMs = null) =>
        await CollectAsync(await StartExecAsync(sandboxId, token, command, workingDir, timeoutMs), token);

    public void Dispose() => http.Dispose();
}
