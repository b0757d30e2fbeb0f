using Sockt.Internal;

namespace Sockt.Tests;

/// <summary>The pause rule behind execution polling and WaitUntilRunning.</summary>
public class PollPacingTests
{
    private static readonly TimeSpan Max = TimeSpan.FromMilliseconds(500);

    [TestCase(0, 1)]
    [TestCase(5, 1)]
    [TestCase(100, 15)]
    [TestCase(13, 1)]
    [TestCase(2000, 300)]
    [TestCase(60_000, 500)]
    public void With_a_full_budget_the_pause_is_15_percent_of_the_age_between_1_ms_and_the_interval(int ageMs, double pauseMs)
    {
        Assert.That(PollPacing.Next(TimeSpan.FromMilliseconds(ageMs), fill: 1, Max).TotalMilliseconds, Is.EqualTo(pauseMs).Within(1e-9));
    }

    [TestCase(1.0, 1)]
    [TestCase(0.25, 1)]
    [TestCase(0.125, 4)]
    [TestCase(0.05, 25)]
    [TestCase(0.0, 156.25)]
    public void A_low_budget_stretches_the_pause(double fill, double factor)
    {
        Assert.That(PollPacing.Stretch(TimeSpan.FromMilliseconds(2), fill, Max).TotalMilliseconds, Is.EqualTo(2 * factor).Within(1e-9));
    }

    [Test]
    public void A_stretched_pause_never_exceeds_the_interval()
    {
        Assert.That(PollPacing.Stretch(TimeSpan.FromMilliseconds(300), 0, Max), Is.EqualTo(Max));
    }
}
