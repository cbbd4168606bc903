using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using Granary.LoadTests.Load;
using Granary.Protocol.V1;

namespace Granary.LoadTests.Targets;

/// <summary>
/// The tenant a <c>--with-tenant</c> run calls as. Its quota is far above anything the benchmark can send, so every
/// call pays the key check and the quota admission but none is refused: the run measures their cost, not throttling.
/// </summary>
public static class BenchmarkTenant
{
    public const string Id = "bench";

    private const double RequestsPerSecond = 1e6;
    private const int Burst = 1_000_000;

    /// <summary>A fresh admin key for one embedded silo; the silo takes any of 16 characters or more.</summary>
    public static string NewAdminKey() => "load-tests-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Creates the tenant with the admin key and returns the secret of a key issued to it.</summary>
    public static async Task<string> CreateAsync(Uri address, string adminKey, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var tenants = new Tenants.TenantsClient(channel);
        var admin = ApiKeyHeaders.For(adminKey);
        try
        {
            // Zero leaves units per minute, concurrency and monthly units unlimited.
            await tenants.CreateTenantAsync(
                new CreateTenantRequest
                {
                    Id = Id,
                    Name = "load tests",
                    Plan = "benchmark",
                    Quota = new QuotaLimits { RequestsPerSecond = RequestsPerSecond, Burst = Burst },
                },
                admin,
                cancellationToken: cancellationToken);
            var issued = await tenants.IssueApiKeyAsync(
                new IssueApiKeyRequest { TenantId = Id, Name = "load-tests" }, admin, cancellationToken: cancellationToken);
            return issued.Secret;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Cannot create tenant '{Id}' and its key: {e.StatusCode}, {e.Status.Detail}", e);
        }
    }
}
