namespace Granary.Replicas.Runtime;

/// <summary>
/// How a replica's queue becomes batches, apart from its threads: how long the head of the queue still
/// waits for rows to stack with it, and which requests the next batch takes. The queue's owner holds its
/// lock around both.
/// </summary>
internal sealed class BatchFormer(BatchingPolicy policy, TimeProvider time)
{
    /// <summary>
    /// How much longer to wait before forming a batch: zero once the head has waited the queue delay, or
    /// enough queued rows stack with it for a full or preferred batch, or nothing is queued.
    /// </summary>
    public TimeSpan TimeToWait(LinkedList<PendingInference> queue)
    {
        if (policy.MaxQueueDelay <= TimeSpan.Zero || queue.First is not { } head)
        {
            return TimeSpan.Zero;
        }

        var remaining = policy.MaxQueueDelay - time.GetElapsedTime(head.Value.EnqueuedAt);
        return remaining <= TimeSpan.Zero || policy.IsFull(QueuedRowsStackingWith(queue, head.Value)) ? TimeSpan.Zero : remaining;
    }

    /// <summary>
    /// Moves the next batch out of the queue: the oldest request, then every later one (within the scan
    /// limit) whose shapes stack with it while the rows fit the batch's share (<see cref="BatchingPolicy.RowsToTake"/>).
    /// Requests whose deadline passed go to <paramref name="expired"/> instead.
    /// </summary>
    public void Take(LinkedList<PendingInference> queue, List<PendingInference> batch, List<PendingInference> expired)
    {
        if (queue.First is not { } head)
        {
            return;
        }

        // Counting what stacks with the head costs a scan of the queue: only a shared queue needs it.
        var limit = policy.SharesQueue ? policy.RowsToTake(QueuedRowsStackingWith(queue, head.Value)) : policy.MaxBatchRows;
        var now = time.GetUtcNow().UtcDateTime;
        var rows = 0;
        var scanned = 0;
        var node = queue.First;
        while (node is not null && scanned++ < policy.ScanLimit && rows < limit)
        {
            var next = node.Next;
            var pending = node.Value;
            if (pending.IsExpired(now))
            {
                queue.Remove(node);
                expired.Add(pending);
            }
            else if (batch.Count == 0 || (rows + pending.Rows <= limit && pending.CanStackWith(batch[0])))
            {
                queue.Remove(node);
                batch.Add(pending);
                rows += pending.Rows;
            }

            node = next;
        }
    }

    private int QueuedRowsStackingWith(LinkedList<PendingInference> queue, PendingInference head)
    {
        var rows = 0;
        var scanned = 0;
        for (var node = queue.First; node is not null && scanned++ < policy.ScanLimit; node = node.Next)
        {
            if (node.Value == head || node.Value.CanStackWith(head))
            {
                rows += node.Value.Rows;
            }
        }

        return rows;
    }
}
