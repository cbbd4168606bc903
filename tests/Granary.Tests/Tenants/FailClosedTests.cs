using Granary.Protocol.Inference;
using Granary.Silo.Grpc;
using Granary.Silo.Serving;
using Granary.Tenants;
using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Tenants;

/// <summary>A call that never passed the access interceptor is refused; it is never treated as an admin.</summary>
public sealed class FailClosedTests
{
    [Fact]
    public void A_call_that_skipped_authentication_has_no_caller_and_is_refused()
    {
        var context = new TestServerCallContext("/granary.v1.Tenants/ListTenants", []);
        var error = Assert.Throws<UnauthenticatedException>(() => GrpcCredentials.CallerOf(context));
        Assert.Contains("not authenticated", error.Message);
    }

    [Fact]
    public async Task A_service_reached_without_the_interceptor_refuses_rather_than_answering_as_an_admin()
    {
        var service = new InferenceService(door: null!, statistics: null!, new ServerReadiness());
        var context = new TestServerCallContext("/inference.GRPCInferenceService/ModelStatistics", new Metadata { { "x-api-key", "anything" } });
        await Assert.ThrowsAsync<UnauthenticatedException>(() => service.ModelStatistics(new ModelStatisticsRequest(), context));
    }
}
