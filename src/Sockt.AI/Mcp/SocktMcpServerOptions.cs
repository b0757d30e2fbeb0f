using Microsoft.Extensions.Logging;

namespace Sockt.AI.Mcp;

/// <summary>Settings of the stdio MCP server (<see cref="SocktMcpServer.RunStdioAsync"/>, <c>sockt mcp</c>).</summary>
public sealed class SocktMcpServerOptions
{
    /// <summary>
    /// How to reach Sockt. Empty options fall back to <c>SOCKT_API_KEY</c> and <c>SOCKT_API_URL</c>, as
    /// <see cref="ComputeClient"/> always does. The server logs through its own stderr logger unless this sets one.
    /// </summary>
    public ComputeClientOptions Client { get; set; } = new();

    /// <summary>The tools' limits and output sizes.</summary>
    public SocktToolsOptions Tools { get; set; } = new();

    /// <summary>The least severe log level written to stderr (default <see cref="LogLevel.Information"/>). Stdout carries only the protocol.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;
}
