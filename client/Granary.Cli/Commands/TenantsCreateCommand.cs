using System.CommandLine;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary tenants create ID</c>: a new tenant with its plan, region and quota limits.</summary>
internal static class TenantsCreateCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var id = new Argument<string>("id") { Description = "The tenant's id: lower-case letters, digits and '-', 1-63 characters." };
        var name = new Option<string>("--name") { Description = "The tenant's display name.", Required = true };
        var plan = new Option<string>("--plan") { Description = "The plan the tenant is on.", Required = true };
        var region = new Option<string>("--region") { Description = "The tenant's data-residency label; none when left out.", DefaultValueFactory = _ => "" };
        var quota = new QuotaOptions();
        var command = new Command("create", "Create a tenant; quota limits left out are 0: the plan's limit (unlimited without one).") { id, name, plan, region };
        quota.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var request = new CreateTenantRequest
            {
                Id = parseResult.GetRequiredValue(id),
                Name = parseResult.GetRequiredValue(name),
                Plan = parseResult.GetRequiredValue(plan),
                Region = parseResult.GetValue(region) ?? "",
                Quota = quota.ToLimits(parseResult),
            };
            TenantTable.Write(Console.Out, [await client.CreateTenantAsync(request, cancellationToken)]);
            return 0;
        });
        return command;
    }
}
