using Granary.Control;
using Granary.Models;
using Granary.UnitTests.FrontDoor;

namespace Granary.UnitTests.Versions;

public sealed class ModelChangeRulesTests
{
    private static readonly TensorSpec[] Inputs = [new("x", "FP32", [-1, 4])];
    private static readonly TensorSpec[] Outputs = [new("y", "FP32", [-1, 3])];

    private static readonly RepositoryModel Model = new("iris", "", "", "", Iris.Deployment,
    [
        new(1, "1/model.onnx", Inputs, Outputs, null),
        new(2, "2/model.onnx", Inputs, Outputs, null),
        new(3, "3/model.onnx", [new("x", "FP32", [-1, 8])], Outputs, null),
        new(4, "4/model.onnx", [], [], "4/model.onnx is not a servable ONNX model"),
    ], []);

    [Fact]
    public void A_split_over_versions_with_identical_signatures_adding_up_to_100_is_kept()
    {
        var kept = ModelChangeRules.CheckTraffic(Model, [new(1, 90), new(2, 10)], VersionPolicy.All);

        Assert.Equal([new TrafficShare(1, 90), new TrafficShare(2, 10)], kept);
    }

    [Fact]
    public void An_empty_split_clears_it()
    {
        Assert.Empty(ModelChangeRules.CheckTraffic(Model, [], VersionPolicy.All));
    }

    [Fact]
    public void A_split_over_different_signatures_is_a_conflict_naming_the_difference()
    {
        var refused = Assert.Throws<ModelChangeConflictException>(() => ModelChangeRules.CheckTraffic(Model, [new(1, 50), new(3, 50)], VersionPolicy.All));

        Assert.Contains("input 'x' is FP32 [-1, 4] in v1 but FP32 [-1, 8] in v3", refused.Message);
    }

    [Theory]
    [InlineData(90, 20, "add up to 110")]
    [InlineData(-10, 110, "between 0 and 100")]
    public void Percentages_must_each_be_in_range_and_add_up_to_100(int first, int second, string expected)
    {
        var refused = Assert.Throws<InvalidModelChangeException>(() => ModelChangeRules.CheckTraffic(Model, [new(1, first), new(2, second)], VersionPolicy.All));

        Assert.Contains(expected, refused.Message);
        Assert.Equal("traffic", refused.Field);
    }

    [Fact]
    public void A_split_naming_a_missing_version_is_refused_listing_the_versions()
    {
        var refused = Assert.Throws<InvalidModelChangeException>(() => ModelChangeRules.CheckTraffic(Model, [new(1, 50), new(9, 50)], VersionPolicy.All));

        Assert.Contains("v9, which model 'iris' does not have (versions: 1, 2, 3, 4)", refused.Message);
    }

    [Fact]
    public void A_split_naming_a_version_twice_is_refused()
    {
        Assert.Throws<InvalidModelChangeException>(() => ModelChangeRules.CheckTraffic(Model, [new(1, 50), new(1, 50)], VersionPolicy.All));
    }

    [Fact]
    public void A_split_over_a_version_that_cannot_serve_or_is_outside_the_policy_is_a_conflict()
    {
        Assert.Throws<ModelChangeConflictException>(() => ModelChangeRules.CheckTraffic(Model, [new(1, 50), new(4, 50)], VersionPolicy.All));
        Assert.Contains("outside its version policy latest:1",
            Assert.Throws<ModelChangeConflictException>(() => ModelChangeRules.CheckTraffic(Model, [new(1, 50), new(2, 50)], VersionPolicy.LatestOf(1))).Message);
    }

    [Fact]
    public void A_policy_that_would_unload_a_version_of_the_split_is_a_conflict()
    {
        var refused = Assert.Throws<ModelChangeConflictException>(() => ModelChangeRules.CheckPolicy(Model, VersionPolicy.Only([2]), [new(1, 90), new(2, 10)]));

        Assert.Contains("would unload v1", refused.Message);
    }

    [Fact]
    public void A_policy_naming_a_missing_version_is_refused()
    {
        var refused = Assert.Throws<InvalidModelChangeException>(() => ModelChangeRules.CheckPolicy(Model, VersionPolicy.Only([2, 7]), []));

        Assert.Equal("version_policy", refused.Field);
    }

    [Fact]
    public void A_device_is_cpu_or_gpu_and_memory_between_1_MiB_and_1_TiB()
    {
        Assert.Equal(["cpu", "gpu", "gpu"], new[] { "CPU", "gpu", "cuda" }.Select(ModelChangeRules.CheckDevice));
        Assert.Equal("device", Assert.Throws<InvalidModelChangeException>(() => ModelChangeRules.CheckDevice("tpu")).Field);
        Assert.Equal(ModelChangeRules.MaxMemoryMib, ModelChangeRules.CheckMemory(ModelChangeRules.MaxMemoryMib));
        Assert.Equal("memory_mib", Assert.Throws<InvalidModelChangeException>(() => ModelChangeRules.CheckMemory(0)).Field);
        Assert.Throws<InvalidModelChangeException>(() => ModelChangeRules.CheckMemory(ModelChangeRules.MaxMemoryMib + 1));
    }

    [Theory]
    [InlineData(0, 0, 1, "replicas")]
    [InlineData(ModelChangeRules.MaxReplicas + 1, 1, ModelChangeRules.MaxReplicas + 1, "replicas")]
    [InlineData(2, 3, 4, "min_replicas")]
    [InlineData(2, 1, ModelChangeRules.MaxReplicas + 1, "max_replicas")]
    public void Replica_counts_out_of_range_are_refused_naming_the_field(int replicas, int min, int max, string field)
    {
        var deployment = Iris.Deployment with { Replicas = replicas, MinReplicas = min, MaxReplicas = max };

        Assert.Equal(field, Assert.Throws<InvalidModelChangeException>(() => ModelChangeRules.CheckDeployment(Model, deployment, [])).Field);
    }
}
