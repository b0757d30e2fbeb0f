return await Sockt.Cli.SocktCommandLine.RunAsync(args);
