using System.CommandLine;
using Granary.Cli;
using Granary.Cli.Commands;

var connection = new ConnectionOptions();
var root = new RootCommand("granary: run inference on a Granary cluster and manage its models.")
{
    connection.Address,
    connection.ApiKey,
    InferCommand.Create(connection),
    ModelsCommand.Create(connection),
    ClusterCommand.Create(connection),
    TenantsCommand.Create(connection),
    KeysCommand.Create(connection),
    QuotaCommand.Create(connection),
};

return await FailureReporter.InvokeAsync(root.Parse(args));
