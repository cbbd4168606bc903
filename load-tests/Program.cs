using System.CommandLine;
using Granary.LoadTests.Cli;

var command = BenchmarkCommand.Create();
command.Subcommands.Add(TransportServerCommand.Create());
command.Subcommands.Add(BaselineServerCommand.Create());
command.Subcommands.Add(FloodCommand.Create());
command.Subcommands.Add(ChaosCommand.Create());

// Ctrl+C cancels the run; the grace lets it stop its child servers with SIGTERM before the process ends.
return await command.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
