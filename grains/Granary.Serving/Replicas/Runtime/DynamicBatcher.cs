using System.Diagnostics;
using Granary.Inference;

namespace Granary.Replicas.Runtime;

/// <summary>
/// A replica's request queue and its worker threads. Each worker takes the oldest request and every
/// later one whose shapes stack with it, up to the batch limit or its share of the queue, waiting at most
/// the queue delay for more, and hands the batch to the executor. The workers are dedicated threads, never the Orleans
/// scheduler's or the thread pool's. A caller off the Orleans scheduler may run its request itself when the replica is
/// idle (<see cref="BatchingPolicy.MayRunOnCaller"/>); runs on callers and workers together never exceed the instances.
/// </summary>
internal sealed class DynamicBatcher : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly object _gate = new();
    private readonly LinkedList<PendingInference> _queue = new();
    private readonly BatchingPolicy _policy;
    private readonly BatchFormer _former;
    private readonly TimeProvider _time;
    private readonly Action<IReadOnlyList<PendingInference>> _execute;
    private readonly Action<PendingInference, Exception> _reject;
    private readonly Thread[] _workers;
    private readonly ReplicaLoad _load = new();
    private readonly RecentRunTime _recentRun = new();
    private int _running;
    private bool _stopping;

    public DynamicBatcher(
        string name,
        int instances,
        BatchingPolicy policy,
        Action<IReadOnlyList<PendingInference>> execute,
        Action<PendingInference, Exception> reject,
        TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _policy = policy;
        _former = new BatchFormer(policy, _time);
        _execute = execute;
        _reject = reject;
        _workers = new Thread[instances];
        for (var i = 0; i < instances; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"granary {name} #{i}" };
            _workers[i].Start();
        }
    }

    /// <summary>Calls queued or running now, and calls answered so far.</summary>
    public ReplicaLoad Load => _load;

    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Queues the request. With <paramref name="callerMayRun"/> (the caller's thread may block for a short run: never a
    /// grain's), a request to an idle replica runs at once on the caller's thread, and the task returned is complete.
    /// </summary>
    public Task<InferenceResponse> Enqueue(InferenceRequest request, CancellationToken cancellationToken, bool callerMayRun = false)
    {
        var pending = new PendingInference(request, _policy.Batchable, _time.GetTimestamp(), _load);
        if (pending.IsExpired(_time.GetUtcNow().UtcDateTime))
        {
            throw new DeadlineExceededException($"the deadline of the request to '{request.Model}' passed before it was queued");
        }

        if (AdmitToQueueOrCaller(pending, callerMayRun))
        {
            RunOnCaller(pending);
            return pending.Answer;
        }

        if (cancellationToken.CanBeCanceled)
        {
            pending.Cancellation = cancellationToken.Register(
                static state =>
                {
                    var (batcher, cancelled) = ((DynamicBatcher, PendingInference))state!;
                    batcher.Cancel(cancelled);
                },
                (this, pending));
        }

        return pending.Answer;
    }

    /// <summary>Stops taking requests; workers finish what is queued and exit, and runs on callers end, all within <see cref="StopTimeout"/>.</summary>
    public void Dispose()
    {
        var started = Stopwatch.GetTimestamp();
        TimeSpan Left() => TimeSpan.FromTicks(Math.Max(0, (StopTimeout - Stopwatch.GetElapsedTime(started)).Ticks));
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
            while (_running > 0 && Left() > TimeSpan.Zero)
            {
                Monitor.Wait(_gate, Left());
            }
        }

        foreach (var worker in _workers)
        {
            worker.Join(Left());
        }
    }

    /// <summary>
    /// Counts the request in, under the lock: either it takes a run slot to run on its caller (true), or it joins the
    /// queue and a worker is woken (false). Throws when the replica stops or its queue is full.
    /// </summary>
    private bool AdmitToQueueOrCaller(PendingInference pending, bool callerMayRun)
    {
        var request = pending.Request;
        lock (_gate)
        {
            if (_stopping)
            {
                throw new ModelUnavailableException($"the replica of '{request.Model}' v{request.Version} is shutting down; retry");
            }

            if (callerMayRun && _queue.Count == 0 && _running == 0 && _policy.MayRunOnCaller(_recentRun.Average))
            {
                _running++;
                pending.Queued();
                return true;
            }

            if (_queue.Count >= _policy.MaxQueueSize)
            {
                throw new ReplicaOverloadedException(
                    $"the queue of model '{request.Model}' v{request.Version} is full ({_policy.MaxQueueSize} requests); retry later",
                    TimeSpan.FromMilliseconds(100));
            }

            pending.Queued();
            pending.Node = _queue.AddLast(pending);
            Monitor.Pulse(_gate);
            return false;
        }
    }

    private void RunOnCaller(PendingInference pending)
    {
        var started = _time.GetTimestamp();
        try
        {
            _execute([pending]);
        }
        finally
        {
            lock (_gate)
            {
                Ended(_time.GetElapsedTime(started));
                if (_queue.Count > 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>A run ended, under the lock: its slot is free, and its time counts into the recent run time.</summary>
    private void Ended(TimeSpan run)
    {
        _running--;
        _recentRun.Add(run);
        if (_stopping)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void Cancel(PendingInference pending)
    {
        lock (_gate)
        {
            if (pending.Node?.List is null)
            {
                return;
            }

            _queue.Remove(pending.Node);
        }

        pending.Cancel();
    }

    private void Work()
    {
        var batch = new List<PendingInference>(_policy.MaxBatchRows);
        var expired = new List<PendingInference>();
        TimeSpan? lastRun = null;
        while (TakeBatch(batch, expired, lastRun))
        {
            foreach (var pending in expired)
            {
                _reject(pending, new DeadlineExceededException($"the deadline of the request to '{pending.Request.Model}' passed while it was queued"));
            }

            lastRun = null;
            if (batch.Count > 0)
            {
                var started = _time.GetTimestamp();
                _execute(batch);
                lastRun = _time.GetElapsedTime(started);
            }

            batch.Clear();
            expired.Clear();
        }
    }

    /// <summary>
    /// Ends the worker's last run (<paramref name="lastRun"/>, if it ran one), then waits for requests and a free run
    /// slot, and takes the next batch. False once the replica stops and its queue is empty.
    /// </summary>
    private bool TakeBatch(List<PendingInference> batch, List<PendingInference> expired, TimeSpan? lastRun)
    {
        lock (_gate)
        {
            if (lastRun is { } run)
            {
                Ended(run);
            }

            while (_queue.Count == 0 || _running >= _workers.Length)
            {
                if (_stopping && _queue.Count == 0)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }

            WaitForMoreRows();
            _former.Take(_queue, batch, expired);
            if (batch.Count > 0)
            {
                _running++;
            }

            if (_queue.Count > 0)
            {
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    /// <summary>Waits (lock released) while the batch forming here says to wait for more rows.</summary>
    private void WaitForMoreRows()
    {
        while (!_stopping)
        {
            var wait = _former.TimeToWait(_queue);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            Monitor.Wait(_gate, wait);
        }
    }
}
