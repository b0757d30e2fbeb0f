using Sockt.Api;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>
/// The generated SocktApiRoutes (the addresses of the GETs the facade sends without Refit) escape and format exactly as
/// the Refit interface does.
/// </summary>
public class RouteTests
{
    [Test]
    public void Path_and_query_values_are_escaped_and_null_ones_left_out()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SocktApiRoutes.GetSandboxStatus("sb_1", null), Is.EqualTo("/v1/sandboxes/sb_1"));
            Assert.That(SocktApiRoutes.GetSandboxStatus("a b/ä", "sbx_x?&="), Is.EqualTo("/v1/sandboxes/a%20b%2F%C3%A4?sandbox_token=sbx_x%3F%26%3D"));
            Assert.That(SocktApiRoutes.GetExecutionResult("exec_1", "sbx_t"), Is.EqualTo("/v1/executions/exec_1?sandbox_token=sbx_t"));
        });
    }

    [Test]
    public async Task A_route_is_the_address_refit_builds_for_the_same_call()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", "/v1/sandboxes/a%20b%2F%C3%A4/files", """{"entries":[],"total_entries":0}""");

        // ListFilesAsync still goes through Refit: its request is the reference.
        await test.Sandbox("a b/ä", ownToken: "sbx_x?&=").ListFilesAsync("dir with space/ü", recursive: true, maxDepth: 2);

        var refit = test.Stub.Requests.Single().Uri.PathAndQuery;
        Assert.That(SocktApiRoutes.ListFiles("a b/ä", "dir with space/ü", true, 2, "sbx_x?&="), Is.EqualTo(refit));
    }
}
