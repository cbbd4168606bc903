namespace Granary.Models;

/// <summary>What one model costs a tenant: per request, and per 1,000 units in and out, in one ISO 4217 currency.</summary>
[GenerateSerializer, Immutable, Alias("granary.ModelPrice")]
public sealed record ModelPrice(
    [property: Id(0)] string Currency,
    [property: Id(1)] decimal PerRequest,
    [property: Id(2)] decimal Per1kUnitsIn,
    [property: Id(3)] decimal Per1kUnitsOut)
{
    public decimal CostOf(long requests, long unitsIn, long unitsOut) =>
        PerRequest * requests + Per1kUnitsIn * unitsIn / 1000m + Per1kUnitsOut * unitsOut / 1000m;

    /// <summary>Whether a currency is an ISO 4217 code: three upper-case letters.</summary>
    public static bool IsCurrencyCode(string? currency) =>
        currency is { Length: 3 } && currency.All(char.IsAsciiLetterUpper);
}
