using System.Collections.Concurrent;
using System.Diagnostics;
using Granary.Client;
using Granary.Models.Synthesis;
using Grpc.Core;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// Closed-loop callers of several tenants, each through its own failover client, sending one small inference after
/// another with a pause between, until stopped; bounded in count per caller and in time.
/// </summary>
public sealed class ChaosLoad
{
    private const int MaxCallsPerCaller = 50_000;

    private readonly ConcurrentQueue<CallOutcome> _outcomes = new();
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _callers;

    /// <param name="clock">The scenario's clock, so outcomes line up with the fault's time.</param>
    /// <param name="bound">The latest the load stops, whatever happens to the scenario.</param>
    public ChaosLoad(IReadOnlyList<LoadTenant> tenants, string model, TimeSpan pause, Stopwatch clock, TimeSpan bound)
    {
        _clock = clock;
        _stop = new CancellationTokenSource(bound);
        InferInput[] inputs = [InferInput.Fp32(MlpSpec.InputName, new float[MlpSpec.DemoClassifier.Inputs], 1, MlpSpec.DemoClassifier.Inputs)];
        _callers = [.. tenants.SelectMany(tenant => Enumerable.Range(0, tenant.Callers).Select(_ => Task.Run(() => CallAsync(tenant, model, inputs, pause))))];
    }

    public IReadOnlyList<CallOutcome> Outcomes => [.. _outcomes];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers);
        _stop.Dispose();
    }

    private async Task CallAsync(LoadTenant tenant, string model, InferInput[] inputs, TimeSpan pause)
    {
        for (var i = 0; i < MaxCallsPerCaller && !_stop.IsCancellationRequested; i++)
        {
            var start = _clock.Elapsed;
            StatusCode status;
            try
            {
                // Not cancelled by the stop: a call in flight when the load ends runs to its answer, as billing expects.
                await tenant.Client.InferAsync(model, inputs);
                status = StatusCode.OK;
            }
            catch (RpcException e)
            {
                status = e.StatusCode;
            }

            _outcomes.Enqueue(new CallOutcome(tenant.Id, start, _clock.Elapsed, status));
            try
            {
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>A tenant of the chaos load: its id, its failover client and how many callers use it.</summary>
public sealed record LoadTenant(string Id, GranaryClient Client, int Callers, bool QuotaBound);
