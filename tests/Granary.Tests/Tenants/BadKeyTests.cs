using Granary.FrontDoor;
using Granary.Protocol.Inference;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Granary.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Granary.Tests.Tenants;

/// <summary>Bad keys cost the silo no grain activations: malformed ones are refused before a lookup, unknown ids deactivate.</summary>
[Collection(AbuseCollection.Name)]
public sealed class BadKeyTests(AbuseSiloFixture fixture)
{
    private SiloFixture Silo => fixture.Silo;

    private CallerDirectory Callers => Silo.Services.GetRequiredService<CallerDirectory>();

    [Fact]
    public async Task A_key_failing_its_checksum_is_unauthenticated_and_a_thousand_of_them_activate_no_key_grain()
    {
        var before = await KeyGrainActivationsAsync();
        var (_, good) = ApiKeys.Generate();
        var forged = good[..^6] + "AAAAAA";

        var refused = await Assertions.FailsWith(StatusCode.Unauthenticated, () =>
            new GRPCInferenceService.GRPCInferenceServiceClient(Silo.Channel.WithApiKey(forged)).ModelMetadataAsync(new ModelMetadataRequest { Name = "echo" }).ResponseAsync);
        for (var i = 0; i < 1_000; i++)
        {
            var (_, key) = ApiKeys.Generate();
            await Assert.ThrowsAsync<UnauthenticatedException>(() => Callers.AuthenticateAsync(new Credential(key[..^6] + "AAAAAA")).AsTask());
        }

        Assert.Contains("malformed API key", refused.Status.Detail);
        Assert.Equal(before, await KeyGrainActivationsAsync());
    }

    [Fact]
    public async Task Unknown_key_ids_in_the_shape_issued_before_checksums_leave_no_activation_behind()
    {
        var before = await KeyGrainActivationsAsync();
        for (var i = 0; i < 100; i++)
        {
            var (_, key) = ApiKeys.Generate();
            await Assert.ThrowsAsync<UnauthenticatedException>(() => Callers.AuthenticateAsync(new Credential(key[..59])).AsTask());
        }

        await Eventually.TrueAsync(async () => await KeyGrainActivationsAsync() <= before, TimeSpan.FromSeconds(10), $"key grain activations back to {before}");
    }

    [Fact]
    public async Task Keys_issued_before_checksums_new_keys_and_configured_admin_keys_all_authenticate()
    {
        var grains = Silo.Services.GetRequiredService<IGrainFactory>();
        var (newId, newKey) = ApiKeys.Generate();
        var (oldId, oldKey) = ApiKeys.Generate();
        var legacy = oldKey[..59];
        await grains.GetGrain<IApiKeyGrain>(newId).BindAsync(new KeyBinding(newId, "", CallerRole.Admin, ApiKeys.Hash(newKey), Revoked: false));
        await grains.GetGrain<IApiKeyGrain>(oldId).BindAsync(new KeyBinding(oldId, "", CallerRole.Admin, ApiKeys.Hash(legacy), Revoked: false));

        Assert.Equal(newId, (await Callers.AuthenticateAsync(new Credential(newKey))).KeyId);
        Assert.Equal(oldId, (await Callers.AuthenticateAsync(new Credential(legacy))).KeyId);
        Assert.True((await Callers.AuthenticateAsync(new Credential(SiloFixture.AdminKey))).IsAdmin);
        Assert.True(await KeyGrainActivationsAsync() >= 2, "the activation count sees the key grains it bound (so a count of 0 elsewhere means none)");
    }

    private async Task<int> KeyGrainActivationsAsync()
    {
        var statistics = await Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(ApiKeyGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
