using System.Text;
using Sockt.Emulator.Pty;

namespace Sockt.Emulator.Primitives.Tests.Pty;

/// <summary>Validation and defaults of <see cref="PtyStartInfo"/>, and the errors of <see cref="PtyProcess"/> calls.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class PtyStartInfoTests
{
    [Test]
    public void Defaults_are_an_80x24_terminal_with_the_current_environment()
    {
        var info = new PtyStartInfo { FileName = "/bin/true" };

        Assert.Multiple(() =>
        {
            Assert.That(info.Columns, Is.EqualTo(80));
            Assert.That(info.Rows, Is.EqualTo(24));
            Assert.That(info.Arguments, Is.Empty);
            Assert.That(info.WorkingDirectory, Is.EqualTo(Directory.GetCurrentDirectory()));
            Assert.That(info.Environment["PATH"], Is.EqualTo(Environment.GetEnvironmentVariable("PATH")));
        });
    }

    [Test]
    public void Init_properties_reject_bad_values_naming_the_property()
    {
        Assert.Multiple(() =>
        {
            AssertRejects(() => new PtyStartInfo { FileName = " " }, "FileName");
            AssertRejects(() => new PtyStartInfo { FileName = "a\0b" }, "FileName");
            AssertRejects(() => new PtyStartInfo { Arguments = ["ok", null!] }, "Arguments");
            AssertRejects(() => new PtyStartInfo { WorkingDirectory = "" }, "WorkingDirectory");
            AssertRejects(() => new PtyStartInfo { Columns = 0 }, "Columns");
            AssertRejects(() => new PtyStartInfo { Rows = 65536 }, "Rows");
        });
    }

    [Test]
    public void Start_rejects_a_missing_program_name_and_bad_environment_names()
    {
        AssertRejects(() => PtyProcess.Start(new PtyStartInfo()), "info");
        var info = new PtyStartInfo { FileName = "/bin/true", Environment = new Dictionary<string, string> { ["A=B"] = "x" } };
        AssertRejects(() => PtyProcess.Start(info), "info");
    }

    [Test]
    public void Start_reports_a_missing_working_directory()
    {
        var info = new PtyStartInfo { FileName = "/bin/true", WorkingDirectory = "/nonexistent-" + Guid.NewGuid().ToString("N") };

        Assert.That(() => PtyProcess.Start(info), Throws.TypeOf<DirectoryNotFoundException>());
    }

    [Test]
    public async Task A_program_that_cannot_be_executed_exits_127_with_the_reason_on_the_terminal()
    {
        await using var pty = PtyProcess.Start(new PtyStartInfo { FileName = "/nonexistent/program" });
        var transcript = TerminalTranscript.Of(pty);

        Assert.That(await pty.WaitForExitAsync().WaitAsync(TerminalTranscript.Deadline), Is.EqualTo(127));
        await transcript.WaitForEndAsync();
        Assert.That(transcript.Text, Does.Contain("/nonexistent/program"));
    }

    [Test]
    public async Task Resize_rejects_sizes_outside_the_terminal_range_and_calls_after_dispose_throw()
    {
        var pty = PtyProcess.Start(new PtyStartInfo { FileName = "/bin/sleep", Arguments = ["3600"] });

        Assert.That(() => pty.Resize(0, 10), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("columns"));
        Assert.That(() => pty.Resize(10, 70_000), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("rows"));

        await pty.DisposeAsync();

        Assert.That(() => pty.Resize(100, 30), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(async () => await pty.WriteAsync(Encoding.ASCII.GetBytes("x")), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(pty.Kill, Throws.Nothing, "Kill after dispose has nothing left to do");
        Assert.That(await pty.WaitForExitAsync(), Is.EqualTo(128 + 9));
    }

    private static void AssertRejects(Action create, string parameter) =>
        Assert.That(() => create(), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo(parameter));
}
