using Granary.Tenants.Admission;

namespace Granary.FrontDoor.Ports;

/// <summary>Admits a tenant's request against its quota, or throws QuotaExceeded; disposing the admission frees its slot.</summary>
public interface IAdmissionControl
{
    ValueTask<Admission> AdmitAsync(string tenantId, long units);
}
