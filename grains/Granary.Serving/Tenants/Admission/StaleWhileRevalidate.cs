namespace Granary.Tenants.Admission;

/// <summary>
/// One looked-up answer, kept the stale-while-revalidate way. An answer (a value, or a refusal that
/// <c>isAnswer</c> accepts) is fresh for <see cref="RevalidationPolicy.FreshFor"/> from the start of the lookup that
/// gave it. After that the next caller starts a new lookup and waits for it at most
/// <see cref="RevalidationPolicy.AnswerWait"/> from its start; if it has not answered by then, or fails without an
/// answer (the grain unreachable, a timeout), callers get the last answer, for at most
/// <see cref="RevalidationPolicy.StaleFor"/> past its freshness. A lookup that answers replaces the last answer at
/// once, so a revocation applies as soon as the grain says so. One lookup runs at a time and is given up after
/// <see cref="RevalidationPolicy.LookupTimeout"/>. Thread-safe.
/// </summary>
public sealed class StaleWhileRevalidate<T>(RevalidationPolicy policy, TimeProvider time, Func<Exception, bool> isAnswer)
{
    private readonly Lock _lock = new();
    private Task<T>? _answer;
    private long _answeredAt = long.MinValue;
    private Lookup? _lookup;

    /// <summary>Whether a lookup has ever answered (a key the silo knew).</summary>
    public bool HasAnswer => Volatile.Read(ref _answer) is not null;

    /// <summary>The answer; a fresh one (the common case) completes at once, with nothing allocated.</summary>
    public async ValueTask<T> GetAsync<TState>(Func<TState, Task<T>> lookUp, TState state)
    {
        Task<T> lookup;
        Task<T>? stale;
        long startedAt = 0;
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_lookup is { Task.IsCompleted: true } done)
            {
                Settle(done);
            }

            if (_answer is { } fresh && Age(_answeredAt, now) < policy.FreshFor)
            {
                lookup = fresh;
                stale = null;
            }
            else
            {
                _lookup ??= Start(lookUp, state, now);

                stale = _answer is { } known && Age(_answeredAt, now) < policy.FreshFor + policy.StaleFor ? known : null;
                lookup = _lookup.Task;
                startedAt = _lookup.StartedAt;
            }
        }

        if (stale is null)
        {
            return await lookup;
        }

        var wait = policy.AnswerWait - Age(startedAt, now);
        if (!lookup.IsCompleted && wait > TimeSpan.Zero)
        {
            await Task.WhenAny(lookup, Task.Delay(wait, time));
        }

        return await (Answered(lookup) ? lookup : stale);
    }

    private Lookup Start<TState>(Func<TState, Task<T>> lookUp, TState state, long now)
    {
        var lookup = new Lookup(LookUpAsync(lookUp, state), now);
        _ = lookup.Task.ContinueWith(
            static (_, arguments) =>
            {
                var (self, settled) = ((StaleWhileRevalidate<T>, Lookup))arguments!;
                self.Settle(settled);
            },
            (this, lookup),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return lookup;
    }

    private async Task<T> LookUpAsync<TState>(Func<TState, Task<T>> lookUp, TState state) =>
        await lookUp(state).WaitAsync(policy.LookupTimeout, time);

    private void Settle(Lookup lookup)
    {
        lock (_lock)
        {
            if (Answered(lookup.Task) && lookup.StartedAt >= _answeredAt)
            {
                (_answer, _answeredAt) = (lookup.Task, lookup.StartedAt);
            }

            if (ReferenceEquals(_lookup, lookup))
            {
                _lookup = null;
            }
        }
    }

    private bool Answered(Task<T> lookup) =>
        lookup.IsCompletedSuccessfully || (lookup.IsFaulted && isAnswer(lookup.Exception!.InnerException!));

    private sealed record Lookup(Task<T> Task, long StartedAt);

    private TimeSpan Age(long since, long now) => TimeSpan.FromSeconds((now - since) / (double)time.TimestampFrequency);
}
