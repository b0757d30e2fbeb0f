using Sockt.Models;

namespace Sockt.Tests;

/// <summary>Users can build the facade models for their own tests.</summary>
public class ModelFactoryTests
{
    [Test]
    public void Exec_result_joins_streams()
    {
        var result = SocktModelFactory.ExecResult("exec_1", output: [SocktModelFactory.OutputChunk("a"), SocktModelFactory.OutputChunk("e", OutputStreams.Stderr), new OutputChunk { Chunk = "b" }]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo("ab"));
            Assert.That(result.Stderr, Is.EqualTo("e"));
            Assert.That(result.IsCompleted, Is.True);
            Assert.That(result.IsTerminal, Is.True);
            Assert.That(result.ExitCode, Is.EqualTo(0));
        });
    }

    [TestCase("running", false)]
    [TestCase("completed", true)]
    [TestCase("failed", true)]
    [TestCase("cancelled", true)]
    [TestCase("timed_out", true)]
    [TestCase(null, false)]
    public void Terminal_states(string? status, bool terminal)
    {
        Assert.That(SocktModelFactory.ExecResult(status: status).IsTerminal, Is.EqualTo(terminal));
    }

    [Test]
    public void Unconnected_models_explain_that_they_cannot_call()
    {
        var execution = SocktModelFactory.Execution("exec_1", sandboxId: "sb_1", command: "ls");
        var sandbox = SocktModelFactory.Sandbox("sb_1", pendingInvoice: SocktModelFactory.PendingInvoice("lnbc1", "h"));

        Assert.Multiple(() =>
        {
            Assert.That(execution.Command, Is.EqualTo("ls"));
            Assert.That(sandbox.Status, Is.EqualTo(SandboxStates.Running));
            Assert.That(sandbox.PendingInvoice!.PaymentHash, Is.EqualTo("h"));
            Assert.That(() => execution.WaitAsync(), Throws.InvalidOperationException);
            Assert.That(() => sandbox.RefreshStatusAsync(), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Status_and_warning_can_be_built()
    {
        var status = SocktModelFactory.SandboxStatus("sb_1", warningLevel: "low_balance", secondsRemaining: 5, rawJson: "{}");
        var warning = SocktModelFactory.BillingWarning("out_of_balance", 0, 0, SandboxStates.Paused);

        Assert.Multiple(() =>
        {
            Assert.That(status.EffectiveSandboxId, Is.EqualTo("sb_1"));
            Assert.That(status.RawJson, Is.EqualTo("{}"));
            Assert.That(warning.ToString(), Does.Contain("out_of_balance"));
        });
    }
}
