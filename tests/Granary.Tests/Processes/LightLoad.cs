using System.Collections.Concurrent;
using System.Diagnostics;
using Granary.Protocol.Inference;
using Grpc.Core;

namespace Granary.Tests.Processes;

/// <summary>
/// A few callers sending one small inference after another through the given silos until stopped,
/// bounded in count and time, recording when each call ended and how.
/// </summary>
public sealed class LightLoad : IAsyncDisposable
{
    private const int MaxCallsPerCaller = 20_000;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new(MaxDuration);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task[] _callers;

    public LightLoad(IReadOnlyList<GRPCInferenceService.GRPCInferenceServiceClient> entries, Func<ModelInferRequest> request, TimeSpan pause)
    {
        _callers = entries.Select(entry => Task.Run(() => CallAsync(entry, request, pause))).ToArray();
    }

    public ConcurrentQueue<(TimeSpan At, StatusCode Code, string Detail)> Outcomes { get; } = new();

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<(TimeSpan At, StatusCode Code, string Detail)> Failures => Outcomes.Where(o => o.Code != StatusCode.OK).ToArray();

    public int Succeeded => Outcomes.Count(o => o.Code == StatusCode.OK);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task CallAsync(GRPCInferenceService.GRPCInferenceServiceClient entry, Func<ModelInferRequest> request, TimeSpan pause)
    {
        for (var i = 0; i < MaxCallsPerCaller && !_stop.IsCancellationRequested; i++)
        {
            try
            {
                await entry.ModelInferAsync(request(), deadline: DateTime.UtcNow + CallDeadline);
                Outcomes.Enqueue((_clock.Elapsed, StatusCode.OK, ""));
            }
            catch (RpcException e)
            {
                Outcomes.Enqueue((_clock.Elapsed, e.StatusCode, e.Status.Detail));
            }

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
