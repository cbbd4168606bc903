namespace Granary.Logging;

/// <summary>
/// Every log event id of Granary, in one table so that none is used twice (a unit test checks). The
/// thousands say the area: 1 control, 2 runtime, 3 replicas, 4 silo start, 5 devices, 6 routing,
/// 7 tenants, 8 protocols, 9 usage, 12 observability.
/// </summary>
public static class LogEvents
{
    public const int ModelVersionState = 1001;
    public const int ModelScaled = 1003;
    public const int SuperviseFailed = 1101;

    public const int SessionLoaded = 2001;
    public const int GpuWithoutCuda = 2002;
    public const int CudaFallback = 2003;

    public const int ReplicaUnloaded = 3001;

    public const int DemoModelsWritten = 4001;
    public const int Listening = 4101;
    public const int Ready = 4102;
    public const int WarmupFailed = 4103;
    public const int Bootstrapped = 4201;

    public const int DeviceReserved = 5001;
    public const int DeviceReleased = 5002;
    public const int DeviceReleasedOrphan = 5003;

    public const int ColdStart = 6001;
    public const int RegionStart = 6002;

    public const int TenantCreated = 7001;
    public const int TenantStatus = 7002;
    public const int KeyIssued = 7003;
    public const int KeyRevoked = 7004;
    public const int TenantPlanApplied = 7005;
    public const int PlanSyncFailed = 7006;
    public const int PlanSyncDone = 7007;

    public const int QuotaLimitsChanged = 7101;
    public const int QuotaLedgerUnreadable = 7102;

    public const int GrpcCallFailed = 8001;
    public const int RestCallFailed = 8002;

    public const int UsageShippingFailed = 9001;
    public const int UsageShippingBack = 9002;
    public const int UsageOrphanShipped = 9003;

    // Observability (issue 18): metrics, traces and health, 12000–12499.
    public const int Draining = 12001;

    // Versions and traffic (issue 16, item 5): admins' changes to a model's deployment, split and loading.
    public const int ModelDeploymentSet = 11501;
    public const int ModelTrafficSet = 11502;
    public const int ModelLoaded = 11503;
    public const int ModelUnloaded = 11504;

    // Resilience (issue 14): 10000-10499.
    public const int ReplicaEjected = 10001;
    public const int ReplicaMoved = 10002;

    // The model library (issue 16): ids 11000-11499.
    public const int LibraryVersionAdded = 11001;
    public const int LibraryVersionDeleted = 11002;
    public const int LibraryCardUpdated = 11003;
    public const int LibraryUploadRefused = 11004;
    public const int LibraryReloadDeferred = 11005;
    public const int LibraryFileCollected = 11006;
    public const int LibraryCollectFailed = 11007;
    public const int LibraryHoldNotReleased = 11008;
}
