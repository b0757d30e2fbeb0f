using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary><see cref="SocktEmulatorOptions.MaxFileReadBytes"/> caps what one read returns, as <c>max_bytes</c> does.</summary>
internal sealed class FileReadCapTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.MaxFileReadBytes = 4096;

    [Test]
    public async Task A_read_beyond_MaxFileReadBytes_comes_back_truncated_with_the_real_size()
    {
        var sandbox = await NewSandboxAsync();
        var files = $"/v1/sandboxes/{sandbox}/files";
        var text = new string('x', 10_000);
        await Api.PostAsync(files + "/write", Key, new { path = "big.txt", content = text, create_dirs = true });

        var capped = await Api.PostAsync(files + "/read", Key, new { path = "big.txt" });
        var smaller = await Api.PostAsync(files + "/read", Key, new { path = "big.txt", max_bytes = 100 });

        Assert.Multiple(() =>
        {
            Assert.That((capped.Code, capped.Str("content"), capped.Long("size_bytes")), Is.EqualTo((200, text[..4096], 10_000L)));
            Assert.That(capped["truncated"].GetValue<bool>(), Is.True);
            Assert.That(smaller.Str("content"), Is.EqualTo(text[..100]));
        });
    }

    [Test]
    public void A_cap_below_1024_bytes_is_refused()
    {
        var options = new SocktEmulatorOptions { MaxFileReadBytes = 1000 };

        Assert.ThrowsAsync<ArgumentException>(async () => await SocktEmulator.StartAsync(options));
    }
}
