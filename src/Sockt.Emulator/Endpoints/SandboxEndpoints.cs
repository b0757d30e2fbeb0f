using System.Text.Json.Nodes;
using Sockt.Emulator.Endpoints.Responses;
using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints;

/// <summary>Tiers, create, status, pause, resume and terminate.</summary>
internal static class SandboxEndpoints
{
    private const long MaxPrepaidSats = 100_000_000;
    private const long MaxInitialCreditsCents = 10_000_000;
    private const int MaxLabelLength = 256;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/sandboxes/tiers", ListTiersAsync);
        app.MapPost("/v1/sandboxes", CreateAsync);
        app.MapGet("/v1/sandboxes/{sandbox_id}", GetStatusAsync);
        app.MapDelete("/v1/sandboxes/{sandbox_id}", TerminateAsync);
        app.MapPost("/v1/sandboxes/{sandbox_id}/pause", PauseAsync);
        app.MapPost("/v1/sandboxes/{sandbox_id}/resume", ResumeAsync);
    }

    private static Task ListTiersAsync(HttpContext context)
    {
        var tiers = new JsonArray();
        foreach (var tier in context.Sandboxes().Tiers)
        {
            var sats = tier.MsatsPerSecond / 1000.0;
            tiers.Add(new JsonObject
            {
                ["tier"] = tier.Name,
                ["name"] = tier.Name,
                ["msats_per_second"] = tier.MsatsPerSecond,
                ["sats_per_second"] = sats,
                ["usd_cents_per_second"] = tier.UsdCentsPerSecond,
                ["cost_per_minute_sats"] = sats * 60,
                ["cost_per_hour_sats"] = sats * 3600,
                ["cost_per_day_sats"] = sats * 86400,
                ["cost_per_hour_usd"] = tier.CostPerHourUsd,
            });
        }

        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["note"] = "usd_cents_per_second applies to credits billing; msats_per_second to lightning billing.",
            ["tiers"] = tiers,
        });
    }

    private static async Task CreateAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var options = context.Options();
        var body = await JsonRequest.ReadAsync(context, required: true);
        var tier = sandboxes.RequireTier(body.GetString("tier", required: true));
        var method = body.GetString("billing_method") ?? "credits";
        var label = body.GetString("label");
        if (label is { Length: > MaxLabelLength })
        {
            throw ApiException.InvalidParams($"'label' is longer than {MaxLabelLength} characters");
        }

        var prepaidSats = body.GetInt64("prepaid_sats");
        var initialCents = body.GetInt64("initial_credits_cents");
        switch (method)
        {
            case "lightning":
            {
                if (initialCents is not null)
                {
                    throw ApiException.InvalidParams("'initial_credits_cents' applies to credits billing only", "Use prepaid_sats with billing_method lightning");
                }

                var sats = prepaidSats ?? options.DefaultPrepaidSats;
                if (sats is < 1 or > MaxPrepaidSats)
                {
                    throw ApiException.InvalidParams($"'prepaid_sats' must be between 1 and {MaxPrepaidSats}");
                }

                var (sandbox, invoice) = sandboxes.CreateLightning(tier, sats, label);
                await ApiResponses.WriteJsonAsync(context, StatusCodes.Status201Created, LightningSandboxCreatedResponse.From(sandbox, invoice));
                return;
            }

            case "credits":
            {
                var caller = CredentialResolver.Authenticate(context, sandboxes);
                if (!caller.IsApiKey)
                {
                    throw ApiException.Unauthorized("credits billing needs an API key (sockt_live_...), not a sandbox token");
                }

                if (prepaidSats is not null)
                {
                    throw ApiException.InvalidParams("'prepaid_sats' applies to lightning billing only", "Use initial_credits_cents with billing_method credits");
                }

                var cents = initialCents ?? options.DefaultInitialCreditsCents;
                if (cents is < 1 or > MaxInitialCreditsCents)
                {
                    throw ApiException.InvalidParams($"'initial_credits_cents' must be between 1 and {MaxInitialCreditsCents}");
                }

                var sandbox = sandboxes.CreateCredits(caller.Secret, tier, cents, label);
                await ApiResponses.WriteJsonAsync(context, StatusCodes.Status201Created, CreditsSandboxCreatedResponse.From(sandbox));
                return;
            }

            default:
                throw ApiException.InvalidParams($"invalid billing_method '{method}'", "Use \"credits\" (with an API key) or \"lightning\" (anonymous)");
        }
    }

    private static Task GetStatusAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var (caller, sandbox) = context.OwnedSandbox();
        var showToken = !caller.IsApiKey && caller.Secret == sandbox.Token;
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, SandboxStatusResponse.From(sandboxes.Report(sandbox), showToken));
    }

    private static async Task TerminateAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var body = await JsonRequest.ReadAsync(context, required: false);
        var (_, sandbox) = context.OwnedSandbox(body.GetString("sandbox_token"));
        var address = body.GetString("lightning_address");
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, TerminateResponse.From(sandboxes.Terminate(sandbox, address)));
    }

    private static Task PauseAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var (_, sandbox) = context.OwnedSandbox();
        sandboxes.Pause(sandbox);
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new SandboxStateResponse(sandbox.Id, SandboxState.Paused));
    }

    private static Task ResumeAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var (_, sandbox) = context.OwnedSandbox();
        sandboxes.Resume(sandbox);
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new SandboxStateResponse(sandbox.Id, SandboxState.Running));
    }
}
