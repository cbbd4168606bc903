using Granary.Control;
using Granary.Models;
using Granary.Models.Repository;

namespace Granary.UnitTests.Control;

/// <summary>A deployment may state an SLO in model.json; it reaches the spec, and a target out of range names the key.</summary>
public sealed class ServiceLevelObjectiveTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "granary-unit", Guid.NewGuid().ToString("N"));

    private DeploymentSpec SpecOf(string deployment)
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "model.json");
        File.WriteAllText(path, $$"""{ "deployment": {{deployment}} }""");
        return DeploymentSpecs.From("iris", ModelConfigFile.Read(path).Deployment, []);
    }

    [Fact]
    public void An_slo_in_model_json_reaches_the_deployment_spec()
    {
        Assert.Equal(new ServiceLevelObjective(0.999, 50), SpecOf("""{ "slo": { "availability": 0.999, "p99_latency_ms": 50 } }""").Slo);
        Assert.Null(SpecOf("{}").Slo);
    }

    [Theory]
    [InlineData("""{ "availability": 1.5 }""", "deployment.slo.availability")]
    [InlineData("""{ "availability": -0.1 }""", "deployment.slo.availability")]
    [InlineData("""{ "p99_latency_ms": -1 }""", "deployment.slo.p99_latency_ms")]
    public void A_target_out_of_range_is_refused_naming_the_key(string slo, string key)
    {
        var error = Assert.Throws<InvalidDataException>(() => SpecOf($$"""{ "slo": {{slo}} }"""));

        Assert.Contains(key, error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
