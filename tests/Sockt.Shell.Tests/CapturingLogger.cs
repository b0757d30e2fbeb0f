using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sockt.Shell.Tests;

/// <summary>Keeps every log line (message and exception text) so that tests can check no secret is logged.</summary>
internal sealed class CapturingLogger : ILogger
{
    internal ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
