using Sockt.Emulator.Executions;
using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints;

/// <summary>Small accessors shared by the endpoint handlers.</summary>
internal static class EndpointContext
{
    public static SandboxManager Sandboxes(this HttpContext context) => context.RequestServices.GetRequiredService<SandboxManager>();

    public static ExecutionManager Executions(this HttpContext context) => context.RequestServices.GetRequiredService<ExecutionManager>();

    public static SocktEmulatorOptions Options(this HttpContext context) => context.RequestServices.GetRequiredService<SocktEmulatorOptions>();

    public static string Route(this HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    /// <summary>Authenticates the caller and returns the route's sandbox if the caller owns it (401, 403, 404 otherwise).</summary>
    public static (Credential Caller, Sandbox Sandbox) OwnedSandbox(this HttpContext context, string? bodyToken = null)
    {
        var caller = CredentialResolver.Authenticate(context, context.Sandboxes(), bodyToken);
        return (caller, context.Sandboxes().GetOwned(caller, context.Route("sandbox_id")));
    }
}
