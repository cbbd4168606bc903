using Granary.Devices;
using Granary.Inference;
using Granary.Library;
using Granary.Models;
using Granary.Tenants;
using Grpc.Core;
using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace Granary.Silo.Errors;

/// <summary>
/// The one table from domain errors to what both protocols answer: a gRPC status and an HTTP status.
/// Anything not in it is a server fault: INTERNAL / 500, with the details left to the silo log.
/// </summary>
public static class ErrorTable
{
    /// <param name="siloStopping">Cancelled once the silo is shutting down: a failure nothing else explains is then the
    /// stop's (a grain call cut short, a service gone), and another silo can answer the call.</param>
    public static ProtocolError Of(Exception error, CancellationToken callCancelled, CancellationToken siloStopping) => error switch
    {
        ModelNotFoundException e => new(StatusCode.NotFound, 404, "MODEL_NOT_FOUND", e.Message),
        InvalidInferenceRequestException e => new(StatusCode.InvalidArgument, 400, "INVALID_ARGUMENT", e.Message) { Field = e.Field },
        TensorFormatException e => new(StatusCode.InvalidArgument, 400, "INVALID_ARGUMENT", e.Message) { Field = e.Field },
        ReplicaOverloadedException e => new(StatusCode.ResourceExhausted, 429, "QUEUE_FULL", e.Message) { RetryAfter = e.RetryAfter },
        DeadlineExceededException e => new(StatusCode.DeadlineExceeded, 504, "DEADLINE_EXCEEDED", e.Message),
        UnauthenticatedException e => new(StatusCode.Unauthenticated, 401, "UNAUTHENTICATED", e.Message),
        AuthenticationThrottledException e => new(StatusCode.ResourceExhausted, 429, "AUTHENTICATION_THROTTLED", e.Message) { RetryAfter = e.RetryAfter },
        PermissionDeniedException e => new(StatusCode.PermissionDenied, 403, "PERMISSION_DENIED", e.Message),
        QuotaExceededException e => new(StatusCode.ResourceExhausted, 429, "QUOTA_EXCEEDED", e.Message) { RetryAfter = e.RetryAfter, Quota = (e.Subject, e.Limit) },
        TenantNotFoundException e => new(StatusCode.NotFound, 404, "TENANT_NOT_FOUND", e.Message),
        TenantConflictException e => new(StatusCode.AlreadyExists, 409, "TENANT_EXISTS", e.Message),
        InvalidTenantRequestException e => new(StatusCode.InvalidArgument, 400, "INVALID_ARGUMENT", e.Message) { Field = e.Field },
        NoDeviceFitsException e => new(StatusCode.FailedPrecondition, 400, "NO_DEVICE_FITS", e.Message),
        InvalidModelChangeException e => new(StatusCode.InvalidArgument, 400, "INVALID_ARGUMENT", e.Message) { Field = e.Field },
        ModelChangeConflictException e => new(StatusCode.FailedPrecondition, 400, "FAILED_PRECONDITION", e.Message),
        ModelNotLoadedException e => new(StatusCode.FailedPrecondition, 400, "MODEL_NOT_LOADED", e.Message),
        InvalidModelUploadException e => new(StatusCode.InvalidArgument, 400, "INVALID_ARGUMENT", e.Message) { Field = e.Field },
        ModelFileTooLargeException e => new(StatusCode.ResourceExhausted, 413, "MODEL_FILE_TOO_LARGE", e.Message),
        ModelCardIncompleteException e => new(StatusCode.FailedPrecondition, 400, "MODEL_CARD_INCOMPLETE", e.Message) { Field = string.Join(",", e.Missing) },
        ModelVersionExistsException e => new(StatusCode.AlreadyExists, 409, "MODEL_VERSION_EXISTS", e.Message),
        LibraryLimitExceededException e => new(StatusCode.ResourceExhausted, 403, "LIBRARY_LIMIT", e.Message) { Quota = ("library", e.Limit) },
        ModelUnavailableException e => new(StatusCode.Unavailable, 503, "MODEL_UNAVAILABLE", e.Message) { RetryAfter = TimeSpan.FromSeconds(1) },
        OperationCanceledException when callCancelled.IsCancellationRequested => new(StatusCode.Cancelled, 499, "CANCELLED", "the call was cancelled by the client"),
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
            new(StatusCode.Unavailable, 503, "REPLICA_UNREACHABLE", $"the cluster could not reach the model's replica: {error.Message}") { RetryAfter = TimeSpan.FromSeconds(1) },
        _ when IsStoreUnreachable(error) =>
            new(StatusCode.Unavailable, 503, "STORE_UNAVAILABLE", "the cluster's store (Redis) did not answer; the call can be tried again") { RetryAfter = TimeSpan.FromSeconds(1) },
        _ when siloStopping.IsCancellationRequested =>
            new(StatusCode.Unavailable, 503, "SILO_STOPPING", "this silo is shutting down; the call can be tried again on another") { RetryAfter = TimeSpan.FromSeconds(1) },
        _ => new(StatusCode.Internal, 500, "INTERNAL", "internal error; the silo log has the details"),
    };

    /// <summary>Redis down or slow under a grain's state write: transient, as when Redis restarts, not a server fault.</summary>
    private static bool IsStoreUnreachable(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException or RedisTimeoutException or RedisStorageException)
            {
                return true;
            }
        }

        return false;
    }
}
