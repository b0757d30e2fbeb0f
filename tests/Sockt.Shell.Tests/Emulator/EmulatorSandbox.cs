using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sockt.Emulator;

namespace Sockt.Shell.Tests.Emulator;

/// <summary>
/// A running sandbox in an emulator, reached over its REST API with a raw HttpClient, and shell sessions wired to it
/// exactly as <c>Sandbox.ConnectShellAsync</c> wires them (shell-url resolver, API key, status reader).
/// </summary>
public sealed class EmulatorSandbox : IDisposable
{
    private readonly SocktEmulator _emulator;
    private readonly HttpClient _http;

    private EmulatorSandbox(SocktEmulator emulator, HttpClient http, string id)
    {
        _emulator = emulator;
        _http = http;
        Id = id;
    }

    internal string Id { get; }

    internal static async Task<EmulatorSandbox> CreateAsync(SocktEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
        using var created = await http.PostAsJsonAsync("/v1/sandboxes", new { tier = "nano" });
        created.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("ID").GetString()!;
        var sandbox = new EmulatorSandbox(emulator, http, id);
        await Poll.UntilAsync(async () => await sandbox.GetStatusAsync(CancellationToken.None) == SandboxState.Running.ToString(), "the sandbox to run");
        return sandbox;
    }

    /// <param name="options">Session settings.</param>
    /// <param name="bearerToken">The credential for the WebSocket dial; the emulator's API key by default.</param>
    internal Task<ShellSession> ConnectShellAsync(ShellSessionOptions? options = null, string? bearerToken = null) =>
        new ShellSession(Id, ResolveShellUrlAsync, bearerToken ?? _emulator.ApiKey, GetStatusAsync, options).OpenAsync(CancellationToken.None);

    internal async Task<string> GetStatusAsync(CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync($"/v1/sandboxes/{Id}", cancellationToken));
        return document.RootElement.GetProperty("status").GetString()!;
    }

    internal async Task PauseAsync()
    {
        using var response = await _http.PostAsync($"/v1/sandboxes/{Id}/pause", null);
        response.EnsureSuccessStatusCode();
    }

    private async Task<Uri> ResolveShellUrlAsync(CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync($"/v1/sandboxes/{Id}/shell-url", cancellationToken));
        return new Uri(document.RootElement.GetProperty("url").GetString()!);
    }

    public void Dispose() => _http.Dispose();
}
