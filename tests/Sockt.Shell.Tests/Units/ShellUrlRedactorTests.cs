namespace Sockt.Shell.Tests.Units;

public sealed class ShellUrlRedactorTests
{
    [TestCase("ws://127.0.0.1:7450/v1/sandboxes/sb_1/shell", "ws://127.0.0.1:7450/v1/sandboxes/sb_1/shell")]
    [TestCase("wss://pod.sockt.dev/shell?sandbox_token=sbx_secret&x=1", "wss://pod.sockt.dev/shell?<redacted>")]
    [TestCase("wss://user:pass@pod.sockt.dev/shell", "wss://pod.sockt.dev/shell")]
    [TestCase("wss://pod.sockt.dev/shell/sbx_secret123", "wss://pod.sockt.dev/shell/<redacted>")]
    [TestCase("wss://pod.sockt.dev/ticket-abc/shell", "wss://pod.sockt.dev/<redacted>/shell")]
    public void Secrets_in_the_query_userinfo_or_path_are_redacted(string url, string expected)
    {
        Assert.That(ShellUrlRedactor.Redact(new Uri(url)), Is.EqualTo(expected));
    }
}
