using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using ModelsClient = Granary.Protocol.V1.Models.ModelsClient;

namespace Granary.Tests.Versions;

/// <summary>What admins set on a model is kept in grain storage: a silo started again on the same state finds it.</summary>
public sealed class VersionControlsRestartTests
{
    private const string Model = "restarted";

    [Fact]
    public async Task A_split_a_version_policy_and_an_unload_survive_a_restart_of_the_silo()
    {
        var root = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));
        var spec = VersionsSiloFixture.Signature;
        VersionsSiloFixture.Write(Path.Combine(root, "models"), Model, spec with { Seed = 1 }, spec with { Seed = 2 }, spec with { Seed = 3 });
        try
        {
            await WithSiloAsync(root, async models =>
            {
                await models.SetTrafficAsync(VersionRoutingTests.Split(Model, (2, 90), (3, 10)));
                await models.SetDeploymentAsync(new SetDeploymentRequest { Name = Model, VersionPolicy = new VersionPolicy { Latest = 2 } });
                await models.UnloadModelAsync(new UnloadModelRequest { Name = Model });
            });

            await WithSiloAsync(root, async models =>
            {
                var restarted = await models.GetModelAsync(new GetModelRequest { Name = Model });
                var loaded = await models.LoadModelAsync(new LoadModelRequest { Name = Model });

                Assert.True(restarted.Unloaded);
                Assert.Equal([(2L, 90), (3L, 10)], restarted.Traffic.Select(s => (s.Version, s.Percent)));
                Assert.Equal(2, restarted.Deployment.VersionPolicy.Latest);
                Assert.All(restarted.Versions, v => Assert.Equal("UNLOADED", v.State));
                Assert.Equal(["UNLOADED", "READY", "READY"], loaded.Versions.Select(v => v.State));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Task WithSiloAsync(string root, Func<ModelsClient, Task> use) =>
        SiloRun.WithAsync(root, VersionsSiloFixture.AdminKey, ["--Granary:Repository:DemoModels=false"],
            channel => use(new ModelsClient(channel.WithApiKey(VersionsSiloFixture.AdminKey))));
}
