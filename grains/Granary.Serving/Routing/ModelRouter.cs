using Granary.Logging;
using Granary.Replicas.Local;
using System.Collections.Concurrent;
using System.Globalization;
using Granary.Devices;
using Granary.FrontDoor.Ports;
using Granary.Inference;
using Granary.Models;
using Granary.Replicas;
using Granary.Replicas.Runtime;
using Granary.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Routing;

/// <summary>
/// The silo-local router. It caches each model's descriptor for a short time (so no grain call stands
/// between a request and its replica in the steady state) and picks a replica by the power of two
/// choices on this silo's in-flight count per replica. A replica loaded on this silo gets the request
/// straight into its batching queue (<see cref="LocalReplicaRuntimes"/>); one on another silo through its grain,
/// with a timeout of its own (<see cref="RemoteCallTimeout"/>), after which another replica is tried and the slow one
/// may be ejected for a while (<see cref="OutlierEjection"/>), so a hung silo holds a request up for one timeout.
/// This file resolves models and versions; ModelRouter.Replicas.cs runs requests on replicas.
/// </summary>
public sealed partial class ModelRouter(
    IGrainFactory grains, LocalReplicaRuntimes runtimes, IOptions<RoutingOptions> options, TimeProvider time, ILogger<ModelRouter> logger)
    : IModelResolver, IReplicaRouter
{
    private static readonly TimeSpan ReadyFreshness = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LoadingFreshness = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a request waits on a descriptor fetch before it is served from the last descriptor known.</summary>
    private static readonly TimeSpan FetchWait = TimeSpan.FromMilliseconds(250);

    /// <summary>How old the last descriptor known may be and still be served while the model's controller does not answer.</summary>
    public static readonly TimeSpan StaleDescriptorBound = TimeSpan.FromSeconds(30);

    private const int UnknownNamesPerSweep = 1024;

    private readonly ConcurrentDictionary<string, CachedModel> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (ModelDescriptor Descriptor, long At)> _lastKnown = new(StringComparer.Ordinal);
    private int _unknownSinceSweep;

    /// <summary>The model's descriptor, from the cache when fresh; throws <see cref="ModelNotFoundException"/>.</summary>
    public async ValueTask<ModelDescriptor> GetModelAsync(string name)
    {
        var now = time.GetTimestamp();
        if (!_models.TryGetValue(name, out var cached) || cached.IsStale(now))
        {
            var fresh = new CachedModel(time.GetTimestamp());
            cached = _models.AddOrUpdate(name, fresh, (_, existing) => existing.IsStale(now) ? fresh : existing);
            if (ReferenceEquals(cached, fresh))
            {
                _ = FetchAsync(name, fresh);
            }
        }

        if (!cached.Descriptor.IsCompletedSuccessfully && _lastKnown.TryGetValue(name, out var known) && time.GetElapsedTime(known.At) < StaleDescriptorBound)
        {
            return await FreshOrKnownAsync(name, cached, known.Descriptor);
        }

        return await cached.Descriptor ?? throw new ModelNotFoundException($"model '{name}' not found");
    }

    /// <summary>
    /// Stale-while-revalidate: the fetch's answer if it comes within <see cref="FetchWait"/> of its start, otherwise (or
    /// if it fails) the last descriptor known, so a controller on a hung silo does not hold requests up.
    /// </summary>
    private async Task<ModelDescriptor> FreshOrKnownAsync(string name, CachedModel cached, ModelDescriptor known)
    {
        var wait = FetchWait - time.GetElapsedTime(cached.StartedAt);
        try
        {
            var fresh = wait > TimeSpan.Zero ? await cached.Descriptor.WaitAsync(wait, time) : null;
            return fresh ?? (cached.Descriptor.IsCompleted ? throw new ModelNotFoundException($"model '{name}' not found") : known);
        }
        catch (Exception e) when (e is not ModelNotFoundException)
        {
            return known;
        }
    }

    /// <summary>
    /// Resolves a version string as the protocol sends it: empty means the traffic split's pick, or without one
    /// the newest ready version (<see cref="VersionChoice"/>). A version scaled to zero is started (a cold start) unless <paramref name="coldStart"/> is false.
    /// </summary>
    public async ValueTask<(ModelDescriptor Model, ModelVersionDescriptor Version)> ResolveAsync(string name, string version, bool coldStart = true)
    {
        long number = 0;
        if (version.Length > 0 && (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number <= 0))
        {
            throw new ModelNotFoundException($"version '{version}' of model '{name}' not found; versions are positive integers");
        }

        var model = await GetModelAsync(name);
        number = VersionChoice.Choose(model, number, Random.Shared);
        var resolved = model.Resolve(number);
        if (resolved?.State == ModelVersionState.Loading || (resolved is null && model.Versions.Any(v => v.State == ModelVersionState.Loading)))
        {
            model = await WaitForLoadedAsync(name);
            resolved = model.Resolve(number);
        }

        if (resolved is null && number == 0 && model.Versions.FirstOrDefault(v => v.State == ModelVersionState.Unplaceable) is { } unplaceable)
        {
            resolved = unplaceable;
        }

        if (resolved is null)
        {
            throw number == 0 && model.Versions.Count > 0
                ? new ModelUnavailableException($"model '{name}' has no ready version yet ({Describe(model)})")
                : new ModelNotFoundException($"version {version} of model '{name}' not found (versions: {string.Join(", ", model.Versions.Select(v => v.Version))})");
        }

        if (resolved.State == ModelVersionState.Unplaceable)
        {
            throw new NoDeviceFitsException(resolved.Reason);
        }

        if (resolved.State != ModelVersionState.Ready)
        {
            throw new ModelUnavailableException($"model '{name}' v{resolved.Version} is {resolved.State.ToString().ToLowerInvariant()}{(resolved.Reason.Length > 0 ? ": " + resolved.Reason : "")}");
        }

        if (resolved.ReplicaIds.Count == 0 && coldStart)
        {
            (model, resolved) = await ColdStartAsync(name, resolved.Version);
        }

        return (model, resolved);
    }

    /// <summary>
    /// The version narrowed to its replicas pinned to <paramref name="region"/>. None yet: the controller places one
    /// there (only on silos labelled with the region) and answers once it is ready, like a cold start. Only these
    /// replicas are then chosen from, the local fast path included, so the request never runs outside the region.
    /// </summary>
    public async ValueTask<ModelVersionDescriptor> InRegionAsync(string name, ModelVersionDescriptor version, string region)
    {
        var replicas = version.ReplicasIn(region);
        if (replicas.Count == 0)
        {
            var started = time.GetTimestamp();
            var ensured = await grains.GetGrain<IModelGrain>(name).EnsureRegionAsync(version.Version, region)
                ?? throw new ModelNotFoundException($"model '{name}' not found");
            Remember(name, ensured);
            replicas = ensured.Resolve(version.Version)?.ReplicasIn(region) ?? [];
            if (replicas.Count == 0)
            {
                throw new ModelUnavailableException($"model '{name}' v{version.Version} has no replica in region '{region}' yet");
            }

            LogRegionStart(logger, name, version.Version, region, time.GetElapsedTime(started).TotalMilliseconds);
        }

        return version with { ReplicaIds = replicas };
    }

    public void Invalidate(string model) => _models.TryRemove(model, out _);

    /// <summary>
    /// A version still loading (a cold start, or a model controller that just moved to another silo) is
    /// waited for rather than refused: the model grain answers once its replicas are loaded.
    /// </summary>
    private async Task<ModelDescriptor> WaitForLoadedAsync(string name)
    {
        var loaded = await grains.GetGrain<IModelGrain>(name).EnsureReplicasAsync()
            ?? throw new ModelNotFoundException($"model '{name}' not found");
        Remember(name, loaded);
        return loaded;
    }

    /// <summary>A version scaled to zero: its controller starts a replica and answers when it is ready.</summary>
    private async Task<(ModelDescriptor, ModelVersionDescriptor)> ColdStartAsync(string name, long version)
    {
        var started = time.GetTimestamp();
        var woken = await grains.GetGrain<IModelGrain>(name).WakeAsync() ?? throw new ModelNotFoundException($"model '{name}' not found");
        Remember(name, woken);
        var resolved = woken.Resolve(version);
        if (resolved is not { State: ModelVersionState.Ready, ReplicaIds.Count: > 0 })
        {
            throw resolved?.State == ModelVersionState.Unplaceable
                ? new NoDeviceFitsException(resolved.Reason)
                : new ModelUnavailableException($"model '{name}' v{version} could not start a replica: {resolved?.Reason}");
        }

        LogColdStart(logger, name, version, time.GetElapsedTime(started).TotalMilliseconds);
        return (woken, resolved);
    }

    /// <summary>Caches a descriptor the controller just answered with, fresh for the usual time.</summary>
    private void Remember(string name, ModelDescriptor descriptor)
    {
        var entry = new CachedModel(time.GetTimestamp());
        entry.Complete(descriptor, time, ReadyFreshness);
        _models[name] = entry;
        Know(name, descriptor);
    }

    private void Know(string name, ModelDescriptor? descriptor)
    {
        if (descriptor is null)
        {
            _lastKnown.TryRemove(name, out _);
        }
        else
        {
            _lastKnown[name] = (descriptor, time.GetTimestamp());
        }
    }

    private async Task FetchAsync(string name, CachedModel entry)
    {
        try
        {
            var descriptor = await grains.GetGrain<IModelGrain>(name).GetDescriptorAsync();
            var loading = descriptor is not null && descriptor.Versions.Any(v => v.State == ModelVersionState.Loading);
            entry.Complete(descriptor, time, loading ? LoadingFreshness : ReadyFreshness);
            Know(name, descriptor);
            if (descriptor is null && Interlocked.Increment(ref _unknownSinceSweep) >= UnknownNamesPerSweep)
            {
                SweepStale();
            }
        }
        catch (Exception e)
        {
            Invalidate(name);
            entry.Fail(e);
        }
    }

    /// <summary>
    /// Drops every stale entry, so names asked for once (unknown ones, a flood of them) do not stay cached for
    /// ever; a stale entry for a real model is only fetched again on its next call. Run once per
    /// <see cref="UnknownNamesPerSweep"/> unknown names, which keeps its cost per request constant.
    /// </summary>
    private void SweepStale()
    {
        Volatile.Write(ref _unknownSinceSweep, 0);
        var now = time.GetTimestamp();
        foreach (var entry in _models)
        {
            if (entry.Value.IsStale(now))
            {
                _models.TryRemove(entry);
            }
        }
    }

    private static string Describe(ModelDescriptor model) =>
        string.Join(", ", model.Versions.Select(v => $"v{v.Version} {v.State.ToString().ToLowerInvariant()}"));

    [LoggerMessage(LogEvents.ColdStart, LogLevel.Information, "Cold start of {Model} v{Version}: ready after {Milliseconds:0} ms")]
    private static partial void LogColdStart(ILogger logger, string model, long version, double milliseconds);

    [LoggerMessage(LogEvents.RegionStart, LogLevel.Information, "Replica of {Model} v{Version} in region {Region}: ready after {Milliseconds:0} ms")]
    private static partial void LogRegionStart(ILogger logger, string model, long version, string region, double milliseconds);
}
