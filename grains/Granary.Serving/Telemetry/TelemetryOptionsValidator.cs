using Granary.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Telemetry;

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public const int MaxTenantLabelsCeiling = 10_000;

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        OptionChecks.Port(result, $"{TelemetryOptions.Section}:MetricsPort", options.MetricsPort, allowZero: true);
        if (options.MaxTenantLabels is < 0 or > MaxTenantLabelsCeiling)
        {
            result.AddError($"{TelemetryOptions.Section}:MaxTenantLabels must be between 0 and {MaxTenantLabelsCeiling} (got {options.MaxTenantLabels}).");
        }

        if (options.OtlpEndpoint.Length > 0 && !Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out _))
        {
            result.AddError($"{TelemetryOptions.Section}:OtlpEndpoint must be an absolute URI such as http://collector:4317 (got '{options.OtlpEndpoint}').");
        }

        return result.Build();
    }
}
