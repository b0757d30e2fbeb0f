namespace Sockt.Shell.Tests.Units;

/// <summary>Code that uses a shell can be tested without a server: the members are virtual and there is a protected constructor.</summary>
public sealed class ShellSessionMockingTests
{
    [Test]
    public async Task A_subclass_can_stand_in_for_a_session()
    {
        await using ShellSession shell = new ScriptedShell(new ShellFrame(ShellFrameType.Stdout, "scripted\n"));

        await shell.SendLineAsync("anything");
        var frame = await shell.ReceiveAsync();

        Assert.That(frame.Data, Is.EqualTo("scripted\n"));
        Assert.That(shell.IsConnected, Is.True);
        Assert.That(((ScriptedShell)shell).Sent, Is.EqualTo(new[] { "anything\n" }));
    }

    [Test]
    public async Task ReadUntilAsync_works_on_a_subclass_that_scripts_ReceiveAsync()
    {
        await using ShellSession shell = new ScriptedShell(
            new ShellFrame(ShellFrameType.Stdout, "ab"),
            new ShellFrame(ShellFrameType.Billing, "ignored"),
            new ShellFrame(ShellFrameType.Stdout, "c DONE rest"));

        var text = await shell.ReadUntilAsync("DONE");
        var rest = await shell.ReadUntilAsync("rest"); // from the carry-over: the script has no frames left

        Assert.That((text, rest), Is.EqualTo(("abc DONE", " rest")));
    }

    [Test]
    public async Task An_unconfigured_mock_fails_loudly_instead_of_touching_the_network()
    {
        await using ShellSession shell = new ScriptedShell();

        await Assert.ThatAsync(() => shell.CloseAsync(), Throws.Nothing);
        await Assert.ThatAsync(() => new BareShell().SendAsync("x"), Throws.InstanceOf<InvalidOperationException>());
    }

    private sealed class ScriptedShell(params ShellFrame[] frames) : ShellSession
    {
        private readonly Queue<ShellFrame> _frames = new(frames);

        internal List<string> Sent { get; } = new();

        public override bool IsConnected => true;

        public override Task SendAsync(string text, CancellationToken cancellationToken = default)
        {
            Sent.Add(text);
            return Task.CompletedTask;
        }

        public override Task<ShellFrame> ReceiveAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(_frames.Dequeue());
    }

    private sealed class BareShell : ShellSession
    {
    }
}
