namespace Sockt.Internal;

/// <summary>
/// How long to pause between polls: short while the thing polled is young and the request budget is full (a command
/// that ends after 5 ms is seen about 1 ms later), longer as it ages (15 % of its age, so the lag stays within 15 % of
/// the run time, 7.5 % on average, and a run costs about 7 + ln(T / 6.7 ms) / ln 1.15 polls: 48 for 2 s, 83 for 5
/// minutes), and longer still once the credential's budget runs low, so that several pollers on one credential share the
/// service's limit instead of running into 429s. A lone poller stays within the burst and is never stretched.
/// </summary>
internal static class PollPacing
{
    /// <summary>The shortest pause: the 1 ms-paced floor a raw client would poll at.</summary>
    internal static readonly TimeSpan MinPause = TimeSpan.FromMilliseconds(1);

    /// <summary>The pause as a share of the age of what is polled.</summary>
    internal const double AgeFraction = 0.15;

    /// <summary>Above this share of the burst left, the budget does not stretch pauses (one lone execution never gets below it).</summary>
    internal const double ComfortableFill = 0.25;

    /// <summary>The lowest fill the stretch is computed for (an empty budget already makes the caller wait for tokens).</summary>
    private const double MinFill = 0.02;

    /// <summary>The pause before the next poll of something <paramref name="age"/> old, at most <paramref name="max"/>.</summary>
    /// <param name="age">Time since the execution was started.</param>
    /// <param name="fill">The credential's budget left, 0 (empty) to 1 (full).</param>
    /// <param name="max">The longest pause (<see cref="ComputeClientOptions.ExecPollInterval"/>).</param>
    internal static TimeSpan Next(TimeSpan age, double fill, TimeSpan max)
    {
        // Whole milliseconds: timers count no finer, and Task.Delay drops the fraction anyway.
        var pause = TimeSpan.FromMilliseconds(Math.Floor(age.TotalMilliseconds * AgeFraction));
        return Stretch(pause < MinPause ? MinPause : pause, fill, max);
    }

    /// <summary>
    /// <paramref name="pause"/> lengthened by (<see cref="ComfortableFill"/> / fill)² once the budget is below
    /// <see cref="ComfortableFill"/> (an eighth full: 4×, 5 %: 25×), never beyond <paramref name="max"/>.
    /// </summary>
    internal static TimeSpan Stretch(TimeSpan pause, double fill, TimeSpan max)
    {
        if (fill < ComfortableFill)
        {
            var ratio = ComfortableFill / Math.Max(fill, MinFill);
            pause *= ratio * ratio;
        }

        return pause < max ? pause : max;
    }
}
