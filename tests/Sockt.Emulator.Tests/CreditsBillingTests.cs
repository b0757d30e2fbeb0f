using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class CreditsBillingTests : EmulatorTestBase
{
    [SetUp]
    public Task RefillAccountAsync() => Emulator.SetCreditsAsync(Key, 10_000);

    [Test]
    public async Task Running_time_is_metered_per_second_and_not_while_paused()
    {
        var id = await NewSandboxAsync("nano");

        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(100));
        var afterRun = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        await Api.PostAsync($"/v1/sandboxes/{id}/pause", Key);
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1000));
        var afterPause = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        await Api.PostAsync($"/v1/sandboxes/{id}/resume", Key);
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(10));
        var afterResume = await Api.GetAsync($"/v1/sandboxes/{id}", Key);

        Assert.That(afterRun.Long("consumed_msats"), Is.EqualTo(50_000));
        Assert.That(afterRun.Long("runtime_consumed_total"), Is.EqualTo(50_000));
        Assert.That(afterPause.Long("consumed_msats"), Is.EqualTo(50_000), "paused time is free");
        Assert.That(afterResume.Long("consumed_msats"), Is.EqualTo(55_000));
    }

    [Test]
    public async Task Terminate_refunds_the_unused_allocation_to_the_account()
    {
        var id = await Api.CreateCreditsSandboxAsync(Key, "medium", initialCents: 100);
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(3600));

        var terminated = await Api.DeleteAsync($"/v1/sandboxes/{id}", Key);

        // medium costs 0.002777 cents/s: one hour uses just under 10 cents of the 100 allocated.
        Assert.That(terminated["refund"]["amount_cents"]!.GetValue<long>(), Is.EqualTo(90));
        Assert.That(terminated["refund"]["status"]!.GetValue<string>(), Is.EqualTo("credited"));
    }

    [Test]
    public async Task Running_out_of_credits_pauses_the_sandbox_and_answers_402_until_topped_up()
    {
        var id = await Api.CreateCreditsSandboxAsync(Key, "gpu-small", initialCents: 1);
        await Emulator.SetCreditsAsync(Key, 0);

        // gpu-small costs 0.013888 cents/s: one cent lasts 72 seconds.
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(30));
        var low = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(100));
        var empty = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        var exec = await Api.PostAsync($"/v1/sandboxes/{id}/exec", Key, new { command = "true" });
        var read = await Api.PostAsync($"/v1/sandboxes/{id}/files/read", Key, new { path = ".bashrc" });
        var resumeBroke = await Api.PostAsync($"/v1/sandboxes/{id}/resume", Key);
        await Emulator.SetCreditsAsync(Key, 50);
        var resumed = await Api.PostAsync($"/v1/sandboxes/{id}/resume", Key);
        var works = await Api.RunAsync(id, Key, "echo topped-up");

        Assert.Multiple(() =>
        {
            Assert.That((low.Str("status"), low.Str("warning_level")), Is.EqualTo(("running", "low_balance")));
            Assert.That(low.Long("seconds_remaining"), Is.EqualTo(42).Within(1));
            Assert.That((empty.Str("status"), empty.Str("warning_level")), Is.EqualTo(("paused", "out_of_balance")));
            Assert.That(empty.Long("seconds_remaining"), Is.Zero);
            Assert.That((exec.Code, exec.ErrorCode), Is.EqualTo((402, "insufficient_credits")));
            Assert.That((read.Code, read.ErrorCode), Is.EqualTo((402, "insufficient_credits")));
            Assert.That((resumeBroke.Code, resumeBroke.ErrorCode), Is.EqualTo((402, "insufficient_credits")));
            Assert.That((resumed.Code, resumed.Str("status")), Is.EqualTo((200, "running")));
            Assert.That(works.Stdout, Is.EqualTo("topped-up\n"));
        });
    }

    [Test]
    public async Task Creating_beyond_the_account_balance_is_402()
    {
        await Emulator.SetCreditsAsync(Key, 5);

        var created = await Api.PostAsync("/v1/sandboxes", Key, new { tier = "nano", billing_method = "credits", initial_credits_cents = 6 });

        Assert.That((created.Code, created.ErrorCode), Is.EqualTo((402, "insufficient_credits")));
    }

    [Test]
    public async Task The_clock_endpoint_advances_billing()
    {
        var id = await NewSandboxAsync("micro");

        var advanced = await Api.PostAsync("/_emulator/clock/advance", Admin, new { seconds = 20 });
        var status = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        var bad = await Api.PostAsync("/_emulator/clock/advance", Admin, new { seconds = -1 });

        Assert.That(advanced.Code, Is.EqualTo(200));
        Assert.That(advanced["advanced_seconds"].GetValue<double>(), Is.EqualTo(20));
        Assert.That(status.Long("consumed_msats"), Is.EqualTo(20_000));
        Assert.That((bad.Code, bad.ErrorCode), Is.EqualTo((400, "invalid_params")));
    }

    [Test]
    public async Task The_credits_endpoint_sets_an_account_balance()
    {
        var set = await Api.PostAsync("/_emulator/credits", Admin, new { api_key = Key, cents = 3 });
        var created = await Api.PostAsync("/v1/sandboxes", Key, new { tier = "nano", initial_credits_cents = 4 });
        var unknown = await Api.PostAsync("/_emulator/credits", Admin, new { api_key = "sockt_live_nobody", cents = 3 });

        Assert.That((set.Code, set.Long("cents")), Is.EqualTo((200, 3L)));
        Assert.That(set.Text, Does.Not.Contain(Key), "the key is not echoed");
        Assert.That(created.Code, Is.EqualTo(402));
        Assert.That(unknown.Code, Is.EqualTo(404));
    }
}
