using Granary.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;

namespace Granary.Tests.Protocol;

/// <summary>grpc.health.v1 answers for each service the silo serves, not only for the whole server ("").</summary>
[Collection(SiloCollection.Name)]
public sealed class GrpcHealthTests(SiloFixture silo)
{
    [Theory]
    [InlineData("")]
    [InlineData("inference.GRPCInferenceService")]
    [InlineData("granary.v1.Models")]
    [InlineData("granary.v1.Cluster")]
    [InlineData("granary.v1.Tenants")]
    public async Task A_ready_silo_answers_serving_for_the_server_and_each_service(string service)
    {
        var health = new Health.HealthClient(silo.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task An_unknown_service_name_is_not_found()
    {
        var health = new Health.HealthClient(silo.Channel);

        await Assertions.FailsWith(StatusCode.NotFound, () => health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
    }
}
