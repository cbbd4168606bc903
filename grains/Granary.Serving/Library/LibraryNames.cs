using Granary.Inference;
using Granary.Models.Repository;
using Granary.Tenants;
using Granary.Tenants.Admission;

namespace Granary.Library;

/// <summary>
/// Who a library name belongs to. A plain name (<c>resnet</c>) is a public model, published by an admin; a name
/// <c>&lt;tenant&gt;/&lt;name&gt;</c> is that tenant's private model. To any other tenant a private model does not exist,
/// so no tenant learns another's model names.
/// </summary>
public static class LibraryNames
{
    /// <summary>The tenant a name belongs to (empty for a public name), or null when it is no library name.</summary>
    public static string? TenantOf(string name)
    {
        var slash = name.IndexOf('/');
        if (slash < 0)
        {
            return ModelRepositoryLayout.IsValidName(name) ? "" : null;
        }

        var tenant = name[..slash];
        return TenantIds.IsValid(tenant) && ModelRepositoryLayout.IsValidName(name[(slash + 1)..]) ? tenant : null;
    }

    /// <summary>The owning tenant of a name the caller may write (register, update, delete); throws otherwise.</summary>
    public static string Writable(Caller caller, string name)
    {
        var tenant = TenantOf(name)
            ?? throw new InvalidModelUploadException(
                $"'{name}' is not a model name: a public name is 1-128 letters, digits, '-', '_' or '.', a private one '<tenant>/<name>'", "name");
        if (caller.IsAdmin)
        {
            return tenant;
        }

        if (tenant.Length == 0)
        {
            throw new PermissionDeniedException($"public models are published by admins; name a private model '{caller.TenantId}/{name}'");
        }

        return tenant == caller.TenantId
            ? tenant
            : throw new PermissionDeniedException($"a tenant registers models under its own name: '{caller.TenantId}/<name>'");
    }

    /// <summary>Throws not-found for a private model of another tenant, exactly as for a model that does not exist.</summary>
    public static void EnsureVisible(Caller caller, string name)
    {
        if (!caller.IsAdmin && TenantOf(name) is { Length: > 0 } tenant && tenant != caller.TenantId)
        {
            throw new ModelNotFoundException($"model '{name}' not found");
        }
    }
}
