using Granary.Models;

namespace Granary.Tenants.Admission;

/// <summary>
/// Who is calling: an admin, or a tenant through one of its keys. <see cref="Region"/> is the tenant's data
/// residency region (empty: none): its requests run only on replicas in that region.
/// </summary>
public sealed record Caller(CallerRole Role, string TenantId, string KeyId, string Region = "")
{
    /// <summary>The caller when authentication is switched off: one anonymous admin.</summary>
    public static Caller Anonymous { get; } = new(CallerRole.Admin, "", "");

    public bool IsAdmin => Role == CallerRole.Admin;

    /// <summary>Admins see every model; a tenant sees public models and those whose card lists it.</summary>
    public bool CanSee(ModelDescriptor model) => IsAdmin || model.IsVisibleTo(TenantId);
}
