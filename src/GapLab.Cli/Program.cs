return GapLab.Cli.GapLabCli.Run(args);
