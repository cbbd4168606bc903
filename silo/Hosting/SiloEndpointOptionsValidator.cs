using Granary.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

public sealed class SiloEndpointOptionsValidator : IValidateOptions<SiloEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloEndpointOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        OptionChecks.Port(result, $"{SiloEndpointOptions.Section}:SiloPort", options.SiloPort);
        OptionChecks.Port(result, $"{SiloEndpointOptions.Section}:GatewayPort", options.GatewayPort);
        OptionChecks.Port(result, $"{SiloEndpointOptions.Section}:PrimarySiloPort", options.PrimarySiloPort, allowZero: true);
        OptionChecks.Port(result, $"{SiloEndpointOptions.Section}:SiloListeningPort", options.SiloListeningPort, allowZero: true);
        OptionChecks.Port(result, $"{SiloEndpointOptions.Section}:GatewayListeningPort", options.GatewayListeningPort, allowZero: true);
        OptionChecks.NotEmpty(result, $"{SiloEndpointOptions.Section}:ClusterId", options.ClusterId, "the cluster");
        OptionChecks.NotEmpty(result, $"{SiloEndpointOptions.Section}:ServiceId", options.ServiceId, "the service");
        return result.Build();
    }
}
