using Granary.Tenants;

namespace Granary.UnitTests.Tenants;

public sealed class TokenBucketTests
{
    [Fact]
    public void A_bucket_starts_full()
    {
        var bucket = new TokenBucket(20, 10, TimeSpan.FromSeconds(1));

        Assert.Equal(20, bucket.Tokens);
    }

    [Fact]
    public void A_bucket_grants_only_whole_tokens_it_holds()
    {
        var bucket = new TokenBucket(20, 10, TimeSpan.FromSeconds(1));
        bucket.Take(17.5);

        Assert.Equal(2, bucket.Grantable(5));
        Assert.Equal(2.5, bucket.Tokens);
    }

    [Fact]
    public void Asking_what_a_bucket_grants_takes_nothing()
    {
        var bucket = new TokenBucket(20, 10, TimeSpan.FromSeconds(1));

        Assert.Equal(5, bucket.Grantable(5));
        Assert.Equal(20, bucket.Tokens);
    }

    [Fact]
    public void A_bucket_refills_at_its_rate_per_period_up_to_its_capacity()
    {
        var bucket = new TokenBucket(600, 600, TimeSpan.FromMinutes(1));
        bucket.Take(600);

        bucket.Fill(seconds: 1.5);
        Assert.Equal(15, bucket.Tokens);

        bucket.Fill(seconds: 3600);
        Assert.Equal(600, bucket.Tokens);
    }

    [Fact]
    public void Returned_tokens_never_overfill_a_bucket()
    {
        var bucket = new TokenBucket(10, 10, TimeSpan.FromSeconds(1));
        bucket.Take(3);

        bucket.Return(5);

        Assert.Equal(10, bucket.Tokens);
    }

    [Fact]
    public void A_bucket_without_a_rate_grants_everything_and_counts_nothing()
    {
        var bucket = new TokenBucket(1, 0, TimeSpan.FromSeconds(1));

        Assert.Equal(1_000_000, bucket.Grantable(1_000_000));
        bucket.Take(1_000_000);
        Assert.Equal(1, bucket.Tokens);
    }

    [Fact]
    public void A_new_limit_starts_full_and_a_changed_one_keeps_what_is_left_up_to_its_new_size()
    {
        var unlimited = new TokenBucket(1, 0, TimeSpan.FromSeconds(1));
        unlimited.Resize(50, 10);
        Assert.Equal(50, unlimited.Tokens);

        var limited = new TokenBucket(50, 10, TimeSpan.FromSeconds(1));
        limited.Take(45);
        limited.Resize(100, 20);
        Assert.Equal(5, limited.Tokens);

        limited.Fill(seconds: 10);
        limited.Resize(30, 20);
        Assert.Equal(30, limited.Tokens);
    }

    [Fact]
    public void A_restored_level_stays_within_zero_and_the_capacity_and_an_unlimited_bucket_ignores_it()
    {
        var bucket = new TokenBucket(20, 10, TimeSpan.FromSeconds(1));
        var unlimited = new TokenBucket(0, 0, TimeSpan.FromSeconds(1));

        bucket.Restore(7);
        Assert.Equal(7, bucket.Tokens);
        bucket.Restore(50);
        Assert.Equal(20, bucket.Tokens);
        bucket.Restore(-3);
        Assert.Equal(0, bucket.Tokens);
        unlimited.Restore(5);
        Assert.Equal(0, unlimited.Tokens);
    }
}
