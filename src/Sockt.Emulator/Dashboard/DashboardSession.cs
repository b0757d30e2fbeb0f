namespace Sockt.Emulator.Dashboard;

/// <summary>One signed-in browser: its anti-forgery token (put into the page's forms) and when it expires.</summary>
internal sealed record DashboardSession(string CsrfToken, DateTimeOffset ExpiresAt);
