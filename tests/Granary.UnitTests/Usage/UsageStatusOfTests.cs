using Granary.Inference;
using Granary.Tenants;
using Granary.Usage;

namespace Granary.UnitTests.Usage;

/// <summary>The ledger names each way a request can end as the protocols answer it.</summary>
public sealed class UsageStatusOfTests
{
    public static TheoryData<Exception, string> Ends => new()
    {
        { new UnauthenticatedException("no key"), UsageStatus.Unauthenticated },
        { new PermissionDeniedException("admins only"), UsageStatus.PermissionDenied },
        { new QuotaExceededException("over", "requests_per_second", "tenant:acme", TimeSpan.FromSeconds(1)), UsageStatus.QuotaExceeded },
        { new InvalidInferenceRequestException("bad shape", "input"), UsageStatus.InvalidArgument },
        { new TensorFormatException("bad bytes", "input"), UsageStatus.InvalidArgument },
        { new ModelNotFoundException("no such model"), UsageStatus.NotFound },
        { new DeadlineExceededException("too late"), UsageStatus.DeadlineExceeded },
        { new ReplicaOverloadedException("full", TimeSpan.FromMilliseconds(5)), UsageStatus.QueueFull },
        { new ModelUnavailableException("loading"), UsageStatus.Unavailable },
        { new TimeoutException("no answer"), UsageStatus.Unavailable },
        { new OperationCanceledException(), UsageStatus.Cancelled },
        { new InvalidOperationException("a bug"), UsageStatus.Internal },
    };

    [Theory]
    [MemberData(nameof(Ends))]
    public void Each_domain_error_maps_to_the_status_its_callers_saw(Exception error, string status) =>
        Assert.Equal(status, UsageStatusOf.Exception(error));
}
