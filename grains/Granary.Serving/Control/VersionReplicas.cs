using Granary.Devices;
using Granary.Models;
using Granary.Replicas;

namespace Granary.Control;

/// <summary>
/// The replicas of one model version as its controller wants them: how many, which are ready, and the
/// autoscaler's memory of load over time. Replica <c>i</c> of <see cref="Desired"/> is the grain
/// <c>model/version/i</c>; scaling up adds the next index, scaling down retires the highest. A regional set
/// (data residency) keys its replicas <c>model/version/region/i</c>, which placement keeps in that region, and
/// starts with one replica.
/// </summary>
internal sealed class VersionReplicas(string model, RepositoryModelVersion version, DeploymentSpec deployment, TimeProvider time, string region = "")
{
    private const string ScaledToZero = "scaled to zero; the next call starts a replica";

    /// <summary>How often a version that fits nowhere tries again (a silo with room may have joined).</summary>
    private static readonly TimeSpan UnplaceableRetry = TimeSpan.FromSeconds(10);

    private DateTimeOffset? _overTargetSince;
    private DateTimeOffset _retryPlacementAt;
    private DateTimeOffset _lastActivity = time.GetUtcNow();
    private long _lastServed;

    public long Version => version.Version;

    public int Desired { get; private set; } = region.Length == 0 ? deployment.Replicas : 1;

    /// <summary>The region this set's replicas are pinned to; empty for the version's main set.</summary>
    public string Region => region;

    /// <summary>The ready replicas' ids: those whose last load or status answered.</summary>
    public IReadOnlyList<string> Ready => Statuses.Select(s => s.ReplicaId).ToArray();

    public IReadOnlyList<ReplicaStatus> Statuses { get; private set; } = [];

    public ModelVersionState State { get; private set; } = version.Error is null ? ModelVersionState.Loading : ModelVersionState.Failed;

    public string Reason { get; private set; } = version.Error ?? "";

    public bool IsDesired(int index) => index < Desired;

    public ModelVersionDescriptor Describe() => new(version.Version, State, Reason, version.Inputs, version.Outputs, Ready);

    /// <summary>Wakes a version scaled to zero; true when it was asleep.</summary>
    public bool Wake()
    {
        _lastActivity = time.GetUtcNow();
        if (Desired > 0 || version.Error is not null)
        {
            return false;
        }

        Desired = 1;
        return true;
    }

    /// <summary>
    /// Loads (or re-activates, after a silo loss) every desired replica, records which are ready, and adjusts
    /// the desired count to the load. Returns what changed, for the log.
    /// </summary>
    public async Task<ScalingDecision> ReconcileAsync(IGrainFactory grains)
    {
        if (version.Error is not null || (State == ModelVersionState.Unplaceable && time.GetUtcNow() < _retryPlacementAt))
        {
            return ScalingDecision.None;
        }

        var keys = Enumerable.Range(0, Desired).Select(Key).ToArray();
        await PlaceOneByOneAsync(grains, keys.Except(Ready));
        var outcomes = await Task.WhenAll(keys.Select(k => LoadAsync(grains, k)));
        Statuses = outcomes.Where(o => o.Status is not null).Select(o => o.Status!).ToArray();
        (State, Reason) = Desired == 0 ? (ModelVersionState.Ready, ScaledToZero)
            : Ready.Count > 0 ? (ModelVersionState.Ready, "")
            : outcomes.FirstOrDefault(o => o.Unplaceable) is { Error: { } unplaceable } ? (ModelVersionState.Unplaceable, unplaceable)
            : (ModelVersionState.Unavailable, outcomes.Select(o => o.Error).FirstOrDefault(e => e is not null) ?? "");
        if (State == ModelVersionState.Unplaceable)
        {
            _retryPlacementAt = time.GetUtcNow() + UnplaceableRetry;
        }

        return Autoscale(grains);
    }

    private ScalingDecision Autoscale(IGrainFactory grains)
    {
        var now = time.GetUtcNow();
        var inFlight = Statuses.Sum(s => s.InFlight + s.Queued);
        var served = Statuses.Sum(s => s.Served);
        if (inFlight > 0 || served != _lastServed)
        {
            _lastActivity = now;
        }

        _lastServed = served;
        var scaling = deployment.Autoscaling;
        if (Ready.Count > 0 && inFlight > scaling.TargetInFlight * Ready.Count)
        {
            _overTargetSince ??= now;
            if (now - _overTargetSince >= scaling.ScaleUpAfter && Desired < deployment.MaxReplicas)
            {
                _overTargetSince = null;
                Desired++;
                return new ScalingDecision(Desired - 1, Desired, $"{inFlight} calls in flight on {Ready.Count} replica(s), target {scaling.TargetInFlight} each");
            }
        }
        else
        {
            _overTargetSince = null;
        }

        if (now - _lastActivity >= scaling.ScaleDownAfterIdle && Desired > deployment.MinReplicas)
        {
            _lastActivity = now;
            Desired--;
            var retired = Key(Desired);
            Statuses = Statuses.Where(s => s.ReplicaId != retired).ToArray();
            if (Desired == 0)
            {
                (State, Reason) = (ModelVersionState.Ready, ScaledToZero);
            }

            _ = grains.GetGrain<IModelReplicaGrain>(retired).RetireAsync();
            return new ScalingDecision(Desired + 1, Desired, $"no calls for {scaling.ScaleDownAfterIdle.TotalSeconds:0} s");
        }

        return ScalingDecision.None;
    }

    /// <summary>
    /// Activates new replicas one at a time, so each placement sees the device reservations of the one before
    /// and siblings spread; loading the sessions then runs in parallel. A failure here shows again in the load.
    /// </summary>
    private static async Task PlaceOneByOneAsync(IGrainFactory grains, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            await Task.WhenAny(grains.GetGrain<IModelReplicaGrain>(key).GetStatusAsync());
        }
    }

    private static async Task<(ReplicaStatus? Status, string? Error, bool Unplaceable)> LoadAsync(IGrainFactory grains, string key)
    {
        try
        {
            return (await grains.GetGrain<IModelReplicaGrain>(key).LoadAsync(), null, false);
        }
        catch (NoDeviceFitsException e)
        {
            return (null, e.Message, true);
        }
        catch (Exception e)
        {
            return (null, $"replica {key}: {e.Message}", false);
        }
    }

    private string Key(int index) => new ReplicaKey(model, version.Version, index, region).ToString();
}
