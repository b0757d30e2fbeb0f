namespace Sockt.Emulator;

/// <summary>
/// A fault the emulator injects into matching requests before they reach the API, so clients can test retries
/// and error handling (for example 503 <c>pod_starting</c> three times, then success).
/// </summary>
public sealed class EmulatorFault
{
    /// <summary>
    /// Which requests the fault applies to: <c>"METHOD /path"</c>, where the method may be <c>*</c> and a path segment
    /// may be <c>*</c> or a <c>{name}</c> placeholder matching any one segment, and a trailing <c>/**</c> matches any rest.
    /// Example: <c>"POST /v1/sandboxes/*/exec"</c>.
    /// </summary>
    public string Route { get; set; } = "* /v1/**";

    /// <summary>HTTP status to answer (for example 503 or 502). 0 only delays the request and then lets it through.</summary>
    public int Status { get; set; } = 503;

    /// <summary>Error slug for the JSON envelope (for example <c>pod_starting</c> or <c>no_capacity</c>).</summary>
    public string Code { get; set; } = "pod_starting";

    /// <summary>Human-readable message; a default derived from <see cref="Code"/> when null.</summary>
    public string? Message { get; set; }

    /// <summary>Answer a plain-text body instead of the JSON envelope (the hosted service's gateway answers 502 that way).</summary>
    public bool PlainText { get; set; }

    /// <summary>How many matching requests the fault applies to; null means until cleared.</summary>
    public int? Times { get; set; } = 1;

    /// <summary>Delay before answering (or before passing the request on when <see cref="Status"/> is 0), in milliseconds.</summary>
    public int DelayMs { get; set; }
}
