namespace Granary.Usage;

/// <summary>
/// Counts a chunk of records, atomically, each at most once: a record counts only if its id is new, and an OK record
/// with an idempotency key only if it is the first of its tenant with that key in the dedup window. A failed attempt
/// sets no idempotency marker, so the retry that succeeds is the one billed. The counted records' hour counters
/// (requests, units, compute, queue, latency, batch rows and one latency bucket per record) are summed in the script
/// and raised once per hour hash and field, and their tenants and hours indexed once each, so a chunk of records to
/// one cell costs one marker per record and a handful of increments. Returns how many records counted.
/// KEYS: the tenants set, then 4 per record: record marker, idempotency marker ('' when none), hour hash, tenant's hours.
/// ARGV: record TTL s, dedup TTL s, then 11 per record: cell field, units in, units out, compute µs, queue µs,
/// latency µs, batch size, latency bucket counter ("h" and its index; '' for a record logged before latency was kept,
/// which stays out of the histogram), tenant, hour name, hour score.
/// </summary>
public static class RedisUsageScript
{
    public const int KeysPerRecord = 4;

    public const int ValuesPerRecord = 11;

    public const string CountEachOnce = """
        local sums, tenants, hours = {}, {}, {}
        local function add(hash, field, value)
          local fields = sums[hash]
          if not fields then fields = {}; sums[hash] = fields end
          fields[field] = (fields[field] or 0) + tonumber(value)
        end
        local counted = 0
        for i = 0, (#KEYS - 1) / 4 - 1 do
          local k, a = 1 + 4 * i, 2 + 11 * i
          if redis.call('SET', KEYS[k + 1], '1', 'NX', 'EX', ARGV[1])
              and (KEYS[k + 2] == '' or redis.call('SET', KEYS[k + 2], '1', 'NX', 'EX', ARGV[2])) then
            local hash, cell = KEYS[k + 3], ARGV[a + 1]
            add(hash, cell .. '|r', 1)
            add(hash, cell .. '|i', ARGV[a + 2])
            add(hash, cell .. '|o', ARGV[a + 3])
            add(hash, cell .. '|c', ARGV[a + 4])
            add(hash, cell .. '|q', ARGV[a + 5])
            add(hash, cell .. '|t', ARGV[a + 6])
            add(hash, cell .. '|b', ARGV[a + 7])
            if ARGV[a + 8] ~= '' then add(hash, cell .. '|' .. ARGV[a + 8], 1) end
            tenants[ARGV[a + 9]] = true
            local scores = hours[KEYS[k + 4]]
            if not scores then scores = {}; hours[KEYS[k + 4]] = scores end
            scores[ARGV[a + 10]] = ARGV[a + 11]
            counted = counted + 1
          end
        end
        for hash, fields in pairs(sums) do
          for field, value in pairs(fields) do
            redis.call('HINCRBY', hash, field, string.format('%d', value))
          end
        end
        for tenant in pairs(tenants) do redis.call('SADD', KEYS[1], tenant) end
        for key, scores in pairs(hours) do
          for hour, score in pairs(scores) do redis.call('ZADD', key, score, hour) end
        end
        return counted
        """;
}
