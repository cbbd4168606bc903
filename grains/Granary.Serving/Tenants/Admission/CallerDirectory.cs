using Granary.FrontDoor;
using Granary.FrontDoor.Ports;
using Microsoft.Extensions.Options;

namespace Granary.Tenants.Admission;

/// <summary>
/// The silo-local answer to "whose key is this": a cache of key hashes with a bounded age
/// (<see cref="AuthOptions.CacheFor"/>), so a request makes no grain call on the hot path, and a revoked
/// key or a suspended tenant is refused on every silo within that bound plus one lookup. Bad keys cost little
/// and are remembered in bounded space: a key that is not shaped like one (or whose checksum fails) is refused
/// without a lookup, a refusal is remembered for <see cref="AuthOptions.CacheFor"/> among at most
/// <see cref="RememberedRefusals"/>, an address that keeps failing is throttled (<see cref="FailedAuthentications"/>), and
/// lookups of unknown keys from every address together are bounded (<see cref="KeyLookupBudget"/>).
/// Authentication does not depend on one silo being alive: past its age a known key is looked up again, and if the key
/// or tenant grain does not answer within <see cref="AuthOptions.LookupWait"/> the silo keeps using what it knew, for at
/// most <see cref="AuthOptions.ServeStaleFor"/> more (<see cref="StaleWhileRevalidate{T}"/>).
/// </summary>
public sealed class CallerDirectory(
    IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time, KeyUsage usage, FailedAuthentications failures,
    KeyLookupBudget lookups, Telemetry.KeyCacheInstruments cache) : ICallerAuthenticator
{
    /// <summary>Keys looked up and found good (or being looked up); kept past their age, so an address over its failure budget can still refresh a key it proved.</summary>
    public const int RememberedKeys = 50_000;

    public const int RememberedRefusals = 10_000;

    /// <summary>How long one key lookup is waited for at most (a request with no answer known to fall back on waits this long).</summary>
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    private readonly LruCache<string, StaleWhileRevalidate<Caller>> _known = new(RememberedKeys, Timeout.InfiniteTimeSpan, time);
    private readonly RevalidationPolicy _revalidation = new(options.Value.CacheFor, options.Value.LookupWait, options.Value.ServeStaleFor, LookupTimeout);
    private readonly LruCache<string, string> _refused = new(RememberedRefusals, options.Value.CacheFor, time);
    private readonly HashSet<string> _adminHashes = options.Value.AdminKeys.Select(ApiKeys.Hash).ToHashSet(StringComparer.Ordinal);

    public async ValueTask<Caller> AuthenticateAsync(Credential credential)
    {
        if (!options.Value.Enabled)
        {
            return Caller.Anonymous;
        }

        try
        {
            var caller = await FindAsync(credential);
            if (caller.Role == CallerRole.Tenant)
            {
                usage.Record(caller.TenantId, caller.KeyId, time.GetUtcNow());
            }

            return caller;
        }
        catch (UnauthenticatedException)
        {
            failures.Failed(credential.Source);
            throw;
        }
    }

    private async ValueTask<Caller> FindAsync(Credential credential)
    {
        if (credential.ApiKey is not { Length: > 0 } key)
        {
            failures.ThrowIfThrottled(credential.Source);
            throw new UnauthenticatedException("missing API key: send 'authorization: Bearer <key>' or 'x-api-key: <key>'");
        }

        var hash = ApiKeys.Hash(key);
        if (_adminHashes.Contains(hash))
        {
            return Caller.Anonymous;
        }

        if (_known.TryGet(hash, out var known))
        {
            cache.OnLookup(hit: true);
            return await AnswerAsync(known, key, hash);
        }

        failures.ThrowIfThrottled(credential.Source);
        if (_refused.TryGet(hash, out var refusal))
        {
            throw new UnauthenticatedException(refusal);
        }

        if (ApiKeys.KeyIdOf(key) is null)
        {
            throw new UnauthenticatedException("malformed API key: Granary keys look like gk_<12 hex>_<secret>_<checksum>; check it was copied whole");
        }

        lookups.Spend();
        cache.OnLookup(hit: false);
        var entry = new StaleWhileRevalidate<Caller>(_revalidation, time, IsAnswer);
        _known.Set(hash, entry);
        return await AnswerAsync(entry, key, hash);
    }

    /// <summary>A refusal is remembered apart; a lookup that never answered leaves nothing behind, so the next call is checked afresh.</summary>
    private async ValueTask<Caller> AnswerAsync(StaleWhileRevalidate<Caller> known, string key, string hash)
    {
        try
        {
            return await known.GetAsync(static state => state.Directory.LookUpAsync(state.Key), (Directory: this, Key: key));
        }
        catch (UnauthenticatedException e)
        {
            _known.Remove(hash);
            _refused.Set(hash, e.Message);
            throw;
        }
        catch (Exception e) when (!IsAnswer(e) && !known.HasAnswer)
        {
            _known.Remove(hash);
            throw;
        }
    }

    /// <summary>What the key and tenant grains said (unknown, revoked, suspended); anything else is a lookup that did not answer.</summary>
    private static bool IsAnswer(Exception e) => e is UnauthenticatedException or PermissionDeniedException;

    private async Task<Caller> LookUpAsync(string key)
    {
        var keyId = ApiKeys.KeyIdOf(key)!;
        var binding = await grains.GetGrain<IApiKeyGrain>(keyId).GetAsync();
        if (binding is null || !ApiKeys.Matches(key, binding.SecretHash))
        {
            throw new UnauthenticatedException("unknown API key");
        }

        if (binding.Revoked)
        {
            throw new UnauthenticatedException($"API key {keyId} was revoked");
        }

        if (binding.Role == CallerRole.Admin)
        {
            return new Caller(CallerRole.Admin, "", keyId);
        }

        var tenant = await grains.GetGrain<ITenantGrain>(binding.TenantId).GetAsync()
            ?? throw new UnauthenticatedException("unknown API key");
        if (tenant.Status == TenantStatus.Suspended)
        {
            throw new PermissionDeniedException($"tenant '{tenant.Id}' is suspended");
        }

        return new Caller(CallerRole.Tenant, tenant.Id, keyId, tenant.Region ?? "");
    }
}
