using Granary.Cli;
using Granary.Cli.Commands;
using Granary.Protocol.V1;

namespace Granary.Tests.Versions;

/// <summary><c>granary models traffic|deploy|load|unload</c>: how they read their arguments, and what they change on a silo.</summary>
[Collection(VersionsCollection.Name)]
public sealed class VersionsCliTests(VersionsSiloFixture silo)
{
    private const string Model = VersionsSiloFixture.CliControlled;

    [Fact]
    public void Traffic_shares_are_read_with_or_without_the_v()
    {
        var shares = ModelVersionArguments.ParseTraffic(["v1=90", "2=10"]);

        Assert.Equal([(1L, 90), (2L, 10)], shares.Select(s => (s.Version, s.Percent)));
        Assert.Throws<CommandInputException>(() => ModelVersionArguments.ParseTraffic(["v1:90"]));
        Assert.Throws<CommandInputException>(() => ModelVersionArguments.ParseTraffic(["v0=100"]));
    }

    [Theory]
    [InlineData("all", "all")]
    [InlineData("latest:2", "latest:2")]
    [InlineData("specific:3,1", "specific:3,1")]
    public void Version_policies_are_read_as_written(string text, string expected)
    {
        Assert.Equal(expected, ModelVersionArguments.Describe(ModelVersionArguments.ParsePolicy(text)));
    }

    [Theory]
    [InlineData("latest:0")]
    [InlineData("newest:2")]
    [InlineData("specific:1,x")]
    public void A_malformed_version_policy_is_refused(string text)
    {
        Assert.Throws<CommandInputException>(() => ModelVersionArguments.ParsePolicy(text));
    }

    [Fact]
    public async Task The_commands_split_deploy_unload_and_load_a_model()
    {
        Assert.Equal(0, await RunAsync("models", "traffic", Model, "v1=90", "v2=10"));
        var split = await GetAsync();
        Assert.Equal(0, await RunAsync("models", "deploy", Model, "--versions", "specific:1,2", "--replicas", "1"));
        Assert.Equal(0, await RunAsync("models", "unload", Model));
        var unloaded = await GetAsync();
        Assert.Equal(0, await RunAsync("models", "load", Model));
        Assert.Equal(0, await RunAsync("models", "traffic", Model, "--clear"));
        var loaded = await GetAsync();

        Assert.Equal([(1L, 90), (2L, 10)], split.Traffic.Select(s => (s.Version, s.Percent)));
        Assert.Equal([1L, 2L], unloaded.Deployment.VersionPolicy.Specific);
        Assert.True(unloaded.Unloaded);
        Assert.False(loaded.Unloaded);
        Assert.Empty(loaded.Traffic);
        Assert.All(loaded.Versions, v => Assert.Equal("READY", v.State));
    }

    private Task<int> RunAsync(params string[] arguments) =>
        GranaryRootCommand.Create().Parse([.. arguments, "--address", silo.GrpcAddress, "--api-key", VersionsSiloFixture.AdminKey]).InvokeAsync();

    private async Task<ModelInfo> GetAsync() => await silo.Models.GetModelAsync(new GetModelRequest { Name = Model });
}
