namespace Sockt.Benchmarks.Cases;

/// <summary>What the budget row measured.</summary>
/// <param name="Executions">Executions started.</param>
/// <param name="Complete">Executions that ended completed with the expected output.</param>
/// <param name="Requests">Requests that reached the emulator (create and waits included).</param>
/// <param name="RateLimited">Responses 429.</param>
/// <param name="MedianRoundSeconds">Median wall time of a round of 10 executions.</param>
internal sealed record BudgetOutcome(int Executions, int Complete, int Requests, int RateLimited, double MedianRoundSeconds);
