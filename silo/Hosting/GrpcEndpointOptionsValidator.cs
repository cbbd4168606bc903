using Granary.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

public sealed class GrpcEndpointOptionsValidator : IValidateOptions<GrpcEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, GrpcEndpointOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        OptionChecks.Port(result, $"{GrpcEndpointOptions.Section}:Port", options.Port);
        OptionChecks.Port(result, $"{GrpcEndpointOptions.Section}:HttpPort", options.HttpPort, allowZero: true);
        OptionChecks.IpAddress(result, $"{GrpcEndpointOptions.Section}:Host", options.Host);
        if (options.MaxMessageBytes is < 1024 or > 1024 * 1024 * 1024)
        {
            result.AddError($"{GrpcEndpointOptions.Section}:MaxMessageBytes must be between 1 KiB and 1 GiB (got {options.MaxMessageBytes}).");
        }

        return result.Build();
    }
}
