namespace Sockt.Shell.Tests.Units;

/// <summary><see cref="ShellFrameType"/> is an extensible enumeration: known values are properties, unknown ones are kept.</summary>
public sealed class ShellFrameTypeTests
{
    [Test]
    public void Known_values_carry_their_wire_names()
    {
        Assert.That(
            new[]
            {
                ShellFrameType.Stdout, ShellFrameType.Stderr, ShellFrameType.Billing, ShellFrameType.LowBalance,
                ShellFrameType.DepositRequired, ShellFrameType.OutOfBalance, ShellFrameType.Error,
            }.Select(type => type.ToString()),
            Is.EqualTo(new[] { "stdout", "stderr", "billing", "low_balance", "deposit_required", "out_of_balance", "error" }));
    }

    [Test]
    public void Equality_is_by_string_and_unknown_values_are_kept()
    {
        ShellFrameType fromWire = "stdout";
        var unknown = new ShellFrameType("something_new");

        Assert.That(fromWire == ShellFrameType.Stdout, Is.True);
        Assert.That(fromWire.GetHashCode(), Is.EqualTo(ShellFrameType.Stdout.GetHashCode()));
        Assert.That(new ShellFrameType("STDOUT") == ShellFrameType.Stdout, Is.True, "ignoring case, like the other extensible enums");
        Assert.That(new ShellFrameType("STDOUT").GetHashCode(), Is.EqualTo(ShellFrameType.Stdout.GetHashCode()));
        Assert.That(default(ShellFrameType) == new ShellFrameType(""), Is.True);
        Assert.That(unknown.ToString(), Is.EqualTo("something_new"));
        Assert.That(unknown, Is.EqualTo(new ShellFrameType("something_new")));
        Assert.That(new ShellFrame(unknown, "x").IsOutput, Is.False);
        Assert.That(default(ShellFrameType).ToString(), Is.Empty);
        Assert.That(() => new ShellFrameType(null!), Throws.ArgumentNullException);
    }
}
