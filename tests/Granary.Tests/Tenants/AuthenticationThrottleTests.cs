using System.Net;
using Google.Rpc;
using Granary.Protocol.Inference;
using Granary.Tenants;
using Granary.Tests.Infrastructure;
using Granary.Tests.Rest;
using Grpc.Core;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Tenants;

/// <summary>Past its burst of failed authentications an address is answered RESOURCE_EXHAUSTED / 429; good keys keep working.</summary>
[Collection(AbuseCollection.Name)]
public sealed class AuthenticationThrottleTests(AbuseSiloFixture fixture)
{
    private SiloFixture Silo => fixture.Silo;

    private GRPCInferenceService.GRPCInferenceServiceClient InferenceWith(string key) => new(Silo.Channel.WithApiKey(key));

    private static ModelInferRequest Request() => Requests.RawFp32("mlp-classifier", "input", new float[64], 1, 64);

    [Fact]
    public async Task Past_the_burst_of_failures_an_address_is_throttled_with_a_retry_time_on_both_protocols_but_a_good_key_still_works()
    {
        var good = await TenantSetup.CreateWithKeyAsync(new TenantsClient(Silo.Channel.WithApiKey(SiloFixture.AdminKey)), TenantSetup.UniqueId("throttle"));
        await InferenceWith(good).ModelInferAsync(Request());

        // The collection's other tests fail keys from this address too: let its bucket fill before counting the burst.
        await Task.Delay(TimeSpan.FromSeconds((double)AbuseCollection.FailedBurst / AbuseCollection.FailedPerSecond + 0.5));
        var unauthenticated = 0;
        RpcException? throttled = null;
        for (var call = 0; call < 10 * AbuseCollection.FailedBurst && throttled is null; call++)
        {
            try
            {
                await InferenceWith(ApiKeys.Generate().Secret[..^1] + "_").ModelInferAsync(Request());
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
            {
                unauthenticated++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                throttled = e;
            }
        }

        Assert.NotNull(throttled);
        Assert.InRange(unauthenticated, AbuseCollection.FailedBurst, 10 * AbuseCollection.FailedBurst);
        var retry = throttled.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan();
        Assert.InRange(retry, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1.0 / AbuseCollection.FailedPerSecond));
        Assert.Contains("too many failed authentications", throttled.Status.Detail);

        using var rest = RestCalls.Client(Silo, "gk_not-a-key-at-all");
        var refused = await rest.GetAsync("/v2/models/mlp-classifier");
        for (var call = 0; call < AbuseCollection.FailedBurst && refused.StatusCode == HttpStatusCode.Unauthorized; call++)
        {
            refused = await rest.GetAsync("/v2/models/mlp-classifier");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Header("Retry-After"));

        Assert.Equal(new long[] { 1, 10 }, (await InferenceWith(good).ModelInferAsync(Request())).Outputs[0].Shape);
    }
}
