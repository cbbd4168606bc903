using Granary.Inference;
using Granary.Replicas.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Replicas;

public sealed class BatchFormerTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);

    private readonly FakeTimeProvider _time = new();
    private readonly LinkedList<PendingInference> _queue = new();
    private readonly List<PendingInference> _batch = [];
    private readonly List<PendingInference> _expired = [];

    [Fact]
    public void A_batch_takes_at_most_the_max_batch_size_and_leaves_the_rest_queued()
    {
        var former = Former(maxRows: 8);
        Enqueue(10, rows: 1);

        former.Take(_queue, _batch, _expired);

        Assert.Equal(8, _batch.Count);
        Assert.Equal(2, _queue.Count);
    }

    [Fact]
    public void A_batch_skips_a_request_whose_rows_do_not_fit_and_takes_a_later_one_that_does()
    {
        var former = Former(maxRows: 8);
        var head = Enqueue(1, rows: 6)[0];
        var tooBig = Enqueue(1, rows: 3)[0];
        var fits = Enqueue(1, rows: 2)[0];

        former.Take(_queue, _batch, _expired);

        Assert.Equal([head, fits], _batch);
        Assert.Equal([tooBig], _queue);
    }

    [Fact]
    public void A_batch_takes_only_requests_whose_shapes_stack_with_the_oldest()
    {
        var former = Former(maxRows: 8);
        var head = Enqueue(1, rows: 1, width: 4)[0];
        var other = Enqueue(1, rows: 1, width: 5)[0];
        var stacks = Enqueue(1, rows: 1, width: 4)[0];

        former.Take(_queue, _batch, _expired);

        Assert.Equal([head, stacks], _batch);
        Assert.Equal([other], _queue);
    }

    [Fact]
    public void The_oldest_request_runs_even_when_it_alone_is_larger_than_a_batch()
    {
        var former = Former(maxRows: 4);
        var large = Enqueue(1, rows: 16)[0];
        Enqueue(1, rows: 1);

        former.Take(_queue, _batch, _expired);

        Assert.Equal([large], _batch);
    }

    [Fact]
    public void A_request_whose_deadline_passed_is_dropped_not_batched()
    {
        var former = Former(maxRows: 8);
        var late = Enqueue(1, rows: 1, deadline: _time.GetUtcNow().UtcDateTime + TimeSpan.FromMilliseconds(1))[0];
        var onTime = Enqueue(1, rows: 1, deadline: _time.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1))[0];
        _time.Advance(TimeSpan.FromMilliseconds(1));

        former.Take(_queue, _batch, _expired);

        Assert.Equal([late], _expired);
        Assert.Equal([onTime], _batch);
        Assert.Empty(_queue);
    }

    [Fact]
    public void The_head_waits_for_more_rows_at_most_the_max_queue_delay()
    {
        var former = Former(maxRows: 8);
        Enqueue(1, rows: 1);

        Assert.Equal(Delay, former.TimeToWait(_queue));

        _time.Advance(TimeSpan.FromMilliseconds(3));
        Assert.Equal(TimeSpan.FromMilliseconds(2), former.TimeToWait(_queue));

        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(TimeSpan.Zero, former.TimeToWait(_queue));
    }

    [Fact]
    public void A_full_batch_stops_the_wait()
    {
        var former = Former(maxRows: 4);
        Enqueue(3, rows: 1);
        Assert.Equal(Delay, former.TimeToWait(_queue));

        Enqueue(1, rows: 1);

        Assert.Equal(TimeSpan.Zero, former.TimeToWait(_queue));
    }

    [Fact]
    public void A_preferred_batch_size_stops_the_wait_before_the_batch_is_full()
    {
        var former = Former(maxRows: 8, preferred: [2, 4]);
        Enqueue(1, rows: 1);
        Assert.Equal(Delay, former.TimeToWait(_queue));

        Enqueue(1, rows: 1);
        Assert.Equal(TimeSpan.Zero, former.TimeToWait(_queue));

        Enqueue(1, rows: 1);
        Assert.Equal(Delay, former.TimeToWait(_queue));
    }

    [Fact]
    public void Rows_that_do_not_stack_with_the_head_do_not_count_toward_a_full_batch()
    {
        var former = Former(maxRows: 2);
        Enqueue(1, rows: 1, width: 4);
        Enqueue(1, rows: 1, width: 5);

        Assert.Equal(Delay, former.TimeToWait(_queue));
    }

    [Fact]
    public void Without_a_queue_delay_a_batch_forms_at_once()
    {
        var former = new BatchFormer(new BatchingPolicy(true, 8, TimeSpan.Zero, [], 64, Instances: 1), _time);
        Enqueue(1, rows: 1);

        Assert.Equal(TimeSpan.Zero, former.TimeToWait(_queue));
    }

    [Theory]
    [InlineData(64, 2, 40, 20)]
    [InlineData(64, 2, 31, 31)]
    [InlineData(8, 2, 40, 8)]
    [InlineData(64, 1, 40, 40)]
    public void With_several_instances_a_batch_takes_its_share_of_the_queued_rows_and_leaves_the_rest_queued(int maxRows, int instances, int queued, int taken)
    {
        var former = Former(maxRows, instances: instances);
        Enqueue(queued, rows: 1);

        former.Take(_queue, _batch, _expired);

        Assert.Equal(taken, _batch.Count);
        Assert.Equal(queued - taken, _queue.Count);
    }

    private BatchFormer Former(int maxRows, int[]? preferred = null, int instances = 1) =>
        new(new BatchingPolicy(true, maxRows, Delay, preferred ?? [], 64, instances), _time);

    private List<PendingInference> Enqueue(int count, int rows, int width = 4, DateTime? deadline = null)
    {
        var added = new List<PendingInference>();
        for (var i = 0; i < count; i++)
        {
            var input = new Tensor("x", "FP32", [rows, width], new byte[rows * width * sizeof(float)]);
            var pending = new PendingInference(new InferenceRequest("iris", 1, [input], [], deadline), batchable: true, _time.GetTimestamp(), new ReplicaLoad());
            pending.Node = _queue.AddLast(pending);
            added.Add(pending);
        }

        return added;
    }
}
