using Granary.FrontDoor;
using Granary.Models;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Granary.Telemetry;
using Granary.UnitTests.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.FrontDoor;

/// <summary>A front door over recording doubles: key "tenant-key" is tenant acme, "admin-key" an admin.</summary>
public sealed class FrontDoorHarness
{
    public FrontDoorHarness(params ModelDescriptor[] models)
    {
        Callers = new FakeCallers(Log, new Dictionary<string, Caller>
        {
            ["tenant-key"] = new(CallerRole.Tenant, "acme", "k1"),
            ["admin-key"] = new(CallerRole.Admin, "", "k0"),
        });
        Models = new FakeModels(Log, models.Length == 0 ? [Iris.Model()] : models);
        Admission = new FakeAdmission(Log);
        Replicas = new FakeReplicas(Log);
        Usage = new FakeUsage();
        Instruments = new RequestInstruments(Meters, Options.Create(new TelemetryOptions()));
        Door = new GranaryFrontDoor(Callers, Models, Admission, Replicas, Usage, Instruments, Time);
    }

    public static Credential Tenant { get; } = new("tenant-key");

    public static Credential Admin { get; } = new("admin-key");

    public CallLog Log { get; } = new();

    public FakeCallers Callers { get; }

    public FakeModels Models { get; }

    public FakeAdmission Admission { get; }

    public FakeReplicas Replicas { get; }

    public FakeUsage Usage { get; }

    public System.Diagnostics.Metrics.IMeterFactory Meters { get; } = TestMeters.Factory();

    public RequestInstruments Instruments { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero));

    public GranaryFrontDoor Door { get; }
}
