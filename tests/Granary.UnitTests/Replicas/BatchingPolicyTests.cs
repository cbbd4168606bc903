using Granary.Models;
using Granary.Replicas.Runtime;

namespace Granary.UnitTests.Replicas;

public sealed class BatchingPolicyTests
{
    private static readonly DeploymentSpec Deployment = new(
        1, 2, 1, MaxBatchSize: 16, MaxQueueDelayUs: 2_500, PreferredBatchSizes: [4, 8], MaxQueueSize: 128, "cpu", 1, 1, 0, [], new AutoscalingSpec(0, TimeSpan.Zero, TimeSpan.Zero));

    [Fact]
    public void A_batchable_model_takes_its_deployment_batching_settings()
    {
        var policy = BatchingPolicy.For(Deployment, batchable: true);

        Assert.Equal(16, policy.MaxBatchRows);
        Assert.Equal(TimeSpan.FromMicroseconds(2_500), policy.MaxQueueDelay);
        Assert.Equal([4, 8], policy.PreferredBatchSizes);
        Assert.Equal(128, policy.MaxQueueSize);
    }

    [Fact]
    public void A_model_without_a_batch_dimension_runs_one_request_at_a_time_without_waiting()
    {
        var policy = BatchingPolicy.For(Deployment, batchable: false);

        Assert.Equal(1, policy.MaxBatchRows);
        Assert.Equal(TimeSpan.Zero, policy.MaxQueueDelay);
        Assert.Empty(policy.PreferredBatchSizes);
        Assert.Equal(128, policy.MaxQueueSize);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(8, true)]
    [InlineData(16, true)]
    [InlineData(17, true)]
    public void A_batch_is_worth_running_at_a_preferred_size_or_the_max(int rows, bool full)
    {
        Assert.Equal(full, BatchingPolicy.For(Deployment, batchable: true).IsFull(rows));
    }

    [Theory]
    [InlineData(7, 16)]
    [InlineData(8, 4)]
    [InlineData(9, 5)]
    [InlineData(40, 16)]
    public void Two_instances_share_the_queued_rows_once_there_are_enough_for_two_shares_of_a_quarter_batch(int queued, int taken)
    {
        Assert.Equal(taken, BatchingPolicy.For(Deployment, batchable: true).RowsToTake(queued));
    }
}
