using Microsoft.Extensions.Options;

namespace Granary.Silo.Serving;

public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public static readonly TimeSpan MaxDrainDelay = TimeSpan.FromSeconds(20);

    public ValidateOptionsResult Validate(string? name, HealthOptions options) =>
        options.DrainDelay < TimeSpan.Zero || options.DrainDelay > MaxDrainDelay
            ? ValidateOptionsResult.Fail($"{HealthOptions.Section}:DrainDelay must be between 00:00:00 and {MaxDrainDelay} (got {options.DrainDelay}).")
            : ValidateOptionsResult.Success;
}
