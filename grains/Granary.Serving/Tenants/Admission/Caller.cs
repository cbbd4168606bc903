namespace Granary.Tenants.Admission;

/// <summary>Who is calling: an admin, or a tenant through one of its keys.</summary>
public sealed record Caller(CallerRole Role, string TenantId, string KeyId)
{
    public bool IsAdmin => Role == CallerRole.Admin;
}
