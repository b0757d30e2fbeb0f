using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>One client serves many sandboxes at once; each call carries its own sandbox's credential.</summary>
public class ConcurrencyTests
{
    [Test]
    public async Task Concurrent_calls_of_sandboxes_with_different_tokens_never_mix_credentials()
    {
        using var test = new TestClient();
        var sandboxes = Enumerable.Range(0, 20).Select(i => test.Sandbox($"sb_{i}", ownToken: $"sbx_token{i:00}")).ToArray();
        foreach (var sandbox in sandboxes)
        {
            test.Stub.OnJson("GET", $"/v1/sandboxes/{sandbox.Id}", Json.Status("running", sandbox.Id));
        }

        await Task.WhenAll(sandboxes.SelectMany(s => Enumerable.Range(0, 5).Select(_ => Task.Run(() => s.RefreshStatusAsync()))));

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(100));
            foreach (var request in test.Stub.Requests)
            {
                var index = request.Path["/v1/sandboxes/sb_".Length..];
                Assert.That(request.Authorization, Is.EqualTo($"Bearer sbx_token{int.Parse(index):00}"));
                Assert.That(request.Query("sandbox_token"), Is.EqualTo($"sbx_token{int.Parse(index):00}"));
            }
        });
    }
}
