using Granary.Models;
using Granary.Routing;
using Granary.UnitTests.FrontDoor;
using Granary.UnitTests.Routing;

namespace Granary.UnitTests.Versions;

public sealed class VersionChoiceTests
{
    [Fact]
    public void An_unpinned_request_without_a_split_goes_to_the_newest_ready_version()
    {
        var model = Model([Version(1, ModelVersionState.Ready), Version(2, ModelVersionState.Ready)], VersionRouting.Default);

        Assert.Equal(0, VersionChoice.Choose(model, 0, new ScriptedRandom()));
        Assert.Equal(2, model.Resolve(0)!.Version);
    }

    [Fact]
    public void A_pinned_version_wins_over_the_split()
    {
        var model = Model([Version(1, ModelVersionState.Ready), Version(2, ModelVersionState.Ready)], new VersionRouting([new(2, 100)], false));

        Assert.Equal(1, VersionChoice.Choose(model, 1, new ScriptedRandom()));
    }

    [Fact]
    public void An_unpinned_request_follows_the_split()
    {
        var model = Model([Version(1, ModelVersionState.Ready), Version(2, ModelVersionState.Ready)], new VersionRouting([new(1, 90), new(2, 10)], false));

        Assert.Equal(1, VersionChoice.Choose(model, 0, new ScriptedRandom(89)));
        Assert.Equal(2, VersionChoice.Choose(model, 0, new ScriptedRandom(90)));
    }

    [Fact]
    public void An_unloaded_model_is_refused_pinned_or_not()
    {
        var model = Model([Version(1, ModelVersionState.Unloaded)], new VersionRouting([], true));

        Assert.Contains("is unloaded", Assert.Throws<ModelNotLoadedException>(() => VersionChoice.Choose(model, 0, new ScriptedRandom())).Message);
        Assert.Throws<ModelNotLoadedException>(() => VersionChoice.Choose(model, 1, new ScriptedRandom()));
    }

    [Fact]
    public void A_pinned_version_outside_the_policy_is_refused_with_the_reason()
    {
        var model = Model([Version(1, ModelVersionState.Unloaded, "outside the version policy latest:1"), Version(2, ModelVersionState.Ready)], VersionRouting.Default);

        var refused = Assert.Throws<ModelNotLoadedException>(() => VersionChoice.Choose(model, 1, new ScriptedRandom()));

        Assert.Contains("v1 is not loaded: outside the version policy latest:1", refused.Message);
    }

    private static ModelVersionDescriptor Version(long version, ModelVersionState state, string reason = "") =>
        new(version, state, reason, [new TensorSpec("x", "FP32", [-1, 4])], [new TensorSpec("y", "FP32", [-1, 3])], state == ModelVersionState.Ready ? [$"iris/{version}/0"] : []);

    private static ModelDescriptor Model(ModelVersionDescriptor[] versions, VersionRouting routing) =>
        Iris.Model() with { Versions = versions, Routing = routing };
}
