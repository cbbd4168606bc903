using System.Text.RegularExpressions;

namespace Granary.Tenants;

public static partial class TenantIds
{
    public static bool IsValid(string id) => Pattern().IsMatch(id);

    public static void Validate(string id)
    {
        if (!IsValid(id))
        {
            throw new InvalidTenantRequestException("id", $"tenant id '{id}' must be 1-63 lower-case letters, digits or '-', starting with a letter or digit");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex Pattern();
}
