using Granary.Inference;

namespace Granary.Replicas.Runtime;

/// <summary>
/// A replica's request queue and its worker threads. Each worker takes the oldest request and every
/// later one whose shapes stack with it, up to the batch limit or its share of the queue, waiting at most
/// the queue delay for more, and hands the batch to the executor. The workers are dedicated threads, never the Orleans
/// scheduler's or the thread pool's.
/// </summary>
internal sealed class DynamicBatcher : IDisposable
{
    private readonly object _gate = new();
    private readonly LinkedList<PendingInference> _queue = new();
    private readonly BatchingPolicy _policy;
    private readonly BatchFormer _former;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly Action<IReadOnlyList<PendingInference>> _execute;
    private readonly Action<PendingInference, Exception> _reject;
    private readonly Thread[] _workers;
    private readonly ReplicaLoad _load = new();
    private bool _stopping;

    public DynamicBatcher(
        string name,
        int instances,
        BatchingPolicy policy,
        Action<IReadOnlyList<PendingInference>> execute,
        Action<PendingInference, Exception> reject)
    {
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

    public Task<InferenceResponse> Enqueue(InferenceRequest request, CancellationToken cancellationToken)
    {
        var pending = new PendingInference(request, _policy.Batchable, _time.GetTimestamp(), _load);
        if (pending.IsExpired(_time.GetUtcNow().UtcDateTime))
        {
            throw new DeadlineExceededException($"the deadline of the request to '{request.Model}' passed before it was queued");
        }

        lock (_gate)
        {
            if (_stopping)
            {
                throw new ModelUnavailableException($"the replica of '{request.Model}' v{request.Version} is shutting down; retry");
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

    /// <summary>Stops taking requests; workers finish what is queued and exit.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var worker in _workers)
        {
            worker.Join(TimeSpan.FromSeconds(30));
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
        while (TakeBatch(batch, expired))
        {
            foreach (var pending in expired)
            {
                _reject(pending, new DeadlineExceededException($"the deadline of the request to '{pending.Request.Model}' passed while it was queued"));
            }

            if (batch.Count > 0)
            {
                _execute(batch);
            }

            batch.Clear();
            expired.Clear();
        }
    }

    private bool TakeBatch(List<PendingInference> batch, List<PendingInference> expired)
    {
        lock (_gate)
        {
            while (_queue.Count == 0)
            {
                if (_stopping)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }

            WaitForMoreRows();
            _former.Take(_queue, batch, expired);
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
