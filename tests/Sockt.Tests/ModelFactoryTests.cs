using System.Reflection;
using Sockt.Models;

namespace Sockt.Tests;

/// <summary>Users can build every public model for their own tests, and the models read back what they were built with.</summary>
public class ModelFactoryTests
{
    private static readonly Assembly Sdk = typeof(ComputeClient).Assembly;

    [Test]
    public void Every_public_model_has_a_factory_method()
    {
        // The models: everything in Sockt.Models, and the facade's result types that have no public constructor.
        var models = Sdk.GetExportedTypes()
            .Where(type => type.Namespace == "Sockt.Models" || type == typeof(ExecResult) || type == typeof(Execution) || type == typeof(BillingWarning) || type == typeof(Sandbox))
            .Where(type => type.IsClass && !type.IsAbstract)
            .Select(type => type.Name)
            .Order(StringComparer.Ordinal);
        var built = typeof(SocktModelFactory).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(method => method.ReturnType.Name)
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.That(built, Is.SupersetOf(models));
    }

    [Test]
    public void Public_models_have_no_public_constructor()
    {
        var constructible = Sdk.GetExportedTypes()
            .Where(type => type.Namespace == "Sockt.Models" && type.GetConstructors().Length > 0)
            .Select(type => type.Name);

        Assert.That(constructible, Is.Empty);
    }

