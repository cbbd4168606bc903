using Granary.Usage;

namespace Granary.UnitTests.Usage;

/// <summary>A bad ledger setting stops the silo with a message naming the key and its valid range.</summary>
public sealed class UsageOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new UsageOptionsValidator().Validate(null, new UsageOptions()).Succeeded);
    }

    [Fact]
    public void A_dedup_window_under_ten_minutes_is_refused_naming_the_key()
    {
        var result = new UsageOptionsValidator().Validate(null, new UsageOptions { DedupWindow = TimeSpan.FromMinutes(9) });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Granary:Usage:DedupWindow must be at least 00:10:00", failure, StringComparison.Ordinal);
    }
}
