namespace Granary.Tenants;

/// <summary>No tenant or key with that id.</summary>
[GenerateSerializer, Alias("granary.TenantNotFoundException")]
public sealed class TenantNotFoundException(string message) : Exception(message);

/// <summary>A tenant with that id exists already.</summary>
[GenerateSerializer, Alias("granary.TenantConflictException")]
public sealed class TenantConflictException(string message) : Exception(message);

/// <summary>An admin request that names an invalid tenant id, plan or limit.</summary>
[GenerateSerializer, Alias("granary.InvalidTenantRequestException")]
public sealed class InvalidTenantRequestException(string field, string message) : Exception(message)
{
    [Id(0)]
    public string Field { get; } = field;
}

/// <summary>No key, an unknown key, or a revoked key.</summary>
[GenerateSerializer, Alias("granary.UnauthenticatedException")]
public sealed class UnauthenticatedException(string message) : Exception(message);

/// <summary>A known caller that may not do this: a suspended tenant, or a tenant key on an admin API.</summary>
[GenerateSerializer, Alias("granary.PermissionDeniedException")]
public sealed class PermissionDeniedException(string message) : Exception(message);

/// <summary>A tenant over one of its limits: which, its value, and when to try again.</summary>
[GenerateSerializer, Alias("granary.QuotaExceededException")]
public sealed class QuotaExceededException(string message, string limit, string subject, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>The limit's name: requests_per_second, units_per_minute, max_concurrent or monthly_units.</summary>
    [Id(0)]
    public string Limit { get; } = limit;

    /// <summary>Whose limit: <c>tenant:{id}</c>.</summary>
    [Id(1)]
    public string Subject { get; } = subject;

    [Id(2)]
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Too many failed authentications from one source address lately: try again after <see cref="RetryAfter"/>.</summary>
[GenerateSerializer, Alias("granary.AuthenticationThrottledException")]
public sealed class AuthenticationThrottledException(string message, TimeSpan retryAfter) : Exception(message)
{
    [Id(0)]
    public TimeSpan RetryAfter { get; } = retryAfter;
}
