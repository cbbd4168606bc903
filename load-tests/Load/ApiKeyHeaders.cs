using Grpc.Core;

namespace Granary.LoadTests.Load;

/// <summary>The headers that carry an API key: built once per target and shared, read-only, by all its calls.</summary>
public static class ApiKeyHeaders
{
    /// <summary>Null when there is no key, so a call sends no headers at all.</summary>
    public static Metadata? For(string? apiKey) => apiKey is null ? null : new Metadata { { "authorization", $"Bearer {apiKey}" } };
}
