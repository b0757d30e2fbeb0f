using System.Diagnostics;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class AbandonedGroupTests
{
    [TestCase(ProcessControl.CgroupV1)]
    [TestCase(ProcessControl.CgroupV2)]
    public async Task Starting_removes_the_groups_and_processes_of_an_emulator_that_died(ProcessControl control)
    {
        var flavor = control == ProcessControl.CgroupV1 ? CgroupFlavor.V1 : CgroupFlavor.V2;
        if (flavor is null || !flavor.IsUsable())
        {
            Assert.Inconclusive($"{control} is not available on this machine");
        }

        var deadPid = Enumerable.Range(3_000_000, 1000).First(pid => !Directory.Exists($"/proc/{pid}"));
        var root = Path.Combine(flavor.Root, $"sockt-emulator-{deadPid}-deadbeef");
        var group = new CgroupProcessGroup(flavor, Path.Combine(root, "sb_000000000000"));
        var marker = HostProcesses.NewMarker();
        var start = new ProcessStartInfo(group.LaunchPrefix[0]) { UseShellExecute = false };
        foreach (var argument in group.LaunchPrefix.Skip(1).Concat(["/bin/bash", "-c", $"sleep 600; echo {marker}"]))
        {
            start.ArgumentList.Add(argument);
        }

        using var leftover = Process.Start(start)!;
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 1, "the leftover process to run");

        await using (await SocktEmulator.StartAsync(new SocktEmulatorOptions { ProcessControl = control }))
        {
            await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "the leftover process to be killed");
            Assert.That(Directory.Exists(root), Is.False);
        }

        await leftover.WaitForExitAsync();
    }
}
