using Granary.Inference;
using Granary.Replicas.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Replicas;

/// <summary>
/// Where a replica's requests run: on a worker thread, or, for a caller allowed to block, on the caller's own thread
/// when the replica is idle and its runs are short. Run times come from a fake clock that each run advances.
/// </summary>
public sealed class DynamicBatcherTests : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromMicroseconds(200);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly List<int> _runThreads = [];
    private readonly object _runs = new();
    private TimeSpan _runTime = Short;
    private ManualResetEventSlim? _holdRuns;
    private int _running;
    private int _mostRunning;
    private DynamicBatcher? _batcher;

    [Fact]
    public async Task An_idle_replica_with_short_runs_runs_a_callers_request_on_the_callers_thread()
    {
        var batcher = Batcher(instances: 2);
        await batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true).WaitAsync(Wait);

        var answer = batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true);

        Assert.True(answer.IsCompletedSuccessfully);
        Assert.Equal(Environment.CurrentManagedThreadId, RunThreads()[^1]);
    }

    [Fact]
    public async Task The_first_request_runs_on_a_worker_while_the_run_time_is_unknown()
    {
        var batcher = Batcher(instances: 2);

        await batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true).WaitAsync(Wait);

        Assert.NotEqual(Environment.CurrentManagedThreadId, RunThreads()[0]);
    }

    [Fact]
    public async Task A_caller_that_may_not_block_always_queues_for_a_worker()
    {
        var batcher = Batcher(instances: 2);
        await batcher.Enqueue(Request(), CancellationToken.None).WaitAsync(Wait);

        await batcher.Enqueue(Request(), CancellationToken.None).WaitAsync(Wait);

        Assert.DoesNotContain(Environment.CurrentManagedThreadId, RunThreads());
    }

    [Fact]
    public async Task A_replica_with_a_queue_delay_waits_for_rows_on_a_worker()
    {
        // A preferred size of one row lets the fake clock's worker run each request without waiting out the delay.
        var batcher = Batcher(instances: 2, delay: TimeSpan.FromMilliseconds(1), preferred: [1]);
        await batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true).WaitAsync(Wait);

        await batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true).WaitAsync(Wait);

        Assert.DoesNotContain(Environment.CurrentManagedThreadId, RunThreads());
    }

    [Fact]
    public async Task Runs_longer_than_the_limit_stay_on_the_workers()
    {
        _runTime = BatchingPolicy.CallerRunLimit * 3;
        var batcher = Batcher(instances: 2);
        await batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true).WaitAsync(Wait);

        await batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true).WaitAsync(Wait);

        Assert.DoesNotContain(Environment.CurrentManagedThreadId, RunThreads());
    }

    [Fact]
    public async Task A_run_on_a_caller_takes_one_of_the_instances_so_runs_never_exceed_them()
    {
        var batcher = Batcher(instances: 1);
        await batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true).WaitAsync(Wait);
        _holdRuns = new ManualResetEventSlim();

        var onCaller = Task.Factory.StartNew(
            () => batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref _running) == 1, Wait));
        Assert.False(onCaller.IsCompleted);
        var queued = batcher.Enqueue(Request(), CancellationToken.None, callerMayRun: true);
        Assert.Equal(1, batcher.QueueLength);
        Assert.False(queued.IsCompleted);
        Assert.Equal(1, Volatile.Read(ref _running));
        _holdRuns.Set();
        await (await onCaller).WaitAsync(Wait);
        await queued.WaitAsync(Wait);

        Assert.Equal(1, _mostRunning);
    }

    public void Dispose()
    {
        _holdRuns?.Set();
        _batcher?.Dispose();
    }

    private DynamicBatcher Batcher(int instances, TimeSpan? delay = null, int[]? preferred = null)
    {
        var policy = new BatchingPolicy(true, 8, delay ?? TimeSpan.Zero, preferred ?? [], 64, instances);
        _batcher = new DynamicBatcher("test", instances, policy, Run, (pending, error) => pending.Fail(error), _time);
        return _batcher;
    }

    private void Run(IReadOnlyList<PendingInference> batch)
    {
        var running = Interlocked.Increment(ref _running);
        lock (_runs)
        {
            _runThreads.Add(Environment.CurrentManagedThreadId);
            _mostRunning = Math.Max(_mostRunning, running);
        }

        _holdRuns?.Wait(Wait);
        _time.Advance(_runTime);
        Interlocked.Decrement(ref _running);
        foreach (var pending in batch)
        {
            pending.Succeed(new InferenceResponse([], "r"));
        }
    }

    private List<int> RunThreads()
    {
        lock (_runs)
        {
            return [.. _runThreads];
        }
    }

    private static InferenceRequest Request() =>
        new("iris", 1, [new Tensor("x", "FP32", [1, 4], new byte[4 * sizeof(float)])], [], null);
}
