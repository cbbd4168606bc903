using Granary.Devices;
using Granary.Models;
using Granary.Replicas;

namespace Granary.Control;

/// <summary>
/// The replicas of one model version as its controller wants them: which, which are ready, and the
/// autoscaler's memory of load over time. Replica <c>i</c> is the grain <c>model/version/i</c>; the set starts as
/// 0..replicas-1, scaling up adds the lowest free index, scaling down retires the highest. Siblings left together on
/// one silo are spread, one at a time and make-before-break (<see cref="ReplicaSpread"/>). A regional set
/// (data residency) keys its replicas <c>model/version/region/i</c>, which placement keeps in that region, and
/// starts with one replica.
/// </summary>
internal sealed class VersionReplicas(string model, RepositoryModelVersion version, DeploymentSpec deployment, TimeProvider time, string region = "")
{
    private const string ScaledToZero = "scaled to zero; the next call starts a replica";

    /// <summary>How often a version that fits nowhere tries again (a silo with room may have joined).</summary>
    private static readonly TimeSpan UnplaceableRetry = TimeSpan.FromSeconds(10);

    /// <summary>How long a spare may take to be placed and loaded before the move is given up.</summary>
    private static readonly TimeSpan SpareTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long after a move that found no better silo the next is tried.</summary>
    private static readonly TimeSpan SpreadRetry = TimeSpan.FromSeconds(30);

    /// <summary>How long a drained replica keeps serving before it is retired: longer than a router caches a descriptor.</summary>
    private static readonly TimeSpan DrainFor = TimeSpan.FromSeconds(3);

    private readonly SortedSet<int> _indices = [.. Enumerable.Range(0, region.Length == 0 ? deployment.Replicas : 1)];
    private readonly List<(string Key, DateTimeOffset RetireAt)> _draining = [];
    private int? _spare;
    private DateTimeOffset _spareSince;
    private DateTimeOffset _spreadRetryAt;
    private DateTimeOffset? _overTargetSince;
    private DateTimeOffset _retryPlacementAt;
    private DateTimeOffset _lastActivity = time.GetUtcNow();
    private long _lastServed;

    public long Version => version.Version;

    /// <summary>The replicas wanted, not counting a spare being placed to spread them.</summary>
    public int Desired => _indices.Count - (_spare is null ? 0 : 1);

    /// <summary>A move finished since the last look (for the log): which replica was drained for which; null if none.</summary>
    public string? Moved { get; private set; }

    /// <summary>The region this set's replicas are pinned to; empty for the version's main set.</summary>
    public string Region => region;

    /// <summary>The ready replicas' ids: those whose last load or status answered.</summary>
    public IReadOnlyList<string> Ready => Statuses.Select(s => s.ReplicaId).ToArray();

    public IReadOnlyList<ReplicaStatus> Statuses { get; private set; } = [];

    public ModelVersionState State { get; private set; } = version.Error is null ? ModelVersionState.Loading : ModelVersionState.Failed;

    public string Reason { get; private set; } = version.Error ?? "";

    public bool IsDesired(int index) => _indices.Contains(index);

    public ModelVersionDescriptor Describe() => new(version.Version, State, Reason, version.Inputs, version.Outputs, Ready);

    /// <summary>Wakes a version scaled to zero; true when it was asleep.</summary>
    public bool Wake()
    {
        _lastActivity = time.GetUtcNow();
        if (Desired > 0 || version.Error is not null)
        {
            return false;
        }

        _indices.Add(LowestFree());
        return true;
    }

    /// <summary>
    /// Loads (or re-activates, after a silo loss) every desired replica, records which are ready, and adjusts
    /// the desired count to the load. Returns what changed, for the log.
    /// </summary>
    public async Task<ScalingDecision> ReconcileAsync(IGrainFactory grains, IReadOnlyCollection<string> candidateSilos)
    {
        if (version.Error is not null || (State == ModelVersionState.Unplaceable && time.GetUtcNow() < _retryPlacementAt))
        {
            return ScalingDecision.None;
        }

        var keys = _indices.Select(Key).ToArray();
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

        RetireDrained(grains);
        return Spread(candidateSilos) ? ScalingDecision.None : Autoscale(grains);
    }

    /// <summary>
    /// One step of spreading: with a spare ready, drains a sibling on the most crowded silo (or the spare, if it found no
    /// better silo); with none, starts a spare when a candidate silo holds two fewer siblings than the most crowded one.
    /// True while a move is under way (the autoscaler waits for it).
    /// </summary>
    private bool Spread(IReadOnlyCollection<string> candidateSilos)
    {
        var now = time.GetUtcNow();
        if (_spare is { } spare)
        {
            var spareKey = Key(spare);
            if (!Ready.Contains(spareKey))
            {
                if (now - _spareSince < SpareTimeout)
                {
                    return true;
                }

                (_spare, _spreadRetryAt) = (null, now + SpreadRetry);
                Drain(spare, now);
                return false;
            }

            _spare = null;
            if (ReplicaSpread.ToDrain(Statuses, spareKey) is { } crowded)
            {
                Drain(ReplicaKey.Parse(crowded).Index, now);
                Moved = $"{crowded} drained for {spareKey} on {Statuses.First(s => s.ReplicaId == spareKey).SiloName}";
            }
            else
            {
                _spreadRetryAt = now + SpreadRetry;
                Drain(spare, now);
            }

            return false;
        }

        if (now >= _spreadRetryAt && State == ModelVersionState.Ready && Ready.Count == _indices.Count && ReplicaSpread.CanImprove(Statuses, candidateSilos))
        {
            _spare = LowestFree();
            _indices.Add(_spare.Value);
            _spareSince = now;
            return true;
        }

        return false;
    }

    public void ClearMoved() => Moved = null;

    /// <summary>Takes the replica out of the set now (routers stop choosing it within a descriptor refresh) and retires it after <see cref="DrainFor"/>.</summary>
    private void Drain(int index, DateTimeOffset now)
    {
        _indices.Remove(index);
        Statuses = Statuses.Where(s => s.ReplicaId != Key(index)).ToArray();
        _draining.Add((Key(index), now + DrainFor));
    }

    private void RetireDrained(IGrainFactory grains)
    {
        var now = time.GetUtcNow();
        foreach (var (key, _) in _draining.Where(d => d.RetireAt <= now && !_indices.Contains(ReplicaKey.Parse(d.Key).Index)))
        {
            _ = grains.GetGrain<IModelReplicaGrain>(key).RetireAsync();
        }

        _draining.RemoveAll(d => d.RetireAt <= now || _indices.Contains(ReplicaKey.Parse(d.Key).Index));
    }

    private int LowestFree()
    {
        var index = 0;
        while (_indices.Contains(index))
        {
            index++;
        }

        return index;
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
                _indices.Add(LowestFree());
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
            var highest = _indices.Max;
            _indices.Remove(highest);
            var retired = Key(highest);
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
