using System.Text;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>Inputs that used to end in a 500 (some showing host paths) now get a 4xx with the envelope.</summary>
internal sealed class HostileInputTests : EmulatorTestBase
{
    [Test]
    public async Task Invalid_utf8_in_a_json_string_gets_400()
    {
        using var raw = new RawHttp(Emulator.BaseUrl);
        var id = await NewSandboxAsync();
        byte[] Body(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xff, 0xfe, .. Encoding.UTF8.GetBytes(after)];

        var create = await raw.SendAsync(HttpMethod.Post, "/v1/sandboxes", Key, Body("{\"tier\":\"na", "no\"}"), "application/json");
        var exec = await raw.SendAsync(HttpMethod.Post, $"/v1/sandboxes/{id}/exec", Key, Body("{\"command\":\"echo ", "\"}"), "application/json");
        var write = await raw.SendAsync(HttpMethod.Post, $"/v1/sandboxes/{id}/files/write", Key, Body("{\"path\":\"x", "\",\"content\":\"c\"}"), "application/json");

        foreach (var response in new[] { create, exec, write })
        {
            AssertClean(response.Code, response.Text, response.IsEnvelope);
        }
    }

    [TestCase("/v1/sandboxes", "{\"tier\":\"nano\",\"label\":\"\\ud800\"}")]
    [TestCase("/v1/sandboxes/{id}/exec", "{\"command\":\"echo \\udc00\"}")]
    [TestCase("/v1/sandboxes/{id}/files/write", "{\"path\":\"a\\ud800b.txt\",\"content\":\"x\"}")]
    [TestCase("/v1/sandboxes/{id}/files/write", "{\"path\":\"a.txt\",\"content\":\"\\ud83d\"}")]
    public async Task A_lone_surrogate_in_a_json_string_gets_400(string path, string body)
    {
        var id = await NewSandboxAsync();

        var response = await Api.SendAsync(HttpMethod.Post, path.Replace("{id}", id, StringComparison.Ordinal), Key, rawBody: body);

        AssertClean(response.Code, response.Text, response.ErrorCode == "invalid_params");
        Assert.That(response.Str("message"), Does.Contain("surrogate"));
    }

    [Test]
    public async Task Overlong_names_and_paths_get_400_in_every_file_operation()
    {
        var id = await NewSandboxAsync();
        var longName = new string('n', 300);
        var longPath = string.Concat(Enumerable.Repeat("abcdefgh/", 500)) + "f.txt";
        var answers = new List<ApiResponse>();
        foreach (var path in new[] { longName, "dir/" + longName + "/f.txt", longPath })
        {
            answers.Add(await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path, content = "x", create_dirs = true }));
            answers.Add(await Api.PostAsync($"/v1/sandboxes/{id}/files/read", Key, new { path }));
            answers.Add(await Api.GetAsync($"/v1/sandboxes/{id}/files?path={Uri.EscapeDataString(path)}", Key));
            answers.Add(await Api.PostAsync($"/v1/sandboxes/{id}/exec", Key, new { command = "pwd", working_dir = path }));
        }

        foreach (var response in answers)
        {
            AssertClean(response.Code, response.Text, response.ErrorCode == "invalid_params");
        }

        Assert.That((await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path = new string('n', 255), content = "x" })).Code, Is.EqualTo(200), "255 bytes is a valid name");
    }

    [Test]
    public async Task A_command_too_long_for_the_kernel_gets_400_up_front_and_the_longest_allowed_runs()
    {
        var id = await NewSandboxAsync();

        var tooLong = await Api.PostAsync($"/v1/sandboxes/{id}/exec", Key, new { command = "echo " + new string('x', 300_000) });
        var longest = await Api.RunAsync(id, Key, "echo ok #" + new string('x', (128 * 1024) - 1 - "echo ok #".Length));

        AssertClean(tooLong.Code, tooLong.Text, tooLong.ErrorCode == "invalid_params");
        Assert.That(tooLong.Str("message"), Does.Contain("131071 bytes"));
        Assert.That((longest.Status, longest.ExitCode, longest.Stdout), Is.EqualTo(("completed", (int?)0, "ok\n")));
    }

    private void AssertClean(int code, string text, bool envelope)
    {
        Assert.That(code, Is.InRange(400, 499), text);
        Assert.That(envelope, Is.True, text);
        Assert.That(text, Does.Not.Contain(Emulator.DataDirectory).And.Not.Contain("/usr/bin").And.Not.Contain("   at "), "no host path or stack trace");
    }
}
