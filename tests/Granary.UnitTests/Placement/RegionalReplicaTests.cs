using Granary.Models;
using Granary.Placement;
using Granary.Replicas;

namespace Granary.UnitTests.Placement;

public sealed class RegionalReplicaTests
{
    [Fact]
    public void A_regional_key_round_trips_and_a_plain_one_has_no_region()
    {
        var regional = new ReplicaKey("mlp", 2, 1, "eu");
        Assert.Equal("mlp/2/eu/1", regional.ToString());
        Assert.Equal(regional, ReplicaKey.Parse("mlp/2/eu/1"));
        Assert.Equal("", ReplicaKey.Parse("mlp/2/1").Region);
        Assert.Throws<FormatException>(() => ReplicaKey.Parse("mlp/2//1"));
    }

    [Fact]
    public void A_regional_replica_requires_its_region_label_on_top_of_the_model_labels()
    {
        var deployment = new DeploymentSpec(
            1, 1, 1, 8, 0, [], 64, "cpu", 1, 1, 1 << 20, new Dictionary<string, string> { ["zone"] = "a" }, new AutoscalingSpec(0, TimeSpan.Zero, TimeSpan.Zero));
        var requirement = PlacementRequirements.Of(deployment, new ReplicaKey("mlp", 1, 0, "eu"));

        Assert.True(requirement.AcceptsLabels(new Dictionary<string, string> { ["zone"] = "a", ["region"] = "eu" }));
        Assert.False(requirement.AcceptsLabels(new Dictionary<string, string> { ["zone"] = "a", ["region"] = "us" }));
        Assert.False(requirement.AcceptsLabels(new Dictionary<string, string> { ["zone"] = "a" }));
        Assert.Equal(deployment.RequiredLabels, PlacementRequirements.Of(deployment, new ReplicaKey("mlp", 1, 0)).RequiredLabels);
    }

    [Fact]
    public void A_version_narrowed_to_a_region_lists_only_that_regions_replicas()
    {
        var version = new ModelVersionDescriptor(1, ModelVersionState.Ready, "", [], [], ["mlp/1/0"], ["mlp/1/eu/0", "mlp/1/us/0", "mlp/1/eu/1"]);
        Assert.Equal(["mlp/1/eu/0", "mlp/1/eu/1"], version.ReplicasIn("eu"));
        Assert.Empty(version.ReplicasIn("ap"));
    }
}
