using Granary.FrontDoor.Ports;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Granary.UnitTests.Tenants;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.FrontDoor;

/// <summary>
/// Admission through a real quota gate of one concurrency slot, so a test can tell whether the front door
/// still holds its slot: while it does, the gate refuses another admission.
/// </summary>
public sealed class FakeAdmission : IAdmissionControl
{
    private readonly CallLog _log;

    public FakeAdmission(CallLog log)
    {
        _log = log;
        Grain = new FakeQuotaGrain(new QuotaLimits(0, 0, 0, MaxConcurrent: 1, 0)) { Slots = 1 };
        Gate = new QuotaGate("acme", "silo", Grain, new FakeTimeProvider());
    }

    public FakeQuotaGrain Grain { get; }

    public QuotaGate Gate { get; }

    public List<(string TenantId, long Units)> Admitted { get; } = [];

    public async ValueTask<Admission> AdmitAsync(string tenantId, long units)
    {
        _log.Add("admit");
        Admitted.Add((tenantId, units));
        return await Gate.AdmitAsync(units);
    }

    /// <summary>Whether the one slot is free now; takes it and gives it straight back when it is.</summary>
    public async Task<bool> SlotIsFreeAsync()
    {
        try
        {
            (await Gate.AdmitAsync(1)).Dispose();
            return true;
        }
        catch (QuotaExceededException)
        {
            return false;
        }
    }
}
