using Granary.Devices;
using Granary.Models;
using Granary.Replicas;

namespace Granary.Control;

/// <summary>
/// The replicas of one model version as its controller wants them: how many, which are ready, and the
/// autoscaler's memory of load over time. Replica <c>i</c> of <see cref="Desired"/> is the grain
/// <c>model/version/i</c>; scaling up adds the next index, scaling down retires the highest. A regional set
/// (data residency) keys its replicas <c>model/version/region/i</c>, which placement keeps in that region, and
/// starts with one replica. An unloaded set (an admin's unload, or outside the version policy) wants none and
/// does not wake or scale until it is loaded again.
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
    private DeploymentSpec _deployment = deployment;
    private bool _unloaded;

    public long Version => version.Version;

    public int Desired { get; private set; } = region.Length == 0 ? deployment.Replicas : 1;

    public bool IsUnloaded => _unloaded;

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
        if (Desired > 0 || version.Error is not null || _unloaded)
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
        if (version.Error is not null || _unloaded || (State == ModelVersionState.Unplaceable && time.GetUtcNow() < _retryPlacementAt))
        {
            return ScalingDecision.None;
        }

        var keys = Keys(0, Desired);
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

    /// <summary>Stops serving: wants no replicas and says why. Returns the replicas to retire: those that answered.</summary>
    public IReadOnlyList<string> Unload(string why)
    {
        var retired = Ready;
        (_unloaded, Desired, Statuses) = (true, 0, []);
        if (version.Error is null)
        {
            (State, Reason) = (ModelVersionState.Unloaded, why);
        }

        return retired;
    }

    /// <summary>Serves again after an unload, with the deployment's replicas; true when it was unloaded.</summary>
    public bool Load()
    {
        if (!_unloaded)
        {
            return false;
        }

        _unloaded = false;
        _lastActivity = time.GetUtcNow();
        Desired = region.Length == 0 ? _deployment.Replicas : 1;
        if (version.Error is null)
        {
            (State, Reason) = (ModelVersionState.Loading, "");
        }

        return true;
    }

    /// <summary>
    /// Takes a changed deployment: a new replica count is wanted now, otherwise the count stays within the new
    /// bounds. Returns the replicas to retire: those above a count that fell, or every one when the device class
    /// or memory changed, since they hold a device the new deployment may not fit (they are placed again).
    /// </summary>
    public IReadOnlyList<string> Redeploy(DeploymentSpec changed)
    {
        var replicasChanged = changed.Replicas != _deployment.Replicas;
        var deviceChanged = changed.Device != _deployment.Device || changed.MemoryBytes != _deployment.MemoryBytes;
        _deployment = changed;
        if (deviceChanged && !_unloaded)
        {
            var placed = Ready;
            (Statuses, _retryPlacementAt) = ([], default);
            if (version.Error is null)
            {
                (State, Reason) = (ModelVersionState.Loading, "");
            }

            if (region.Length == 0 && replicasChanged)
            {
                Desired = changed.Replicas;
            }

            return placed;
        }

        if (_unloaded || region.Length > 0)
        {
            return [];
        }

        var before = Desired;
        Desired = replicasChanged ? changed.Replicas : Math.Clamp(Desired, changed.MinReplicas, changed.MaxReplicas);
        var retired = Keys(Desired, before - Desired);
        Statuses = Statuses.Where(s => !retired.Contains(s.ReplicaId)).ToArray();
        return retired;
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
        var scaling = _deployment.Autoscaling;
        if (Ready.Count > 0 && inFlight > scaling.TargetInFlight * Ready.Count)
        {
            _overTargetSince ??= now;
            if (now - _overTargetSince >= scaling.ScaleUpAfter && Desired < _deployment.MaxReplicas)
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

        if (now - _lastActivity >= scaling.ScaleDownAfterIdle && Desired > _deployment.MinReplicas)
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

    private string[] Keys(int first, int count) => Enumerable.Range(first, Math.Max(0, count)).Select(Key).ToArray();

    private string Key(int index) => new ReplicaKey(model, version.Version, index, region).ToString();
}
