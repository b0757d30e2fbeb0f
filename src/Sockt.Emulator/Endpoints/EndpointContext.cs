using Sockt.Emulator.Executions;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints;

/// <summary>Small accessors shared by the endpoint handlers.</summary>
internal static class EndpointContext
{
    public static SandboxManager Sandboxes(this HttpContext context) => context.RequestServices.GetRequiredService<SandboxManager>();

    public static ExecutionManager Executions(this HttpContext context) => context.RequestServices.GetRequiredService<ExecutionManager>();

    public static SocktEmulatorOptions Options(this HttpContext context) => context.RequestServices.GetRequiredService<SocktEmulatorOptions>();

    public static string Route(this HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";
}
