using Microsoft.Extensions.Options;

namespace Granary.Usage;

public sealed class UsageOptionsValidator : IValidateOptions<UsageOptions>
{
    public ValidateOptionsResult Validate(string? name, UsageOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.ShipInterval < TimeSpan.FromMilliseconds(10) || options.ShipInterval > TimeSpan.FromMinutes(10))
        {
            result.AddError($"{UsageOptions.Section}:ShipInterval must be between 00:00:00.010 and 00:10:00 (got {options.ShipInterval}).");
        }

        if (options.ShipBatchSize is < 1 or > 10_000)
        {
            result.AddError($"{UsageOptions.Section}:ShipBatchSize must be between 1 and 10000 (got {options.ShipBatchSize}).");
        }

        if (options.SegmentBytes < 64 * 1024)
        {
            result.AddError($"{UsageOptions.Section}:SegmentBytes must be at least 65536 (got {options.SegmentBytes}).");
        }

        if (options.DedupWindow < TimeSpan.FromMinutes(10))
        {
            result.AddError($"{UsageOptions.Section}:DedupWindow must be at least 00:10:00, the window retries are promised (got {options.DedupWindow}).");
        }

        if (options.RecordIdRetention < options.DedupWindow)
        {
            result.AddError($"{UsageOptions.Section}:RecordIdRetention must be at least the DedupWindow {options.DedupWindow} (got {options.RecordIdRetention}).");
        }

        if (options.LocalMaxIdempotencyKeys < 1000)
        {
            result.AddError($"{UsageOptions.Section}:LocalMaxIdempotencyKeys must be at least 1000 (got {options.LocalMaxIdempotencyKeys}).");
        }

        return result.Build();
    }
}
