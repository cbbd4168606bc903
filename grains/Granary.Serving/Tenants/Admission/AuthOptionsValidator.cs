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

        return result.Build();
    }
}
