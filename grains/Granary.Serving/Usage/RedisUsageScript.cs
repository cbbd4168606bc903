namespace Granary.Usage;

/// <summary>
/// Counts one record, atomically, at most once: the record id must be new, and an OK record with an
/// idempotency key must be the first of its tenant with that key in the dedup window; only then are the
/// hour's counters of its cell raised (requests, units, compute, queue, latency, batch rows and one latency
/// bucket) and the tenant and hour indexed. A failed attempt sets no
/// idempotency marker, so the retry that succeeds is the one billed.
/// KEYS: record marker, idempotency marker ('' when none), hour hash, tenants set, tenant's hours.
/// ARGV: record TTL s, dedup TTL s, cell field, units in, units out, compute µs, tenant, hour name, hour score,
/// queue µs, latency µs, batch size, latency bucket counter ("h" and its index; '' for a record logged before
/// latency was kept, which stays out of the histogram).
/// </summary>
public static class RedisUsageScript
{
    public const string CountOnce = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
        if KEYS[2] ~= '' and not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then return 0 end
        redis.call('HINCRBY', KEYS[3], ARGV[3] .. '|r', 1)
        redis.call('HINCRBY', KEYS[3], ARGV[3] .. '|i', ARGV[4])
        redis.call('HINCRBY', KEYS[3], ARGV[3] .. '|o', ARGV[5])
        redis.call('HINCRBY', KEYS[3], ARGV[3] .. '|c', ARGV[6])
        redis.call('HINCRBY', KEYS[3], ARGV[3] .. '|q', ARGV[10])
        redis.call('HINCRBY', KEYS[3], ARGV[3] .. '|t', ARGV[11])
        redis.call('HINCRBY', KEYS[3], ARGV[3] .. '|b', ARGV[12])
        if ARGV[13] ~= '' then redis.call('HINCRBY', KEYS[3], ARGV[3] .. '|' .. ARGV[13], 1) end
        redis.call('SADD', KEYS[4], ARGV[7])
        redis.call('ZADD', KEYS[5], ARGV[9], ARGV[8])
        return 1
        """;
}
