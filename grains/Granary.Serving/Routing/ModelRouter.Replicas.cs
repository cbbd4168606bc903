using System.Collections.Concurrent;
using Granary.Inference;
using Granary.Logging;
using Granary.Models;
using Granary.Replicas;
using Granary.Telemetry;
using Microsoft.Extensions.Logging;

namespace Granary.Routing;

/// <summary>
/// The router's second half: running a request on one of a version's replicas, here or on another silo, with retries
/// and ejection (<see cref="IReplicaRouter"/>). The first half resolves what to run (<see cref="IModelResolver"/>).
/// </summary>
public sealed partial class ModelRouter
{
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromMilliseconds(100);
    private const int MaxAttempts = 4;

    private readonly ConcurrentDictionary<string, ReplicaSlot> _replicas = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs the request on a replica. A replica that is moving (its silo stopping or dead), or on another silo and not
    /// answering within its timeout, is retried on a fresh choice a few times within the request's deadline, avoiding the
    /// replica just given up on: inference is idempotent, and Orleans re-activates a moved replica on a live silo.
    /// Untraced, a request whose choice falls on a replica of this silo goes straight into its queue, and the caller
    /// awaits the queue's own answer with no step of the router's in between; off the Orleans scheduler, an idle replica
    /// runs it on the caller's thread.
    /// </summary>
    public Task<InferenceResponse> InferAsync(InferenceRequest request, ModelVersionDescriptor version, CancellationToken cancellationToken)
    {
        var slot = Choose(version, gaveUpOn: null);
        if (!GranaryTracing.Source.HasListeners() && runtimes.TryGet(slot.ReplicaId, out var local))
        {
            try
            {
                return local.InferAsync(request, cancellationToken, callerMayRun: TaskScheduler.Current == TaskScheduler.Default);
            }
            catch (ModelUnavailableException)
            {
                // The replica is stopping: the full path chooses again, as for any replica that moves.
                return RouteAsync(request, version, null, slot.ReplicaId, cancellationToken);
            }
        }

        return RouteAsync(request, version, slot, null, cancellationToken);
    }

    private async Task<InferenceResponse> RouteAsync(
        InferenceRequest request, ModelVersionDescriptor version, ReplicaSlot? chosen, string? gaveUpOn, CancellationToken cancellationToken)
    {
        using var span = GranaryTracing.Source.StartActivity(GranaryInstruments.Spans.Route);
        for (var attempt = 1; ; attempt++)
        {
            var slot = chosen ?? Choose(version, gaveUpOn);
            chosen = null;
            span?.SetTag("granary.replica", slot.ReplicaId);
            try
            {
                if (runtimes.TryGet(slot.ReplicaId, out var local))
                {
                    return await local.InferAsync(request, cancellationToken);
                }

                var timeout = RemoteCallTimeout.For(slot.Latency.Upper, UntilDeadline(request), version.ReplicaIds.Count > 1, options.Value);
                Interlocked.Increment(ref slot.InFlight);
                try
                {
                    return await slot.InferRemoteAsync(request, timeout, cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref slot.InFlight);
                }
            }
            catch (Exception e) when (IsMoving(e) || e is TimeoutException)
            {
                if (e is not ModelUnavailableException)
                {
                    CountFailure(slot, version, e);
                }

                if (e is not TimeoutException)
                {
                    Invalidate(request.Model);
                }

                gaveUpOn = slot.ReplicaId;
                var backoff = e is TimeoutException ? TimeSpan.Zero : RetryBackoff * attempt;
                if (attempt >= MaxAttempts || cancellationToken.IsCancellationRequested || !LeavesTime(request, backoff))
                {
                    if (e is TimeoutException && !LeavesTime(request, TimeSpan.Zero))
                    {
                        throw new DeadlineExceededException($"the deadline passed while waiting on model '{request.Model}' ({e.Message})");
                    }

                    throw;
                }

                if (backoff > TimeSpan.Zero)
                {
                    await Task.Delay(backoff, time, cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// A replica of the version by the power of two choices, not ejected and not the one just given up on where others are
    /// left. A replica's load is what its runtime holds when it is on this silo (calls from every silo), else the calls
    /// this silo has in flight to it.
    /// </summary>
    private ReplicaSlot Choose(ModelVersionDescriptor version, string? gaveUpOn)
    {
        var candidates = ReplicaCandidates.Of(version.ReplicaIds, gaveUpOn, this, static (router, id) => router.Slot(id).Ejection.IsEjected());
        return PowerOfTwoChoices.Shared.Choose(candidates, this, static (router, id) => router.Slot(id), static (router, slot) => router.LoadOf(slot));
    }

    private int LoadOf(ReplicaSlot slot) =>
        runtimes.TryGet(slot.ReplicaId, out var local) ? local.InFlight : Volatile.Read(ref slot.InFlight);

    /// <summary>A timeout or an unreachable replica counts towards its ejection, unless too many of the version's replicas are out.</summary>
    private void CountFailure(ReplicaSlot slot, ModelVersionDescriptor version, Exception error)
    {
        var ejected = 0;
        foreach (var id in version.ReplicaIds)
        {
            ejected += Slot(id).Ejection.IsEjected() ? 1 : 0;
        }

        if (slot.Ejection.Failed(OutlierEjection.MayEject(ejected, version.ReplicaIds.Count, options.Value.MaxEjectionPercent)))
        {
            LogEjected(logger, slot.ReplicaId, slot.Ejection.TimesEjected, error.Message);
        }
    }

    private static bool IsMoving(Exception e) =>
        e is ModelUnavailableException or SiloUnavailableException or OrleansMessageRejectionException;

    private TimeSpan? UntilDeadline(InferenceRequest request) => request.DeadlineUtc is { } deadline ? deadline - time.GetUtcNow().UtcDateTime : null;

    private bool LeavesTime(InferenceRequest request, TimeSpan backoff) =>
        request.DeadlineUtc is not { } deadline || time.GetUtcNow().UtcDateTime + backoff < deadline;

    private ReplicaSlot Slot(string replicaId) =>
        _replicas.GetOrAdd(replicaId, static (id, router) => router.NewSlot(id), this);

    private ReplicaSlot NewSlot(string replicaId) => new(replicaId, grains.GetGrain<IModelReplicaGrain>(replicaId), options.Value, time);

    [LoggerMessage(LogEvents.ReplicaEjected, LogLevel.Warning, "Replica {Replica} ejected from this silo's choice (ejection {Times}): {Reason}")]
    private static partial void LogEjected(ILogger logger, string replica, int times, string reason);
}
