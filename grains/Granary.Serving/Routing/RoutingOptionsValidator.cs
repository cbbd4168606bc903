using Microsoft.Extensions.Options;

namespace Granary.Routing;

public sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        Between(result, nameof(options.RemoteCallFloor), options.RemoteCallFloor, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        Between(result, nameof(options.FirstCallTimeout), options.FirstCallTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        Between(result, nameof(options.BaseEjection), options.BaseEjection, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        Between(result, nameof(options.MaxEjection), options.MaxEjection, options.BaseEjection, TimeSpan.FromHours(1));
        if (options.TimeoutOverLatency is < 1 or > 1000 || double.IsNaN(options.TimeoutOverLatency))
        {
            result.AddError($"{RoutingOptions.Section}:TimeoutOverLatency must be between 1 and 1000 (got {options.TimeoutOverLatency}).");
        }

        if (options.ConsecutiveFailuresToEject is < 1 or > 1000)
        {
            result.AddError($"{RoutingOptions.Section}:ConsecutiveFailuresToEject must be between 1 and 1000 (got {options.ConsecutiveFailuresToEject}).");
        }

        if (options.MaxEjectionPercent is < 0 or > 100)
        {
            result.AddError($"{RoutingOptions.Section}:MaxEjectionPercent must be between 0 (never eject) and 100 (got {options.MaxEjectionPercent}).");
        }

        if (options.RemoteCallsInFlight is < 1 or > 1024)
        {
            result.AddError($"{RoutingOptions.Section}:RemoteCallsInFlight must be between 1 and 1024 (got {options.RemoteCallsInFlight}).");
        }

        if (options.RequestsPerRemoteCall is < 1 or > 4096)
        {
            result.AddError($"{RoutingOptions.Section}:RequestsPerRemoteCall must be between 1 and 4096 (got {options.RequestsPerRemoteCall}).");
        }

        return result.Build();
    }

    private static void Between(ValidateOptionsResultBuilder result, string key, TimeSpan value, TimeSpan least, TimeSpan most)
    {
        if (value < least || value > most)
        {
            result.AddError($"{RoutingOptions.Section}:{key} must be between {least} and {most} (got {value}).");
        }
    }
}
