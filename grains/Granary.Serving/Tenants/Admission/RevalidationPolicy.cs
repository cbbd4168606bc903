namespace Granary.Tenants.Admission;

/// <summary>The times of a <see cref="StaleWhileRevalidate{T}"/>: fresh, how long a lookup is waited for, how long stale is served.</summary>
public sealed record RevalidationPolicy(TimeSpan FreshFor, TimeSpan AnswerWait, TimeSpan StaleFor, TimeSpan LookupTimeout);
