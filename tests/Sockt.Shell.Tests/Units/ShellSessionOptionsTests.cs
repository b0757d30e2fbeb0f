namespace Sockt.Shell.Tests.Units;

public sealed class ShellSessionOptionsTests
{
    [Test]
    public void Defaults_match_the_reference_sdk_and_the_cli()
    {
        var options = new ShellSessionOptions();

        Assert.That((options.Columns, options.Rows), Is.EqualTo((80, 24)));
        Assert.That(options.ReceiveTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.AutoReconnect, Is.False);
        Assert.That(options.QueueFrames, Is.True);
        Assert.That(options.ReceiveBufferCapacity, Is.EqualTo(1024));
    }

    [Test]
    public void Out_of_range_values_are_rejected_naming_the_property()
    {
        var options = new ShellSessionOptions();

        Assert.That(() => options.Columns = 0, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Columns"));
        Assert.That(() => options.Rows = 70_000, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Rows"));
        Assert.That(() => options.ReceiveBufferCapacity = 0, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ReceiveBufferCapacity"));
        Assert.That(() => options.ReceiveTimeout = TimeSpan.Zero, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ReceiveTimeout"));
        Assert.That(() => options.ConnectTimeout = TimeSpan.FromSeconds(-1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ConnectTimeout"));
    }

    [Test]
    public void An_infinite_receive_timeout_is_allowed()
    {
        var options = new ShellSessionOptions { ReceiveTimeout = Timeout.InfiniteTimeSpan };

        Assert.That(options.ReceiveTimeout, Is.EqualTo(Timeout.InfiniteTimeSpan));
    }
}