    [Test]
    public void Exec_result_joins_streams()
    {
        var result = SocktModelFactory.ExecResult("exec_1", output: [SocktModelFactory.OutputChunk("a"), SocktModelFactory.OutputChunk("e", OutputStream.Stderr), SocktModelFactory.OutputChunk("b", OutputStream.Stdout)], outputTruncated: true);

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo("ab"));
            Assert.That(result.Stderr, Is.EqualTo("e"));
            Assert.That(result.Status, Is.EqualTo(ExecutionState.Completed));
            Assert.That(result.IsCompleted, Is.True);
            Assert.That(result.IsTerminal, Is.True);
            Assert.That(result.ExitCode, Is.EqualTo(0));
            Assert.That(result.OutputTruncated, Is.True);
        });
    }

    [TestCase("running", false)]
    [TestCase("completed", true)]
    [TestCase("failed", true)]
    [TestCase("cancelled", true)]
    [TestCase("timed_out", true)]
    [TestCase("", false)]
    public void Terminal_states(string status, bool terminal)
    {
        Assert.That(SocktModelFactory.ExecResult(status: new ExecutionState(status)).IsTerminal, Is.EqualTo(terminal));
    }

    [Test]
    public void Unconnected_models_explain_that_they_cannot_call()
    {
        var execution = SocktModelFactory.Execution("exec_1", sandboxId: "sb_1", command: "ls");
        var sandbox = SocktModelFactory.Sandbox("sb_1", billingMethod: BillingMethod.Lightning, pendingInvoice: SocktModelFactory.PendingInvoice("lnbc1", "h"));

        Assert.Multiple(() =>
        {
            Assert.That(execution.Command, Is.EqualTo("ls"));
            Assert.That(execution.Status, Is.EqualTo(ExecutionState.Running));
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(sandbox.BillingMethod, Is.EqualTo(BillingMethod.Lightning));
            Assert.That(sandbox.PendingInvoice!.PaymentHash, Is.EqualTo("h"));
            Assert.That(() => execution.WaitAsync(), Throws.InvalidOperationException);
            Assert.That(() => sandbox.RefreshStatusAsync(), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Status_and_warning_read_back_what_they_were_built_with()
    {
        var expires = new DateTimeOffset(2026, 5, 29, 16, 0, 0, TimeSpan.Zero);
        var invoice = SocktModelFactory.PendingInvoice("lnbc1", "hash", 5000, expires);
        var status = SocktModelFactory.SandboxStatus(
            "sb_1",
            SandboxState.Paused,
            "nano",
            BillingMethod.Lightning,
            WarningLevel.LowBalance,
            TimeSpan.FromSeconds(5),
            4500,
            invoice,
            TimeSpan.FromSeconds(15),
            "cpu",
            "sockt-nano",
            10,
            500,
            0.5,
            metricsStale: true,
            runtimeConsumedTotal: 7,
            sandboxToken: "sbx_1",
            rawJson: "{}");
        var warning = SocktModelFactory.BillingWarning(WarningLevel.OutOfBalance, TimeSpan.Zero, 0, SandboxState.Paused);

        Assert.Multiple(() =>
        {
            Assert.That(status.SandboxId, Is.EqualTo("sb_1"));
            Assert.That(status.Status, Is.EqualTo(SandboxState.Paused));
            Assert.That(status.Tier, Is.EqualTo("nano"));
            Assert.That(status.BillingMethod, Is.EqualTo(BillingMethod.Lightning));
            Assert.That(status.WarningLevel, Is.EqualTo(WarningLevel.LowBalance));
            Assert.That(status.TimeRemaining, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(status.PrepaidBalanceMsats, Is.EqualTo(4500));
            Assert.That(status.PendingInvoice, Is.SameAs(invoice));
            Assert.That(status.NextPollInterval, Is.EqualTo(TimeSpan.FromSeconds(15)));
            Assert.That(status.Runtime, Is.EqualTo("cpu"));
            Assert.That(status.Template, Is.EqualTo("sockt-nano"));
            Assert.That(status.ConsumedMsats, Is.EqualTo(10));
            Assert.That(status.MsatsPerSecond, Is.EqualTo(500));
            Assert.That(status.SatsPerSecond, Is.EqualTo(0.5));
            Assert.That(status.MetricsStale, Is.True);
            Assert.That(status.RuntimeConsumedTotal, Is.EqualTo(7));
            Assert.That(status.SandboxToken, Is.EqualTo("sbx_1"));
            Assert.That(status.RawJson, Is.EqualTo("{}"));
            Assert.That(invoice.Bolt11, Is.EqualTo("lnbc1"));
            Assert.That(invoice.AmountMsats, Is.EqualTo(5000));
            Assert.That(invoice.ExpiresAt, Is.EqualTo(expires));
            Assert.That(warning.WarningLevel, Is.EqualTo(WarningLevel.OutOfBalance));
            Assert.That(warning.ToString(), Does.Contain("out_of_balance"));
        });
    }

    [Test]
    public void Tier_file_and_termination_models_read_back_what_they_were_built_with()
    {
        var modified = DateTimeOffset.FromUnixTimeSeconds(1716982800);
        var terminated = new DateTimeOffset(2026, 5, 29, 10, 15, 30, TimeSpan.Zero);
        var tier = SocktModelFactory.SandboxTier("nano", 500, 0.5, 0.000277, 30, 1800, 43200, 0.01);
        var entry = SocktModelFactory.FileEntry("eval.py", 14, modified);
        var content = SocktModelFactory.FileContent("cHJpbnQ=", "/home/sandbox/eval.py", 5, FileEncoding.Base64, truncated: true);
        var written = SocktModelFactory.FileWritten("/home/sandbox/eval.py", 14, createdDirs: true);
        var refund = SocktModelFactory.Refund("sent", amountSats: 3750, address: "agent@wallet.example");
        var termination = SocktModelFactory.TerminationResult("sb_1", consumedMsatsTotal: 1250000, terminatedAt: terminated, refund: refund);

        Assert.Multiple(() =>
        {
            Assert.That(tier.Name, Is.EqualTo("nano"));
            Assert.That(tier.MsatsPerSecond, Is.EqualTo(500));
            Assert.That(tier.CostPerHourUsd, Is.EqualTo(0.01));
            Assert.That(entry.Name, Is.EqualTo("eval.py"));
            Assert.That(entry.ModifiedAt, Is.EqualTo(modified));
            Assert.That(entry.IsFile, Is.True);
            Assert.That(content.Encoding, Is.EqualTo(FileEncoding.Base64));
            Assert.That(content.Size, Is.EqualTo(5));
            Assert.That(content.Truncated, Is.True);
            Assert.That(written.BytesWritten, Is.EqualTo(14));
            Assert.That(written.CreatedDirs, Is.True);
            Assert.That(termination.Status, Is.EqualTo(SandboxState.Terminated));
            Assert.That(termination.TerminatedAt, Is.EqualTo(terminated));
            Assert.That(termination.Refund!.AmountSats, Is.EqualTo(3750));
            Assert.That(termination.Refund.Address, Is.EqualTo("agent@wallet.example"));
        });
    }

    [Test]
    public void Extensible_enums_keep_unknown_values_and_compare_by_string()
    {
        var unknown = new SandboxState("hibernating");

        Assert.Multiple(() =>
        {
            Assert.That(unknown.ToString(), Is.EqualTo("hibernating"));
            Assert.That(unknown, Is.Not.EqualTo(SandboxState.Running));
            Assert.That(new SandboxState("RUNNING"), Is.EqualTo(SandboxState.Running));
            Assert.That(new SandboxState("RUNNING").GetHashCode(), Is.EqualTo(SandboxState.Running.GetHashCode()));
            Assert.That((SandboxState)"paused" == SandboxState.Paused, Is.True);
            Assert.That(default(SandboxState).ToString(), Is.Empty);
        });
    }
}
