using Sockt.Contract.Tests.Infrastructure;
using Sockt.Models;
using Sockt.Serialization;

namespace Sockt.Contract.Tests.Wire;

/// <summary>
/// Every response example of shared/reference/sockt-wire.md (copied verbatim to TestData/wire) deserializes
/// into its generated DTO with every field asserted, and serializes back to the same JSON (nothing dropped).
/// </summary>
public sealed class WireExampleTests
{
    private static readonly NewtonsoftContentSerializer Serializer = new();

    public static IEnumerable<TestCaseData> Examples()
    {
        yield return Example<TierList>("tiers.json", new()
        {
            ["Note"] = "usd_cents_per_second applies to credits billing; msats_per_second to lightning billing.",
            ["Tiers.Count"] = 2,
            ["Tiers[0].Tier"] = "nano",
            ["Tiers[0].MsatsPerSecond"] = 500L,
            ["Tiers[0].SatsPerSecond"] = 0.5,
            ["Tiers[0].UsdCentsPerSecond"] = 0.000277,
            ["Tiers[0].CostPerMinuteSats"] = 30.0,
            ["Tiers[0].CostPerHourSats"] = 1800.0,
            ["Tiers[0].CostPerDaySats"] = 43200.0,
            ["Tiers[0].CostPerHourUsd"] = 0.01,
            ["Tiers[1].Tier"] = "micro",
            ["Tiers[1].MsatsPerSecond"] = 1000L,
            ["Tiers[1].SatsPerSecond"] = 1.0,
            ["Tiers[1].UsdCentsPerSecond"] = 0.000555,
            ["Tiers[1].CostPerMinuteSats"] = 60.0,
            ["Tiers[1].CostPerHourSats"] = 3600.0,
            ["Tiers[1].CostPerDaySats"] = 86400.0,
            ["Tiers[1].CostPerHourUsd"] = 0.02,
        });
        yield return Example<LightningSandboxCreated>("create-lightning.json", new()
        {
            ["Status"] = "awaiting_payment",
            ["SandboxId"] = "sb_9f8a3d2e1c0b",
            ["SandboxToken"] = "sbx_a1b2c3d4e5f6g7h8",
            ["BillingMethod"] = "lightning",
            ["Tier"] = "nano",
            ["Runtime"] = "cpu",
            ["Invoice"] = "lnbc50u1p1z...",
            ["PaymentHash"] = "a1b2c3d4e5f6...",
            ["AmountMsats"] = 5000000L,
            ["AmountSats"] = 5000L,
            ["MsatsPerSecond"] = 500L,
            ["PrepaidSeconds"] = 10000L,
            ["ExpiresAt"] = "2026-05-29T16:00:00Z",
        });
        yield return Example<CreditsSandboxCreated>("create-credits.json", new()
        {
            ["Id"] = "sb_9f8a3d2e1c0b",
            ["Status"] = "pending",
            ["BillingMethod"] = "credits",
            ["Tier"] = "nano",
            ["Template"] = "sockt-nano",
            ["Runtime"] = "runpod_cpu",
            ["PrepaidBalanceSubcents"] = 1000000L,
            ["UserId"] = "usr_abc123",
        });
        yield return Example<SandboxStatus>("status.json", new()
        {
            ["SandboxId"] = "sb_9f8a3d2e1c0b",
            ["Status"] = "running",
            ["Tier"] = "nano",
            ["BillingMethod"] = "lightning",
            ["PrepaidBalanceMsats"] = 4500000L,
            ["SecondsRemaining"] = 9000L,
            ["WarningLevel"] = "ok",
            ["NextPollSecs"] = 15,
            ["MetricsStale"] = false,
            ["RuntimeConsumedTotal"] = 500000L,
        });
        yield return Example<ExecutionStarted>("exec-started.json", new()
        {
            ["ExecutionId"] = "exec_abc123f4g5",
            ["Status"] = "running",
            ["SandboxId"] = "sb_9f8a3d2e1c0b",
            ["Command"] = "python3 eval.py",
            ["NextStep"] = "Poll the execution result endpoint using the execution_id",
        });
        yield return Example<ExecutionResult>("execution-result.json", new()
        {
            ["ExecutionId"] = "exec_abc123f4g5",
            ["Status"] = "completed",
            ["Output.Count"] = 2,
            ["Output[0].Stream"] = "stdout",
            ["Output[0].Chunk"] = "Accuracy: 94.2%\n",
            ["Output[1].Stream"] = "stdout",
            ["Output[1].Chunk"] = "Finished evaluation.\n",
            ["ExitCode"] = 0,
        });
        yield return Example<ExecutionCancelled>("execution-cancelled.json", new()
        {
            ["ExecutionId"] = "exec_abc123f4g5",
            ["Status"] = "cancelled",
        });
        yield return Example<FileWritten>("file-written.json", new()
        {
            ["Path"] = "/home/sandbox/eval.py",
            ["BytesWritten"] = 14L,
            ["CreatedDirs"] = false,
        });
        yield return Example<FileContent>("file-content.json", new()
        {
            ["Path"] = "/home/sandbox/eval.py",
            ["SizeBytes"] = 14L,
            ["Encoding"] = "utf8",
            ["Truncated"] = false,
            ["Content"] = "print('hello')",
        });
        yield return Example<FileList>("file-list.json", new()
        {
            ["Entries.Count"] = 2,
            ["Entries[0].Name"] = "eval.py",
            ["Entries[0].Size"] = 14L,
            ["Entries[0].ModTs"] = 1716982800L,
            ["Entries[0].IsDir"] = false,
            ["Entries[0].IsFile"] = true,
            ["Entries[1].Name"] = "src",
            ["Entries[1].Size"] = 4096L,
            ["Entries[1].ModTs"] = 1716982950L,
            ["Entries[1].IsDir"] = true,
            ["Entries[1].IsFile"] = false,
            ["TotalEntries"] = 2,
        });
        yield return Example<SandboxStateChange>("paused.json", new()
        {
            ["SandboxId"] = "…",
            ["Status"] = "paused",
        });
        yield return Example<SandboxStateChange>("resumed.json", new()
        {
            ["SandboxId"] = "…",
            ["Status"] = "running",
        });
        yield return Example<TerminationResult>("terminated-lightning.json", new()
        {
            ["SandboxId"] = "sb_9f8a3d2e1c0b",
            ["Status"] = "terminated",
            ["ConsumedMsatsTotal"] = 1250000L,
            ["TerminatedAt"] = "2026-05-29T10:15:30Z",
            ["Refund.Status"] = "sent",
            ["Refund.AmountSats"] = 3750L,
            ["Refund.Address"] = "agent-sats@wallet.example",
        });
        yield return Example<TerminationResult>("terminated-credits.json", new()
        {
            ["SandboxId"] = "sb_9f8a3d2e1c0b",
            ["Status"] = "terminated",
            ["ConsumedMsatsTotal"] = 0L,
            ["TerminatedAt"] = "2026-05-29T10:15:30Z",
            ["Refund.Status"] = "credited",
            ["Refund.AmountCents"] = 85L,
        });
        yield return Example<ErrorEnvelope>("error-envelope.json", new()
        {
            ["Code"] = "forbidden",
            ["Error"] = "forbidden",
            ["Message"] = "execution belongs to another caller",
            ["Hint"] = "Ensure your request Authorization header matches the credential used to start this execution",
        });
        yield return Example<ErrorEnvelope>("error-envelope-older.json", new()
        {
            ["Code"] = "not_found",
            ["Error"] = "sandbox not found",
            ["Message"] = "...",
        });
    }

