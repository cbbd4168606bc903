using Microsoft.Extensions.Time.Testing;

namespace Granary.QuotaSimulation;

/// <summary>Discrete events on a fake clock: each runs at its time, in the order scheduled when times tie.</summary>
public sealed class EventQueue
{
    private readonly PriorityQueue<Action, (TimeSpan At, long Sequence)> _events = new();
    private long _sequence;

    public FakeTimeProvider Time { get; } = new();

    public TimeSpan Now { get; private set; }

    public void At(TimeSpan at, Action action) => _events.Enqueue(action, (at < Now ? Now : at, _sequence++));

    public void After(TimeSpan delay, Action action) => At(Now + delay, action);

    /// <summary>
    /// Runs every event due before <paramref name="end"/>, moving the clock to each. Continuations of awaits run as
    /// events at the time they are due, on this thread, so a run is the same every time.
    /// </summary>
    public void RunUntil(TimeSpan end)
    {
        var outer = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new Continuations(this));
        try
        {
            Drain(end);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(outer);
        }
    }

    private void Drain(TimeSpan end)
    {
        while (_events.TryPeek(out _, out var due) && due.At < end)
        {
            var action = _events.Dequeue();
            Time.Advance(due.At - Now);
            Now = due.At;
            action();
        }
    }

    private sealed class Continuations(EventQueue events) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback callback, object? state) => events.After(TimeSpan.Zero, () => callback(state));

        public override void Send(SendOrPostCallback callback, object? state) => callback(state);
    }
}
