namespace Granary.Usage;

/// <summary>How a metered request ended. Only <see cref="Ok"/> is billed; the others are counted per reason.</summary>
public static class UsageStatus
{
    public const string Ok = "OK";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string QuotaExceeded = "QUOTA_EXCEEDED";
    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string NotFound = "NOT_FOUND";
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";
    public const string QueueFull = "QUEUE_FULL";
    public const string Unavailable = "UNAVAILABLE";
    public const string Cancelled = "CANCELLED";
    public const string Internal = "INTERNAL";
}
