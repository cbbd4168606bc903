using System.Net;
using Microsoft.Extensions.Options;

namespace Granary.Hosting;

/// <summary>The checks the options validators share, each failure naming the configuration key and its valid range.</summary>
public static class OptionChecks
{
    public static void Port(ValidateOptionsResultBuilder result, string key, int value, bool allowZero = false)
    {
        if (value is < 0 or > 65535 || (value == 0 && !allowZero))
        {
            result.AddError($"{key} must be a TCP port between {(allowZero ? 0 : 1)} and 65535 (got {value}).");
        }
    }

    public static void IpAddress(ValidateOptionsResultBuilder result, string key, string value)
    {
        if (!IPAddress.TryParse(value, out _))
        {
            result.AddError($"{key} must be an IP address (got '{value}').");
        }
    }

    public static void NotEmpty(ValidateOptionsResultBuilder result, string key, string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            result.AddError($"{key} must name {what}.");
        }
    }

    /// <summary>Runs a validator now, at host build, so a bad value stops the silo before any port is bound.</summary>
    public static TOptions ValidatedNow<TOptions>(TOptions options, IValidateOptions<TOptions> validator) where TOptions : class =>
        validator.Validate(Options.DefaultName, options) is { Failed: true } failed
            ? throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failed.Failures)
            : options;
}
