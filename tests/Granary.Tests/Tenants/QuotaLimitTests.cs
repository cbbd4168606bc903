using Google.Rpc;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Grpc.Core;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Tenants;

/// <summary>A tenant over a limit gets RESOURCE_EXHAUSTED naming the limit, with RetryInfo and QuotaFailure.</summary>
[Collection(SiloCollection.Name)]
public sealed class QuotaLimitTests(SiloFixture silo)
{
    private const int Elements = 64;

    private TenantsClient Admin => new(silo.Channel.WithApiKey(SiloFixture.AdminKey));

    private static ModelInferRequest Request() => Requests.RawFp32("mlp-classifier", "input", new float[Elements], 1, Elements);

    private async Task<GRPCInferenceService.GRPCInferenceServiceClient> TenantAsync(string prefix, QuotaLimits quota) =>
        new(silo.Channel.WithApiKey(await TenantSetup.CreateWithKeyAsync(Admin, TenantSetup.UniqueId(prefix), quota)));

    /// <summary>Sends up to <paramref name="bound"/> calls one after another until one is refused.</summary>
    private static async Task<(int Admitted, RpcException Refusal)> CallUntilRefusedAsync(GRPCInferenceService.GRPCInferenceServiceClient client, int bound)
    {
        for (var admitted = 0; admitted < bound; admitted++)
        {
            try
            {
                await client.ModelInferAsync(Request());
            }
            catch (RpcException e)
            {
                return (admitted, e);
            }
        }

        throw new Xunit.Sdk.XunitException($"{bound} calls in a row were admitted");
    }

    [Fact]
    public async Task Over_the_request_rate_the_call_is_refused_with_retry_info_and_a_quota_failure_naming_the_limit()
    {
        var client = await TenantAsync("rate", new QuotaLimits { RequestsPerSecond = 2, Burst = 5 });

        var (admitted, refusal) = await CallUntilRefusedAsync(client, 50);

        Assert.InRange(admitted, 5, 8);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        Assert.Contains("2 requests per second", refusal.Status.Detail);
        var status = refusal.GetRpcStatus()!;
        Assert.InRange(status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan(), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        var violation = status.GetDetail<QuotaFailure>()!.Violations.Single();
        Assert.StartsWith("tenant:rate-", violation.Subject);
        Assert.StartsWith("requests_per_second", violation.Description);
    }

    [Fact]
    public async Task Units_per_minute_and_the_monthly_budget_are_counted_in_input_elements()
    {
        var perMinute = await TenantAsync("units", new QuotaLimits { UnitsPerMinute = 10 * Elements });
        var monthly = await TenantAsync("monthly", new QuotaLimits { MonthlyUnits = 3 * Elements });

        var (minuteAdmitted, minuteRefusal) = await CallUntilRefusedAsync(perMinute, 50);
        var (monthAdmitted, monthRefusal) = await CallUntilRefusedAsync(monthly, 50);

        Assert.Equal(10, minuteAdmitted);
        Assert.Contains($"{10 * Elements} units per minute", minuteRefusal.Status.Detail);
        Assert.Equal(3, monthAdmitted);
        Assert.Contains("monthly budget", monthRefusal.Status.Detail);
        Assert.True(monthRefusal.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan() > TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Concurrent_calls_over_the_limit_are_refused_while_the_others_run()
    {
        var client = await TenantAsync("concurrent", new QuotaLimits { MaxConcurrent = 1 });
        var slow = Requests.RawFp32(TestModels.SlowMlp, "input", new float[128 * 256], 128, 256);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await client.ModelInferAsync(slow);
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        Assert.Contains(StatusCode.OK, outcomes);
        Assert.Contains(StatusCode.ResourceExhausted, outcomes);
        Assert.All(outcomes, o => Assert.True(o is StatusCode.OK or StatusCode.ResourceExhausted, $"{o}"));
    }

    [Fact]
    public async Task Every_admitted_inference_carries_rate_limit_headers()
    {
        var client = await TenantAsync("headers", new QuotaLimits { RequestsPerSecond = 50, Burst = 100, UnitsPerMinute = 600_000 });

        using var call = client.ModelInferAsync(Request());
        var headers = await call.ResponseHeadersAsync;
        await call.ResponseAsync;

        Assert.Equal("50", headers.GetValue("x-ratelimit-limit-requests"));
        Assert.InRange(int.Parse(headers.GetValue("x-ratelimit-remaining-requests")!), 50, 100);
        Assert.EndsWith("s", headers.GetValue("x-ratelimit-reset-requests"));
        Assert.Equal("600000", headers.GetValue("x-ratelimit-limit-units"));
        Assert.NotNull(headers.GetValue("x-ratelimit-remaining-units"));
        Assert.EndsWith("s", headers.GetValue("x-ratelimit-reset-units"));
    }
}
