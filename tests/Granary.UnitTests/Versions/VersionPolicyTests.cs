using Granary.Control;
using Granary.Models;
using Granary.Models.Repository;
using Granary.UnitTests.FrontDoor;

namespace Granary.UnitTests.Versions;

public sealed class VersionPolicyTests
{
    private static readonly long[] Versions = [1, 2, 5];

    [Fact]
    public void Latest_keeps_the_highest_numbers()
    {
        var policy = VersionPolicy.LatestOf(2);

        Assert.Equal([2, 5], Versions.Where(v => policy.Selects(v, Versions)));
        Assert.Equal("latest:2", policy.ToString());
    }

    [Fact]
    public void Specific_keeps_the_versions_named_and_all_keeps_every_one()
    {
        Assert.Equal([1, 5], Versions.Where(v => VersionPolicy.Only([5, 1]).Selects(v, Versions)));
        Assert.Equal(Versions, Versions.Where(v => VersionPolicy.All.Selects(v, Versions)));
        Assert.Equal("specific:1,5", VersionPolicy.Only([5, 1]).ToString());
    }

    [Fact]
    public void An_admins_replica_count_widens_the_bounds_of_model_json_only_as_far_as_it_needs()
    {
        var repository = Iris.Deployment with { Replicas = 1, MinReplicas = 1, MaxReplicas = 1 };

        var applied = new ModelControlState { Replicas = 3 }.Apply(repository);

        Assert.Equal((3, 1, 3), (applied.Replicas, applied.MinReplicas, applied.MaxReplicas));
    }

    [Fact]
    public void Model_json_takes_latest_or_specific_and_refuses_both()
    {
        static DeploymentSpec Read(VersionPolicyConfig? policy) => DeploymentSpecs.From("m", new DeploymentConfig { VersionPolicy = policy }, []);

        Assert.Equal("all", Read(null).PolicyOrAll.ToString());
        Assert.Equal("latest:2", Read(new VersionPolicyConfig { Latest = 2 }).PolicyOrAll.ToString());
        Assert.Equal("specific:1,3", Read(new VersionPolicyConfig { Specific = [3, 1] }).PolicyOrAll.ToString());
        Assert.Contains("version_policy", Assert.Throws<InvalidDataException>(() => Read(new VersionPolicyConfig { Latest = 1, Specific = [1] })).Message);
        Assert.Throws<InvalidDataException>(() => Read(new VersionPolicyConfig { Latest = 0 }));
    }
}
