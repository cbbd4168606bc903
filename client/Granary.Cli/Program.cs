using Granary.Cli;

return await FailureReporter.InvokeAsync(GranaryRootCommand.Create().Parse(args));
