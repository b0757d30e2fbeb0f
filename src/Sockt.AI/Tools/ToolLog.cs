using Microsoft.Extensions.Logging;

namespace Sockt.AI.Tools;

/// <summary>The tools' log lines (tool names and error kinds only; never arguments, output, keys or tokens).</summary>
internal static partial class ToolLog
{
    [LoggerMessage(10, LogLevel.Information, "Tool {Tool} failed ({Exception}); returned error {Error} to the model")]
    public static partial void Failed(ILogger logger, string tool, string exception, string error);
}
