namespace Granary.Tenants;

[GenerateSerializer, Alias("granary.CallerRole")]
public enum CallerRole
{
    Tenant = 0,
    Admin = 1,
}
