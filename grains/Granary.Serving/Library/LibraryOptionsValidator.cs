using Granary.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Library;

public sealed class LibraryOptionsValidator : IValidateOptions<LibraryOptions>
{
    public const long LargestFileBytes = 8L << 30;

    public ValidateOptionsResult Validate(string? name, LibraryOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.MaxFileBytes is < 1 or > LargestFileBytes)
        {
            result.AddError($"{LibraryOptions.Section}:MaxFileBytes must be between 1 and {LargestFileBytes} (8 GiB) (got {options.MaxFileBytes}).");
        }

        if (options.ChunkBytes is < 64 << 10 or > 64 << 20)
        {
            result.AddError($"{LibraryOptions.Section}:ChunkBytes must be between 65536 (64 KiB) and 67108864 (64 MiB) (got {options.ChunkBytes}).");
        }

        OptionChecks.NotEmpty(result, $"{LibraryOptions.Section}:RedisPrefix", options.RedisPrefix, "a key prefix");
        options.TenantDefaults.Validate(result, $"{LibraryOptions.Section}:TenantDefaults");
        return result.Build();
    }
}
