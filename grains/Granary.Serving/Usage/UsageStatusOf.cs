using Granary.Devices;
using Granary.Inference;
using Granary.Tenants;

namespace Granary.Usage;

/// <summary>
/// How the ledger names the end of a request: the one mapping from the front door's domain errors to a
/// <see cref="UsageStatus"/>. It follows the protocols' error table, so a report's statuses read like the answers callers got.
/// </summary>
public static class UsageStatusOf
{
    public static string Exception(Exception error) => error switch
    {
        UnauthenticatedException => UsageStatus.Unauthenticated,
        PermissionDeniedException => UsageStatus.PermissionDenied,
        QuotaExceededException => UsageStatus.QuotaExceeded,
        InvalidInferenceRequestException or TensorFormatException => UsageStatus.InvalidArgument,
        ModelNotFoundException or TenantNotFoundException => UsageStatus.NotFound,
        DeadlineExceededException => UsageStatus.DeadlineExceeded,
        ReplicaOverloadedException => UsageStatus.QueueFull,
        ModelUnavailableException or NoDeviceFitsException or SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
            => UsageStatus.Unavailable,
        OperationCanceledException => UsageStatus.Cancelled,
        _ => UsageStatus.Internal,
    };
}
