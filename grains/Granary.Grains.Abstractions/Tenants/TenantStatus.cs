namespace Granary.Tenants;

[GenerateSerializer, Alias("granary.TenantStatus")]
public enum TenantStatus
{
    Active = 0,
    Suspended = 1,
}
