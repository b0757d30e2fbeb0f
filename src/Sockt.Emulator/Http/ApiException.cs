namespace Sockt.Emulator.Http;

/// <summary>An error answered to the client with the envelope <c>{code, error, message, hint}</c>.</summary>
internal sealed class ApiException(int status, string code, string message, string? hint = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string? Hint { get; } = hint;

    public static ApiException InvalidParams(string message, string? hint = null) =>
        new(StatusCodes.Status400BadRequest, "invalid_params", message, hint ?? "Check the request parameters against the API reference");

    public static ApiException BadRequest(string message) =>
        new(StatusCodes.Status400BadRequest, "bad_request", message, "Use a path relative to /home/sandbox (or absolute under it)");

    public static ApiException Unauthorized(string message = "missing or invalid credentials") =>
        new(StatusCodes.Status401Unauthorized, "unauthorized", message, "Send Authorization: Bearer <api key or sandbox token>");

    public static ApiException Forbidden(string message, string hint) =>
        new(StatusCodes.Status403Forbidden, "forbidden", message, hint);

    public static ApiException NotFound(string message) =>
        new(StatusCodes.Status404NotFound, "not_found", message, "Check the id; finished executions are kept only for a while");

    public static ApiException Conflict(string message, string hint) =>
        new(StatusCodes.Status409Conflict, "sandbox_not_running", message, hint);

    public static ApiException InsufficientCredits(string message, string hint) =>
        new(StatusCodes.Status402PaymentRequired, "insufficient_credits", message, hint);
}
