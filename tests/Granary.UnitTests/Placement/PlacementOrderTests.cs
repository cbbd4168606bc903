using Granary.Devices;
using Granary.Placement;
using Granary.Replicas;

namespace Granary.UnitTests.Placement;

public sealed class PlacementOrderTests
{
    private const long GiB = 1L << 30;

    private static readonly ReplicaKey NewReplica = new("llm", 2, 3);

    [Fact]
    public void Only_devices_of_the_models_class_on_silos_with_its_labels_are_candidates()
    {
        var requirement = Gpu(memory: GiB, labels: ("region", "eu"));
        var silos = new[]
        {
            Silo("eu-1", labels: [("region", "eu"), ("zone", "a")], devices: [(0, DeviceKind.Gpu), (1, DeviceKind.Cpu), (2, DeviceKind.Gpu)]),
            Silo("us-1", labels: [("region", "us")], devices: [(0, DeviceKind.Gpu)]),
            Silo("bare", labels: [], devices: [(0, DeviceKind.Gpu)]),
        };

        var candidates = PlacementOrder.Candidates(requirement, silos);

        Assert.Equal([new DeviceKey("eu-1", 0), new DeviceKey("eu-1", 2)], candidates);
    }

    [Fact]
    public void Silos_with_fewer_replicas_of_the_same_version_come_first()
    {
        var crowded = Device("a", 0, total: 40 * GiB, Reservation("llm/2/0", GiB), Reservation("llm/2/1", GiB));
        var sparse = Device("b", 0, total: 80 * GiB, Reservation("llm/2/2", GiB));
        var empty = Device("c", 0, total: 80 * GiB, Reservation("llm/1/0", 70 * GiB), Reservation("other/2/0", GiB));

        var order = PlacementOrder.Order(NewReplica, Gpu(memory: GiB), [crowded, sparse, empty]);

        Assert.Equal(["c#0", "b#0", "a#0"], order.Select(d => d.Key));
    }

    [Fact]
    public void Among_equally_spread_gpus_the_tightest_fit_comes_first()
    {
        var roomy = Device("a", 0, total: 80 * GiB);
        var tight = Device("a", 1, total: 24 * GiB, Reservation("other/1/0", 14 * GiB));
        var middling = Device("b", 0, total: 40 * GiB);
        var tooSmall = Device("b", 1, total: 16 * GiB, Reservation("other/1/1", 10 * GiB));

        var order = PlacementOrder.Order(NewReplica, Gpu(memory: 8 * GiB), [roomy, tight, middling, tooSmall]);

        Assert.Equal(["a#1", "b#0", "a#0"], order.Select(d => d.Key));
    }

    [Fact]
    public void Among_equally_spread_cpus_the_least_loaded_comes_first()
    {
        var busy = Device("a", 0, total: 64 * GiB, DeviceKind.Cpu, Reservation("x/1/0", GiB), Reservation("y/1/0", GiB));
        var idleSmall = Device("b", 0, total: 16 * GiB, DeviceKind.Cpu);
        var idleLarge = Device("c", 0, total: 64 * GiB, DeviceKind.Cpu);
        var oneReplica = Device("d", 0, total: 128 * GiB, DeviceKind.Cpu, Reservation("x/1/1", GiB));

        var order = PlacementOrder.Order(NewReplica, Cpu(memory: GiB), [busy, idleSmall, idleLarge, oneReplica]);

        Assert.Equal(["c#0", "b#0", "d#0", "a#0"], order.Select(d => d.Key));
    }

    [Fact]
    public void Devices_that_tie_are_tried_in_key_order()
    {
        var order = PlacementOrder.Order(NewReplica, Gpu(memory: GiB), [Device("b", 0, 8 * GiB), Device("a", 1, 8 * GiB), Device("a", 0, 8 * GiB)]);

        Assert.Equal(["a#0", "a#1", "b#0"], order.Select(d => d.Key));
    }

    [Fact]
    public void Nothing_fits_when_no_device_has_the_memory()
    {
        var order = PlacementOrder.Order(NewReplica, Gpu(memory: 40 * GiB), [Device("a", 0, 24 * GiB), Device("b", 0, 32 * GiB)]);

        Assert.Empty(order);
    }

    [Fact]
    public void The_no_fit_message_names_the_need_and_the_largest_free_devices()
    {
        var candidates = new[] { Device("a", 0, 24 * GiB), Device("b", 0, 32 * GiB, Reservation("x/1/0", 4 * GiB)), Device("c", 0, 8 * GiB), Device("d", 0, 16 * GiB) };

        var message = ReplicaPlacementDirector.NoFitMessage("llm", Gpu(memory: 40 * GiB, labels: ("region", "eu")), candidates);

        Assert.Equal("no GPU silo with 40.0 GiB free in region=eu for model 'llm' (largest free: silo-b gpu 28.0 GiB, silo-a gpu 24.0 GiB, silo-d gpu 16.0 GiB)", message);
    }

    [Fact]
    public void The_no_fit_message_says_when_no_live_silo_has_such_a_device()
    {
        var message = ReplicaPlacementDirector.NoFitMessage("llm", Gpu(memory: GiB), []);

        Assert.Equal("no GPU silo with 1.0 GiB free for model 'llm' (no live silo has such a device)", message);
    }

    private static PlacementRequirement Gpu(long memory, params (string Key, string Value)[] labels) =>
        new(DeviceKind.Gpu, memory, labels.ToDictionary(l => l.Key, l => l.Value));

    private static PlacementRequirement Cpu(long memory) => new(DeviceKind.Cpu, memory, new Dictionary<string, string>());

    private static (string Silo, IReadOnlyDictionary<string, string> Metadata) Silo(string silo, (string Key, string Value)[] labels, (int Index, DeviceKind Kind)[] devices)
    {
        var metadata = labels.Select(l => new KeyValuePair<string, string>(SiloLabels.LabelPrefix + l.Key, l.Value))
            .Concat(DeviceMetadata.Write(devices.Select(d => new DeviceDescriptor(d.Index, d.Kind, $"device {d.Index}", 16 * GiB, "declared"))))
            .ToDictionary();
        return (silo, metadata);
    }

    private static DeviceState Device(string silo, int index, long total, params DeviceReservation[] reservations) =>
        Device(silo, index, total, DeviceKind.Gpu, reservations);

    private static DeviceState Device(string silo, int index, long total, DeviceKind kind, params DeviceReservation[] reservations) =>
        new($"{silo}#{index}", silo, $"silo-{silo}", new DeviceDescriptor(index, kind, kind.ToString().ToLowerInvariant(), total, "declared"), reservations, 0, 0);

    private static DeviceReservation Reservation(string replicaId, long memory) => new(replicaId, memory);
}
