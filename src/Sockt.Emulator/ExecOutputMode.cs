namespace Sockt.Emulator;

/// <summary>What a poll of <c>GET /v1/executions/{id}</c> returns in <c>output</c>.</summary>
public enum ExecOutputMode
{
    /// <summary>Each poll returns (and consumes) only the chunks produced since the previous poll, as the Sockt documentation says.</summary>
    Incremental,

    /// <summary>Each poll returns every chunk produced so far, as the official CLI's reading of the terminal poll assumes.</summary>
    Cumulative,
}
