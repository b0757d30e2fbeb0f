using System.Text.Json.Nodes;
using Sockt.Emulator.Endpoints.Responses;
using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints;

/// <summary>
/// Emulator-only endpoints under <c>/_emulator</c> (outside <c>/v1</c>; no authentication, loopback only):
/// billing clock, invoice payment, credits, fault injection, inspection. Documented in docs/emulator.md.
/// </summary>
internal static class ControlEndpoints
{
    private const double MaxAdvanceSeconds = 10.0 * 365 * 24 * 3600;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/_emulator/health", HealthAsync);
        app.MapGet("/_emulator/sandboxes", ListSandboxesAsync);
        app.MapPost("/_emulator/clock/advance", AdvanceClockAsync);
        app.MapPost("/_emulator/invoices/{payment_hash}/pay", PayInvoiceAsync);
        app.MapPost("/_emulator/credits", SetCreditsAsync);
        app.MapGet("/_emulator/faults", ListFaultsAsync);
        app.MapPost("/_emulator/faults", AddFaultAsync);
        app.MapDelete("/_emulator/faults", ClearFaultsAsync);
        app.MapGet("/openapi.yaml", ServeSpecAsync);
    }

    private static Task HealthAsync(HttpContext context) =>
        ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["status"] = "ok",
            ["isolation"] = context.RequestServices.GetRequiredService<SandboxLauncher>().Mode == IsolationMode.Bwrap ? "bwrap" : "none",
            ["exec_output_mode"] = context.Options().ExecOutputMode == ExecOutputMode.Incremental ? "incremental" : "cumulative",
        });

    private static Task ListSandboxesAsync(HttpContext context) =>
        ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new
        {
            sandboxes = context.Sandboxes().List().Select(s => SandboxSummaryResponse.From(s.Sandbox, s.Status)).ToList(),
        });

    private static async Task AdvanceClockAsync(HttpContext context)
    {
        var body = await JsonRequest.ReadAsync(context, required: true);
        var seconds = body.GetDouble("seconds") ?? throw ApiException.InvalidParams("'seconds' is required");
        if (seconds is <= 0 or > MaxAdvanceSeconds || double.IsNaN(seconds))
        {
            throw ApiException.InvalidParams("'seconds' must be positive and at most ten years");
        }

        var sandboxes = context.Sandboxes();
        sandboxes.Advance(TimeSpan.FromSeconds(seconds));
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["advanced_seconds"] = seconds,
            ["total_advanced_seconds"] = sandboxes.Clock.TotalAdvanced.TotalSeconds,
        });
    }

    private static Task PayInvoiceAsync(HttpContext context) =>
        ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, PaidInvoiceResponse.From(context.Sandboxes().PayInvoice(context.Route("payment_hash"))));

    private static async Task SetCreditsAsync(HttpContext context)
    {
        var body = await JsonRequest.ReadAsync(context, required: true);
        var apiKey = body.GetString("api_key", required: true)!;
        var cents = body.GetInt64("cents") ?? throw ApiException.InvalidParams("'cents' is required");
        if (cents < 0)
        {
            throw ApiException.InvalidParams("'cents' must not be negative");
        }

        var sandboxes = context.Sandboxes();
        sandboxes.SetCredits(apiKey, cents);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["user_id"] = SandboxManager.UserIdFor(apiKey),
            ["cents"] = sandboxes.GetCreditsCents(apiKey),
        });
    }

    private static Task ListFaultsAsync(HttpContext context)
    {
        var faults = new JsonArray();
        foreach (var fault in context.RequestServices.GetRequiredService<FaultInjector>().Snapshot())
        {
            faults.Add(FaultJson(fault));
        }

        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["faults"] = faults });
    }

    private static async Task AddFaultAsync(HttpContext context)
    {
        var body = await JsonRequest.ReadAsync(context, required: true);
        var fault = new EmulatorFault
        {
            Route = body.GetString("route", required: true)!,
            Status = (int)(body.GetInt64("status") ?? 503),
            Code = body.GetString("code") ?? "pod_starting",
            Message = body.GetString("message"),
            PlainText = body.GetBoolean("plain_text") ?? false,
            Times = body.GetInt64("times") is { } times ? (int)Math.Clamp(times, int.MinValue, int.MaxValue) : null,
            DelayMs = (int)Math.Clamp(body.GetInt64("delay_ms") ?? 0, -1, 600_000),
        };
        try
        {
            context.RequestServices.GetRequiredService<FaultInjector>().Add(fault);
        }
        catch (ArgumentException e)
        {
            throw ApiException.InvalidParams(e.Message.Split(" (Parameter")[0]);
        }

        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status201Created, FaultJson(fault));
    }

    private static Task ClearFaultsAsync(HttpContext context)
    {
        context.RequestServices.GetRequiredService<FaultInjector>().Clear();
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["faults"] = new JsonArray() });
    }

    private static async Task ServeSpecAsync(HttpContext context)
    {
        await using var spec = typeof(ControlEndpoints).Assembly.GetManifestResourceStream("Sockt.Emulator.sockt.openapi.yaml");
        if (spec is null)
        {
            throw ApiException.NotFound("this build of the emulator has no embedded OpenAPI document");
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/yaml; charset=utf-8";
        await spec.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static JsonObject FaultJson(EmulatorFault fault) => new()
    {
        ["route"] = fault.Route,
        ["status"] = fault.Status,
        ["code"] = fault.Code,
        ["message"] = fault.Message,
        ["plain_text"] = fault.PlainText,
        ["times"] = fault.Times,
        ["delay_ms"] = fault.DelayMs,
    };
}
