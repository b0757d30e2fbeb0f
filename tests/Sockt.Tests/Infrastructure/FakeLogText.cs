using Microsoft.Extensions.Logging.Testing;

namespace Sockt.Tests.Infrastructure;

/// <summary>The text of collected log records, exception included, for redaction checks.</summary>
public static class FakeLogText
{
    /// <summary>One line per record: level, category, message and the exception's full text.</summary>
    public static string AllText(this FakeLogCollector collector) =>
        string.Join("\n", collector.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message}{(r.Exception is null ? string.Empty : " | " + r.Exception)}"));
}
