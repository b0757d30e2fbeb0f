namespace Sockt.Tests.Infrastructure;

/// <summary>Canned wire bodies.</summary>
public static class Json
{
    public static string Envelope(string code, string message, string? hint = null) =>
        hint is null
            ? $$"""{"code":"{{code}}","error":"{{code}}","message":"{{message}}"}"""
            : $$"""{"code":"{{code}}","error":"{{code}}","message":"{{message}}","hint":"{{hint}}"}""";

    public static string Status(string status, string id = "sb_1", string extra = "") =>
        $$"""{"sandbox_id":"{{id}}","status":"{{status}}","tier":"nano","billing_method":"lightning"{{extra}}}""";

    public static string Poll(string status, string output = "", int? exitCode = null, string? error = null) =>
        $$"""{"execution_id":"exec_1","status":"{{status}}","output":[{{output}}],"exit_code":{{(exitCode?.ToString() ?? "null")}}{{(error is null ? "" : $",\"error\":\"{error}\"")}}}""";

    public static string Chunk(string text, string stream = "stdout") => $$"""{"stream":"{{stream}}","chunk":"{{text}}"}""";

    public const string ExecStarted = """{"execution_id":"exec_1","status":"running","sandbox_id":"sb_1","command":"echo hi"}""";

    public const string FileList = """{"entries":[{"name":".bashrc","size":3771,"mod_ts":1716982800,"is_dir":false,"is_file":true}],"total_entries":1}""";
}
