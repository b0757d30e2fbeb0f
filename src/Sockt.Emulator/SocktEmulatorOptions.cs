using Microsoft.Extensions.Logging;

namespace Sockt.Emulator;

/// <summary>Settings of a <see cref="SocktEmulator"/>. Every option also exists on the command line (see docs/emulator.md).</summary>
public sealed class SocktEmulatorOptions
{
    /// <summary>The port used by <c>dotnet run --project src/Sockt.Emulator</c> when no <c>--port</c> is given.</summary>
    public const int DefaultCommandLinePort = 7450;

    /// <summary>TCP port on 127.0.0.1; 0 (the default when embedded) picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Where sandbox homes live. Null (the default) uses a fresh temporary directory that is deleted on dispose;
    /// a given directory is kept, but each sandbox's home is removed when the sandbox terminates.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Accepted API keys (<c>sockt_live_...</c>). When empty, one key is generated; see <see cref="SocktEmulator.ApiKey"/>.</summary>
    public IList<string> ApiKeys { get; } = new List<string>();

    /// <summary>
    /// The URL clients use to reach the emulator when it is not <c>http://127.0.0.1:&lt;port&gt;</c> (a name in
    /// <c>/etc/hosts</c>, a reverse proxy). <c>shell-url</c> answers are built from it (never from a request's
    /// <c>Host</c>), and its host is served. Null (the default) uses the loopback address and port it listens on.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// Extra host names the emulator answers to, besides <c>127.0.0.1</c>, <c>localhost</c>, <c>::1</c> and the host of
    /// <see cref="PublicUrl"/>. Requests with any other <c>Host</c> answer 421: that stops DNS-rebinding web pages.
    /// </summary>
    public IList<string> AllowedHosts { get; } = new List<string>();

    /// <summary>
    /// The admin key that the admin API (<c>/_emulator/*</c>) requires as <c>Authorization: Bearer</c>; null (the
    /// default) generates a <c>sockt_admin_...</c> key, see <see cref="SocktEmulator.AdminKey"/>. It must differ from
    /// every API key: users' keys and sandbox tokens never reach the admin API.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>How long a sandbox stays <c>starting</c> before it runs. Zero is allowed (tests use it).</summary>
    public TimeSpan BootDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How sandbox processes are confined. Auto (the default) isolates with bubblewrap and fails to start where that does not work; only <see cref="IsolationMode.None"/> runs sandboxes unisolated.</summary>
    public IsolationMode Isolation { get; set; } = IsolationMode.Auto;

    /// <summary>
    /// The network sandboxes get: <see cref="SandboxNetwork.Loopback"/> (the default: none but a loopback of their own),
    /// <see cref="SandboxNetwork.Outbound"/> (outbound through pasta, never the host's loopback) or
    /// <see cref="SandboxNetwork.Host"/> (the host's, unconfined: trusted code only). Ignored with <see cref="IsolationMode.None"/>.
    /// </summary>
    public SandboxNetwork Network { get; set; } = SandboxNetwork.Loopback;

    /// <summary>
    /// <c>/v1</c> requests per minute per known credential (per client address without one) before 429 (plain text).
    /// 0 disables the limit.
    /// </summary>
    public int RateLimitPerMinute { get; set; } = 300;

    /// <summary>
    /// Sandbox creates per minute per client address without an API key (anonymous Lightning creates) before 429.
    /// 0 disables the limit. Unpaid sandboxes end when their invoice expires (<see cref="InvoiceExpiry"/>).
    /// </summary>
    public int AnonymousCreatesPerMinute { get; set; } = 30;

    /// <summary>Concurrent running executions per credential before 429 <c>too_many_executions</c>.</summary>
    public int MaxConcurrentExecutions { get; set; } = 10;

    /// <summary>
    /// What one sandbox may use, per tier name: processes, memory, <c>/tmp</c> and home size, shells. Starts as a copy of
    /// <see cref="SandboxLimits.Defaults"/>; replace a row to change a tier (tests lower the process limit this way). A tier
    /// missing here gets <see cref="SandboxLimits.Fallback"/>.
    /// </summary>
    public IDictionary<string, SandboxLimits> Limits { get; } = new Dictionary<string, SandboxLimits>(SandboxLimits.Defaults, StringComparer.Ordinal);

