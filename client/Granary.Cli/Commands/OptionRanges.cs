using System.CommandLine;
using System.Numerics;

namespace Granary.Cli.Commands;

/// <summary>
/// Lower bounds checked while parsing, on the option itself: a command's validator sees a missing option as
/// default(T), not as its declared default value.
/// </summary>
internal static class OptionRanges
{
    public static Option<T> AtLeast<T>(this Option<T> option, T minimum) where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}.");
            }
        });
        return option;
    }

    public static Option<T?> AtLeast<T>(this Option<T?> option, T minimum) where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}.");
            }
        });
        return option;
    }
}
