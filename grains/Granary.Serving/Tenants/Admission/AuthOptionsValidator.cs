using Microsoft.Extensions.Options;

namespace Granary.Tenants.Admission;

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MinAdminKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        for (var i = 0; i < options.AdminKeys.Count; i++)
        {
            if (options.AdminKeys[i] is not { Length: >= MinAdminKeyLength })
            {
                result.AddError($"{AuthOptions.Section}:AdminKeys:{i} must be at least {MinAdminKeyLength} characters long.");
            }
        }

        if (options.CacheFor < TimeSpan.Zero || options.CacheFor > TimeSpan.FromMinutes(1))
        {
            result.AddError($"{AuthOptions.Section}:CacheFor must be between 00:00:00 and 00:01:00 (got {options.CacheFor}); revocation takes effect within it.");
        }

        if (options.LookupWait < TimeSpan.Zero || options.LookupWait > TimeSpan.FromSeconds(5))
        {
            result.AddError($"{AuthOptions.Section}:LookupWait must be between 00:00:00 and 00:00:05 (got {options.LookupWait}).");
        }

        if (options.ServeStaleFor < TimeSpan.Zero || options.ServeStaleFor > TimeSpan.FromMinutes(10))
        {
            result.AddError($"{AuthOptions.Section}:ServeStaleFor must be between 00:00:00 and 00:10:00 (got {options.ServeStaleFor}); a key known before is used this long while its grain does not answer.");
        }

        if (options.FailedPerSecondPerAddress is < 0 or > 100_000 || double.IsNaN(options.FailedPerSecondPerAddress))
        {
            result.AddError($"{AuthOptions.Section}:FailedPerSecondPerAddress must be between 0 (no limit) and 100000 (got {options.FailedPerSecondPerAddress}).");
        }

        if (options.FailedBurstPerAddress is < 1 or > 1_000_000)
        {
            result.AddError($"{AuthOptions.Section}:FailedBurstPerAddress must be between 1 and 1000000 (got {options.FailedBurstPerAddress}).");
        }

        if (options.KeyLookupsPerSecond is < 0 or > 1_000_000 || double.IsNaN(options.KeyLookupsPerSecond))
        {
            result.AddError($"{AuthOptions.Section}:KeyLookupsPerSecond must be between 0 (no limit) and 1000000 (got {options.KeyLookupsPerSecond}).");
        }

        if (options.KeyLookupBurst is < 1 or > 1_000_000)
        {
            result.AddError($"{AuthOptions.Section}:KeyLookupBurst must be between 1 and 1000000 (got {options.KeyLookupBurst}).");
        }

        return result.Build();
    }
}
