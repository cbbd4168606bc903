using System.Globalization;
using Granary.Tenants;

namespace Granary.Usage;

/// <summary>A report's page token: the offset of the page's first row in the report's ordered rows.</summary>
public static class UsagePageTokens
{
    public static string Of(int offset) => offset.ToString(CultureInfo.InvariantCulture);

    public static int Offset(string? token) =>
        string.IsNullOrEmpty(token) ? 0
        : int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset
        : throw new InvalidTenantRequestException("page_token", $"page_token '{token}' is not one this API returned; send the next_page_token of the previous page, or none for the first");
}
