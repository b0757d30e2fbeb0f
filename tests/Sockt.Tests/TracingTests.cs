using System.Diagnostics;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>One Activity per public operation from the "Sockt" source, tagged with ids and, on failure, the status.</summary>
[NonParallelizable]
public class TracingTests
{
    [Test]
    public async Task Operations_emit_activities_with_ids_and_failure_tags()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SocktDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var test = new TestClient();
        test.Stub.OnJson("POST", "/v1/sandboxes/sb_1/exec", Json.ExecStarted)
            .OnJson("GET", "/v1/executions/exec_1", Json.Poll("completed", Json.Chunk("x"), 0))
            .On("GET", "/v1/sandboxes/sb_1", 404, Json.Envelope("not_found", "sandbox not found"));
        var sandbox = test.Sandbox();

        await sandbox.ExecAsync("echo x");
        await Assert.ThrowsAsync<NotFoundException>(() => sandbox.RefreshStatusAsync());

        var exec = activities.Single(a => a.OperationName == "Sockt.Sandbox.Exec");
        var refresh = activities.Single(a => a.OperationName == "Sockt.Sandbox.RefreshStatus");
        Assert.Multiple(() =>
        {
            Assert.That(exec.GetTagItem(SocktDiagnostics.SandboxIdTag), Is.EqualTo("sb_1"));
            Assert.That(exec.GetTagItem(SocktDiagnostics.ExecutionIdTag), Is.EqualTo("exec_1"));
            Assert.That(exec.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(refresh.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(refresh.GetTagItem(SocktDiagnostics.HttpStatusCodeTag), Is.EqualTo(404));
            Assert.That(refresh.GetTagItem(SocktDiagnostics.ErrorTypeTag), Is.EqualTo("not_found"));
        });
    }
}