    [TestCaseSource(nameof(Examples))]
    public void Example_deserializes_with_every_field(string file, Type dto, Dictionary<string, object> expected)
    {
        var value = Deserialize(file, dto);

        var actual = DtoFlattener.Flatten(value);

        // Same fields, same values and same CLR types (a long must not arrive as an int, and so on).
        Assert.Multiple(() =>
        {
            Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), "populated fields");
            foreach (var (path, expectedValue) in expected)
            {
                if (actual.TryGetValue(path, out var actualValue))
                {
                    Assert.That(actualValue, Is.EqualTo(expectedValue), path);
                    Assert.That(actualValue.GetType(), Is.EqualTo(expectedValue.GetType()), path + " type");
                }
            }
        });
    }

    [TestCaseSource(nameof(Examples))]
    public async Task Example_round_trips_without_losing_a_field(string file, Type dto, Dictionary<string, object> expected)
    {
        var original = WireJson.Parse(await File.ReadAllTextAsync(RepoPaths.TestData("wire", file)));
        var value = Deserialize(file, dto);

        var reserialized = WireJson.Parse(await Serializer.ToHttpContent(value).ReadAsStringAsync());

        Assert.That(WireJson.Equivalent(reserialized, original), Is.True, $"{file} reserialized as {reserialized}");
    }

    [Test]
    public void Public_models_shape_the_wire_examples()
    {
        var status = (SandboxStatus)Deserialize("status.json", typeof(SandboxStatus));
        var files = (FileList)Deserialize("file-list.json", typeof(FileList));
        var terminated = (TerminationResult)Deserialize("terminated-lightning.json", typeof(TerminationResult));
        var tiers = (TierList)Deserialize("tiers.json", typeof(TierList));
        var content = (FileContent)Deserialize("file-content.json", typeof(FileContent));
        var result = (ExecutionResult)Deserialize("execution-result.json", typeof(ExecutionResult));

        Assert.Multiple(() =>
        {
            Assert.That(status.SandboxId, Is.EqualTo("sb_9f8a3d2e1c0b"));
            Assert.That(status.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(status.BillingMethod, Is.EqualTo(BillingMethod.Lightning));
            Assert.That(status.WarningLevel, Is.EqualTo(WarningLevel.Ok));
            Assert.That(status.TimeRemaining, Is.EqualTo(TimeSpan.FromSeconds(9000)));
            Assert.That(status.NextPollInterval, Is.EqualTo(TimeSpan.FromSeconds(15)));
            Assert.That(status.PendingInvoice, Is.Null);
            Assert.That(files.Entries![0].ModifiedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1716982800)));
            Assert.That(terminated.Status, Is.EqualTo(SandboxState.Terminated));
            Assert.That(terminated.TerminatedAt, Is.EqualTo(new DateTimeOffset(2026, 5, 29, 10, 15, 30, TimeSpan.Zero)));
            Assert.That(tiers.Tiers!.Select(tier => tier.Name), Is.EqualTo(new[] { "nano", "micro" }));
            Assert.That(content.Size, Is.EqualTo(14));
            Assert.That(content.Encoding, Is.EqualTo(FileEncoding.Utf8));
            Assert.That(result.Output![0].Stream, Is.EqualTo(OutputStream.Stdout));
        });
    }

    [Test]
    public void Quirky_duplicates_resolve_to_one_property()
    {
        var settings = SocktJsonSettings.Create();
        var pascal = Newtonsoft.Json.JsonConvert.DeserializeObject<SandboxStatus>("""{"ID":"sb_1","invoice":"lnbc1"}""", settings)!;
        var tier = Newtonsoft.Json.JsonConvert.DeserializeObject<SandboxTier>("""{"name":"micro","msats_per_second":1,"sats_per_second":1,"usd_cents_per_second":1,"cost_per_minute_sats":1,"cost_per_hour_sats":1,"cost_per_day_sats":1,"cost_per_hour_usd":1}""", settings)!;
        var file = Newtonsoft.Json.JsonConvert.DeserializeObject<FileContent>("""{"size":7}""", settings)!;
        var chunk = Newtonsoft.Json.JsonConvert.DeserializeObject<OutputChunk>("""{"chunk":"x"}""", settings)!;

        Assert.Multiple(() =>
        {
            Assert.That(pascal.SandboxId, Is.EqualTo("sb_1"));
            Assert.That(pascal.PendingInvoice?.Bolt11, Is.EqualTo("lnbc1"));
            Assert.That(tier.Name, Is.EqualTo("micro"));
            Assert.That(file.Size, Is.EqualTo(7));
            Assert.That(chunk.Stream, Is.EqualTo(OutputStream.Stdout), "a chunk without a stream is standard output");
        });
    }

    [Test]
    public void Every_wire_example_file_is_in_the_table()
    {
        var files = Directory.GetFiles(RepoPaths.TestData("wire"), "*.json").Select(Path.GetFileName);
        var tabled = Examples().Select(example => (string)example.Arguments[0]!);

        Assert.That(tabled, Is.EquivalentTo(files));
    }

    private static object Deserialize(string file, Type dto)
    {
        var json = File.ReadAllText(RepoPaths.TestData("wire", file));
        var method = typeof(NewtonsoftContentSerializer).GetMethod(nameof(NewtonsoftContentSerializer.DeserializeFromString))!
            .MakeGenericMethod(dto);
        return method.Invoke(Serializer, [json]) ?? throw new AssertionException($"{file} deserialized to null");
    }

    private static TestCaseData Example<T>(string file, Dictionary<string, object> expected) =>
        new TestCaseData(file, typeof(T), expected).SetArgDisplayNames(file, typeof(T).Name);
}
