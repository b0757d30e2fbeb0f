namespace Sockt.Emulator.Http;

/// <summary>Answers matching API requests with the injected fault (or delays them) before anything else runs.</summary>
internal sealed class FaultInjectionMiddleware(RequestDelegate next, FaultInjector faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1") || faults.Take(context.Request.Method, context.Request.Path.Value ?? "/") is not { } fault)
        {
            await next(context);
            return;
        }

        if (fault.DelayMs > 0)
        {
            await Task.Delay(fault.DelayMs, context.RequestAborted);
        }

        if (fault.Status == 0)
        {
            await next(context);
            return;
        }

        var message = fault.Message ?? DefaultMessage(fault.Code, fault.Status);
        if (fault.PlainText)
        {
            await ApiResponses.WritePlainTextAsync(context, fault.Status, message);
            return;
        }

        await ApiResponses.WriteErrorAsync(context, fault.Status, fault.Code, message, "Injected by the Sockt emulator (POST /_emulator/faults)");
    }

    private static string DefaultMessage(string code, int status) => code switch
    {
        "pod_starting" => "sandbox pod is starting",
        "no_capacity" => "no capacity for the requested tier",
        "host_error" => "runtime pod could not be reached",
        _ => $"injected fault ({status})",
    };
}