    /// <summary>
    /// File reads and writes served at once by this emulator before 429 <c>too_many_transfers</c>. Transfers are
    /// streamed through bounded buffers, so this caps their memory and disk bandwidth, not their size. Default 16.
    /// </summary>
    public int MaxConcurrentFileTransfers { get; set; } = 16;

    /// <summary>
    /// Most bytes one file read returns; a larger file comes back truncated (<c>truncated: true</c>), as with
    /// <c>max_bytes</c>. Reads are streamed, so this bounds the answer's size, not the emulator's memory. Default 64 MiB.
    /// </summary>
    public long MaxFileReadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The tier table; null uses <see cref="EmulatorTier.Defaults"/>.</summary>
    public IList<EmulatorTier>? Tiers { get; set; }

    /// <summary>Whether polls return only new output (documented) or all output so far.</summary>
    public ExecOutputMode ExecOutputMode { get; set; } = ExecOutputMode.Incremental;

    /// <summary>Starting credits balance of every API key's account, in USD cents.</summary>
    public long AccountCreditsCents { get; set; } = 10_000;

    /// <summary>Credits allocated to a credits sandbox when the create request has no <c>initial_credits_cents</c>.</summary>
    public long DefaultInitialCreditsCents { get; set; } = 100;

    /// <summary>Satoshis invoiced for a Lightning sandbox when the create request has no <c>prepaid_sats</c>.</summary>
    public long DefaultPrepaidSats { get; set; } = 1_000;

    /// <summary>When the seconds of compute left fall to this or below, <c>warning_level</c> turns <c>low_balance</c> and a top-up invoice appears.</summary>
    public long LowBalanceSeconds { get; set; } = 300;

    /// <summary>Expiry of generated Lightning invoices. A Lightning sandbox whose first invoice expires unpaid is terminated and its home removed.</summary>
    public TimeSpan InvoiceExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether billing follows wall-clock time. When false, running sandboxes are metered only through
    /// <see cref="SocktEmulator.AdvanceClockAsync"/> (or <c>POST /_emulator/clock/advance</c>), which makes tests deterministic.
    /// </summary>
    public bool MeterRealTime { get; set; } = true;

    /// <summary>How long a finished execution can still be polled before it answers 404.</summary>
    public TimeSpan ExecutionRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest accepted request body in bytes; larger bodies answer 413. Default 64 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Most output bytes kept per execution; output beyond it is dropped, a note is added to stderr and polls report
    /// <c>output_truncated: true</c>. Default 16 MiB.
    /// </summary>
    public long MaxExecutionOutputBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Most unread output bytes kept by all executions together. When full, the output of the oldest finished
    /// executions is dropped first (their polls report <c>output_truncated: true</c>); if that is not enough, new output
    /// is dropped. Default 256 MiB.
    /// </summary>
    public long MaxRetainedOutputBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Faults active from the start (see <see cref="SocktEmulator.InjectFault"/>).</summary>
    public IList<EmulatorFault> Faults { get; } = new List<EmulatorFault>();

    /// <summary>Tests point this at a missing program to see the start refused where bubblewrap does not work.</summary>
    internal string BubblewrapPath { get; set; } = Sandboxes.SandboxLauncher.BwrapPath;

    /// <summary>Tests use this to exercise each way of controlling process groups, whichever the machine would pick.</summary>
    internal Processes.ProcessControl ProcessControl { get; set; }

    /// <summary>
    /// Test hook: awaited after a shell WebSocket is accepted and before its terminal starts, so a test can raise a
    /// billing notice at the earliest moment a client can see the connection open.
    /// </summary>
    internal Func<Task>? ShellAcceptedHook { get; set; }

    /// <summary>
    /// Test hook: awaited by the file API between resolving a path (given as the sandbox sees it) and opening it, so a
    /// test can swap a path component for a symbolic link in exactly that window.
    /// </summary>
    internal Func<string, Task>? FilePathResolvedHook { get; set; }

    /// <summary>Logging setup; null logs nothing (the embedded default). The command line logs warnings to the console.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
