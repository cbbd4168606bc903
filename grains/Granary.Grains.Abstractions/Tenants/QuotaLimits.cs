namespace Granary.Tenants;

/// <summary>
/// A tenant's limits across the whole cluster; zero means unlimited. Units are input tensor elements: the
/// product of each input's shape, summed over a request's inputs (for BYTES inputs, the number of strings).
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.QuotaLimits")]
public sealed record QuotaLimits(
    [property: Id(0)] double RequestsPerSecond,
    [property: Id(1)] int Burst,
    [property: Id(2)] long UnitsPerMinute,
    [property: Id(3)] int MaxConcurrent,
    [property: Id(4)] long MonthlyUnits)
{
    public static QuotaLimits Unlimited { get; } = new(0, 0, 0, 0, 0);

    public bool IsUnlimited => RequestsPerSecond <= 0 && UnitsPerMinute <= 0 && MaxConcurrent <= 0 && MonthlyUnits <= 0;

    /// <summary>The request bucket's size: the burst, or one second of requests when no burst is set.</summary>
    public double RequestBucket => Burst > 0 ? Burst : Math.Max(1, RequestsPerSecond);
}
