namespace Sockt.Emulator;

/// <summary>Command-line entry point: <c>dotnet run --project src/Sockt.Emulator -- [options]</c>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Contains("--version"))
        {
            Console.WriteLine(Hosting.EmulatorVersion.Informational);
            return 0;
        }

        SocktEmulatorOptions options;
        try
        {
            var parsed = Hosting.EmulatorCommandLine.Parse(args);
            if (parsed is null)
            {
                Console.WriteLine(Hosting.EmulatorCommandLine.Usage);
                return 0;
            }

            options = parsed;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("sockt-emulator: " + e.Message);
            await Console.Error.WriteLineAsync("Run with --help for the options.");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

        SocktEmulator emulator;
        try
        {
            emulator = await SocktEmulator.StartAsync(options, stop.Token);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync("sockt-emulator: " + e.Message);
            return 1;
        }

        await using (emulator)
        {
            Hosting.EmulatorCommandLine.PrintBanner(emulator, options);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            Console.WriteLine("Stopping: terminating every sandbox...");
        }

        return 0;
    }
}
