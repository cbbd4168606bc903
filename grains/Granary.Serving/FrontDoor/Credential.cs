using System.Net;

namespace Granary.FrontDoor;

/// <summary>
/// What a caller presented, as every protocol carries it: <c>authorization: Bearer &lt;key&gt;</c> or
/// <c>x-api-key: &lt;key&gt;</c>. Header names are the same over gRPC metadata and HTTP. The source is the
/// peer's address, which failed authentications are counted against; null where there is none (in-process).
/// </summary>
public readonly record struct Credential(string? ApiKey, IPAddress? Source = null)
{
    public static Credential None => default;

    /// <summary>Reads the key from request headers; <paramref name="header"/> answers a header's value or null.</summary>
    public static Credential FromHeaders<TState>(TState headers, Func<TState, string, string?> header, IPAddress? source)
    {
        if (header(headers, "authorization") is { } authorization)
        {
            return new Credential(authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null, source);
        }

        return new Credential(header(headers, "x-api-key")?.Trim(), source);
    }
}
