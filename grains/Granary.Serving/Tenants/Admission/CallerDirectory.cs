using System.Collections.Concurrent;
using Granary.FrontDoor.Ports;
using Microsoft.Extensions.Options;

namespace Granary.Tenants.Admission;

/// <summary>
/// The silo-local answer to "whose key is this": a cache of key hashes with a bounded age
/// (<see cref="AuthOptions.CacheFor"/>), so a request makes no grain call on the hot path, and a revoked
/// key or a suspended tenant is refused on every silo within that bound plus one lookup. Refusals are
/// cached too, so a flood of bad keys cannot flood the key grains.
/// </summary>
public sealed class CallerDirectory(IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time, KeyUsage usage) : ICallerAuthenticator
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _adminHashes = options.Value.AdminKeys.Select(ApiKeys.Hash).ToHashSet(StringComparer.Ordinal);

    public async ValueTask<Caller> AuthenticateAsync(string? key)
    {
        if (!options.Value.Enabled)
        {
            return Caller.Anonymous;
        }

        if (string.IsNullOrEmpty(key))
        {
            throw new UnauthenticatedException("missing API key: send 'authorization: Bearer <key>' or 'x-api-key: <key>'");
        }

        var hash = ApiKeys.Hash(key);
        if (_adminHashes.Contains(hash))
        {
            return Caller.Anonymous;
        }

        var now = time.GetTimestamp();
        if (!_entries.TryGetValue(hash, out var entry) || now >= entry.ExpiresAt)
        {
            entry = new Entry(LookUpAsync(key, hash), now + (long)(options.Value.CacheFor.TotalSeconds * time.TimestampFrequency));
            _entries[hash] = entry;
        }

        var caller = await entry.Caller;
        if (caller.Role == CallerRole.Tenant)
        {
            usage.Record(caller.TenantId, caller.KeyId, time.GetUtcNow());
        }

        return caller;
    }

    private async Task<Caller> LookUpAsync(string key, string hash)
    {
        var keyId = ApiKeys.KeyIdOf(key) ?? throw new UnauthenticatedException("unknown API key");
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

        return new Caller(CallerRole.Tenant, tenant.Id, keyId);
    }

    private sealed record Entry(Task<Caller> Caller, long ExpiresAt);
}
