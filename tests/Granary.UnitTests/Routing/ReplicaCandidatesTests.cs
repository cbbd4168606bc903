using Granary.Routing;

namespace Granary.UnitTests.Routing;

public sealed class ReplicaCandidatesTests
{
    private static readonly string[] Replicas = ["m/1/0", "m/1/1", "m/1/2"];

    [Fact]
    public void With_nothing_left_out_the_list_itself_is_chosen_from()
    {
        Assert.Same(Replicas, ReplicaCandidates.Of(Replicas, null, new HashSet<string>(), Ejected));
    }

    [Fact]
    public void Ejected_replicas_and_the_one_just_given_up_on_are_left_out()
    {
        var candidates = ReplicaCandidates.Of(Replicas, "m/1/0", new HashSet<string> { "m/1/2" }, Ejected);

        Assert.Equal(["m/1/1"], candidates);
    }

    [Fact]
    public void When_only_the_replica_just_given_up_on_is_not_ejected_it_is_tried_again()
    {
        var candidates = ReplicaCandidates.Of(Replicas, "m/1/0", new HashSet<string> { "m/1/1", "m/1/2" }, Ejected);

        Assert.Equal(["m/1/0"], candidates);
    }

    [Fact]
    public void When_every_replica_is_left_out_all_are_chosen_from()
    {
        Assert.Same(Replicas, ReplicaCandidates.Of(Replicas, null, Replicas.ToHashSet(), Ejected));
    }

    private static bool Ejected(HashSet<string> ejected, string id) => ejected.Contains(id);
}
