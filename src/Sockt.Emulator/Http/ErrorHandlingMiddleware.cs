namespace Sockt.Emulator.Http;

/// <summary>Turns exceptions into the error envelope so that bad input never takes the server down.</summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await ApiResponses.WriteErrorAsync(context, e.Status, e.Code, e.Message, e.Hint);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Kestrel reports an oversize body as 413 here; other framing errors keep their status.
            var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
            await ApiResponses.WriteErrorAsync(
                context,
                e.StatusCode,
                tooLarge ? "payload_too_large" : "invalid_params",
                tooLarge ? "request body too large" : e.Message,
                tooLarge ? "Keep request bodies within the emulator's MaxRequestBodyBytes (64 MiB by default)" : "Check the request");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            // The exception's message stays in the log: it may name host paths.
            await ApiResponses.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal_error", "internal emulator error", "This is an emulator bug; please report it (the emulator's log has the details)");
        }
    }
}
