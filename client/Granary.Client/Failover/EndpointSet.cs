namespace Granary.Client.Failover;

/// <summary>
/// The servers a client may send a call to, by index, and which of them are ejected. A server whose attempt failed
/// without an answer is ejected for <see cref="EjectionPolicy.BaseTime"/>, twice as long each time it is ejected again
/// without a success in between (up to <see cref="EjectionPolicy.MaxTime"/>), as Envoy's outlier detection does.
/// Calls go round the servers that are not ejected; when every one is, the one whose ejection ends first is used,
/// so the set never stops a call on its own. When an ejection ends, one call alone probes the server until it
/// answers or fails: otherwise every caller would go back to a server still hung and wait out its attempt timeout
/// together. Thread-safe.
/// </summary>
internal sealed class EndpointSet(int count, EjectionPolicy policy, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly DateTimeOffset[] _ejectedUntil = new DateTimeOffset[count];
    private readonly int[] _ejections = new int[count];
    private readonly bool[] _probing = new bool[count];
    private int _next;

    public int Count => count;

    /// <summary>The server for the next attempt: the next one round that is neither ejected nor in <paramref name="tried"/>.</summary>
    public int Pick(IReadOnlyCollection<int> tried)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var start = _next;
            _next = (_next + 1) % count;
            var fallback = -1;
            for (var step = 0; step < count; step++)
            {
                var candidate = (start + step) % count;
                if (_ejectedUntil[candidate] > now || _probing[candidate])
                {
                    continue;
                }

                if (!tried.Contains(candidate))
                {
                    // The first call after an ejection probes the server; the others keep away until it is known.
                    _probing[candidate] = _ejections[candidate] > 0;
                    return candidate;
                }

                fallback = fallback < 0 ? candidate : fallback;
            }

            return fallback >= 0 ? fallback : SoonestBack(tried);
        }
    }

    public bool IsEjected(int endpoint)
    {
        lock (_lock)
        {
            return _ejectedUntil[endpoint] > time.GetUtcNow();
        }
    }

    /// <summary>The server answered: it is back in the round, and its next ejection starts from the base time again.</summary>
    public void Succeeded(int endpoint)
    {
        lock (_lock)
        {
            _ejections[endpoint] = 0;
            _ejectedUntil[endpoint] = DateTimeOffset.MinValue;
            _probing[endpoint] = false;
        }
    }

    /// <summary>An attempt on the server ended without telling whether it is healthy (cancelled by its caller).</summary>
    public void Released(int endpoint)
    {
        lock (_lock)
        {
            _probing[endpoint] = false;
        }
    }

    /// <summary>
    /// An attempt on the server got no answer. Failures while it is already ejected (calls that were in flight
    /// when it went away) do not lengthen the ejection: only a failure after it came back does.
    /// </summary>
    public void Failed(int endpoint)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _probing[endpoint] = false;
            if (_ejectedUntil[endpoint] > now)
            {
                return;
            }

            var ejection = policy.BaseTime * Math.Pow(2, Math.Min(_ejections[endpoint], 30));
            _ejectedUntil[endpoint] = now + (ejection < policy.MaxTime ? ejection : policy.MaxTime);
            _ejections[endpoint]++;
        }
    }

    /// <summary>Every server is ejected: the one back first, preferring one this call has not tried.</summary>
    private int SoonestBack(IReadOnlyCollection<int> tried)
    {
        var best = -1;
        for (var candidate = 0; candidate < count; candidate++)
        {
            if (best < 0
                || (tried.Contains(best) && !tried.Contains(candidate))
                || (tried.Contains(best) == tried.Contains(candidate) && _ejectedUntil[candidate] < _ejectedUntil[best]))
            {
                best = candidate;
            }
        }

        return best;
    }
}
