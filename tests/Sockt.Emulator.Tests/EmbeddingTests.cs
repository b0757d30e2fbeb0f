namespace Sockt.Emulator.Tests;

internal sealed class EmbeddingTests
{
    [Test]
    public async Task Start_picks_a_free_loopback_port_and_generates_a_key()
    {
        await using var first = await SocktEmulator.StartAsync();
        await using var second = await SocktEmulator.StartAsync();

        Assert.That(first.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(first.BaseUrl.Port, Is.Not.EqualTo(second.BaseUrl.Port));
        Assert.That(first.BaseUrl.AbsolutePath, Is.EqualTo("/"));
        Assert.That(first.ApiKey, Does.Match("^sockt_live_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
        Assert.That(first.ApiKey, Is.Not.EqualTo(second.ApiKey));
    }

    [Test]
    public async Task Configured_keys_and_data_directory_are_used_and_kept()
    {
        var data = Path.Combine(Path.GetTempPath(), "sockt-emulator-test-" + Guid.NewGuid().ToString("N"));
        var options = new SocktEmulatorOptions { DataDirectory = data, ApiKeys = { "sockt_live_configured" } };
        string home;
        await using (var emulator = await SocktEmulator.StartAsync(options))
        {
            Assert.That(emulator.ApiKey, Is.EqualTo("sockt_live_configured"));
            Assert.That(Path.GetDirectoryName(emulator.DataDirectory), Is.EqualTo(data), "each run keeps its homes in a run directory inside the data directory");
            using var api = new Infrastructure.EmulatorApi(emulator.BaseUrl);
            var id = await api.CreateCreditsSandboxAsync(emulator.ApiKey);
            home = Path.Combine(emulator.DataDirectory, "sandboxes", id);
            Assert.That(Directory.Exists(home), Is.True);
        }

        Assert.That(Directory.Exists(data), Is.True, "a configured data directory is the user's");
        Assert.That(Directory.Exists(home), Is.False, "stopping terminates every sandbox and removes its home");
        Directory.Delete(data, recursive: true);
    }

    [Test]
    public async Task Disposing_twice_is_harmless()
    {
        var emulator = await SocktEmulator.StartAsync();
        await emulator.DisposeAsync();

        await Assert.DoesNotThrowAsync(async () => await emulator.DisposeAsync());
    }

    [Test]
    public async Task Invalid_options_throw_argument_exceptions()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SocktEmulator.StartAsync(new SocktEmulatorOptions { Port = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.FromSeconds(-1) }));
        await Assert.ThrowsAsync<ArgumentException>(() => SocktEmulator.StartAsync(new SocktEmulatorOptions { ApiKeys = { "sbx_not_a_key" } }));
        await Assert.ThrowsAsync<ArgumentException>(() => SocktEmulator.StartAsync(new SocktEmulatorOptions { Tiers = [] }));
    }

    [Test]
    public async Task The_key_is_not_in_the_exception_text_of_a_bad_key()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SocktEmulator.StartAsync(new SocktEmulatorOptions { ApiKeys = { "sbx_secret_value" } }));

        Assert.That(error!.Message, Does.Not.Contain("sbx_secret_value"));
    }

    [Test]
    public async Task Isolation_none_runs_commands_in_the_host_home_directory()
    {
        await using var emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { Isolation = IsolationMode.None, BootDelay = TimeSpan.Zero, RateLimitPerMinute = 0 });
        using var api = new Infrastructure.EmulatorApi(emulator.BaseUrl);
        var id = await api.CreateCreditsSandboxAsync(emulator.ApiKey);

        var outcome = await api.RunAsync(id, emulator.ApiKey, "pwd; echo $HOME");
        var write = await api.PostAsync($"/v1/sandboxes/{id}/files/write", emulator.ApiKey, new { path = "/home/sandbox/mapped.txt", content = "m", create_dirs = true });

        var home = Path.Combine(emulator.DataDirectory, "sandboxes", id, "home");
        Assert.That(emulator.Isolation, Is.EqualTo(IsolationMode.None));
        Assert.That(outcome.Stdout, Is.EqualTo($"{home}\n{home}\n"));
        Assert.That(File.ReadAllText(Path.Combine(home, "mapped.txt")), Is.EqualTo("m"), "/home/sandbox paths map to the home directory");
        Assert.That(write.Str("path"), Is.EqualTo("/home/sandbox/mapped.txt"));
    }

    [Test]
    public async Task Setting_credits_for_an_unknown_key_throws()
    {
        await using var emulator = await SocktEmulator.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => emulator.SetCreditsAsync("sockt_live_unknown", 5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => emulator.SetCreditsAsync(emulator.ApiKey, -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => emulator.AdvanceClockAsync(TimeSpan.Zero));

        Assert.That(error!.ParamName, Is.EqualTo("apiKey"));
        Assert.That(error.Message, Does.Not.Contain("sockt_live_unknown"));
    }
}
