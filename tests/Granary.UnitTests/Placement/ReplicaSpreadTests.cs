using Granary.Control;
using Granary.Replicas;

namespace Granary.UnitTests.Placement;

public sealed class ReplicaSpreadTests
{
    private static ReplicaStatus On(string replica, string silo) =>
        new(replica, silo, silo, ReplicaState.Ready, 0, 0, "CPUExecutionProvider", 0, "cpu", "cpu");

    [Fact]
    public void Two_siblings_on_one_silo_with_an_empty_fitting_silo_are_spread()
    {
        Assert.True(ReplicaSpread.CanImprove([On("m/1/0", "s1"), On("m/1/1", "s1")], ["s1", "s2"]));
    }

    [Fact]
    public void Siblings_already_apart_or_without_another_fitting_silo_stay()
    {
        Assert.False(ReplicaSpread.CanImprove([On("m/1/0", "s1"), On("m/1/1", "s2")], ["s1", "s2", "s3"]));
        Assert.False(ReplicaSpread.CanImprove([On("m/1/0", "s1"), On("m/1/1", "s1")], ["s1"]));
        Assert.False(ReplicaSpread.CanImprove([On("m/1/0", "s1")], ["s1", "s2"]));
    }

    [Fact]
    public void Three_replicas_on_two_silos_of_two_are_as_spread_as_they_can_be()
    {
        Assert.False(ReplicaSpread.CanImprove([On("m/1/0", "s1"), On("m/1/1", "s1"), On("m/1/2", "s2")], ["s1", "s2"]));
        Assert.True(ReplicaSpread.CanImprove([On("m/1/0", "s1"), On("m/1/1", "s1"), On("m/1/2", "s2")], ["s1", "s2", "s3"]));
    }

    [Fact]
    public void A_spare_placed_on_a_less_crowded_silo_drains_a_sibling_from_the_most_crowded()
    {
        var drained = ReplicaSpread.ToDrain([On("m/1/0", "s1"), On("m/1/1", "s1"), On("m/1/2", "s2")], spare: "m/1/2");

        Assert.Equal("m/1/1", drained);
    }

    [Fact]
    public void A_spare_that_found_no_better_silo_drains_nothing()
    {
        Assert.Null(ReplicaSpread.ToDrain([On("m/1/0", "s1"), On("m/1/1", "s1"), On("m/1/2", "s1")], spare: "m/1/2"));
        Assert.Null(ReplicaSpread.ToDrain([On("m/1/0", "s1"), On("m/1/1", "s1"), On("m/1/2", "s2"), On("m/1/3", "s2")], spare: "m/1/3"));
    }
}
