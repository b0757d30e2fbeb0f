namespace Sockt.Emulator;

/// <summary>A compute tier and its prices, as served by <c>GET /v1/sandboxes/tiers</c>.</summary>
public sealed class EmulatorTier
{
    /// <summary>Tier identifier, for example <c>nano</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lightning rate in millisatoshis per second.</summary>
    public long MsatsPerSecond { get; set; }

    /// <summary>Credits rate in USD cents per second.</summary>
    public double UsdCentsPerSecond { get; set; }

    /// <summary>Cost per hour in USD, as displayed.</summary>
    public double CostPerHourUsd { get; set; }

    /// <summary>Runtime family: <c>cpu</c> or <c>gpu</c> (the emulator runs both as plain processes).</summary>
    public string Runtime { get; set; } = "cpu";

    /// <summary>The six tiers of the hosted service (nano, micro, small, medium, large, gpu-small).</summary>
    public static IReadOnlyList<EmulatorTier> Defaults { get; } =
    [
        Create("nano", 500, 0.01, "cpu"),
        Create("micro", 1000, 0.02, "cpu"),
        Create("small", 2500, 0.05, "cpu"),
        Create("medium", 5000, 0.10, "cpu"),
        Create("large", 10000, 0.20, "cpu"),
        Create("gpu-small", 25000, 0.50, "gpu"),
    ];

    private static EmulatorTier Create(string name, long msatsPerSecond, double usdPerHour, string runtime) => new()
    {
        Name = name,
        MsatsPerSecond = msatsPerSecond,
        // The service truncates the per-second cent rate to six decimals (0.01 USD/h -> 0.000277).
        UsdCentsPerSecond = Math.Floor(usdPerHour * 100 / 3600 * 1_000_000) / 1_000_000,
        CostPerHourUsd = usdPerHour,
        Runtime = runtime,
    };
}
