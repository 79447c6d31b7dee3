// Composition only: everything lives in Cli so tests can run the same path in-process.
return Fxs.Cli.Cli.Run(args, System.Console.Out, System.Console.Error);
