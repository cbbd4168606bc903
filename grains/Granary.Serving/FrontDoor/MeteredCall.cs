using Granary.Inference;
using Granary.Tenants.Admission;
using Granary.Usage;

namespace Granary.FrontDoor;

/// <summary>
/// A tenant's request as the ledger will see it, filled in as the pipeline learns more (the model and version
/// once resolved, the units once validated), and made into one <see cref="UsageRecord"/> when it ends, with the
/// time since the front door took it. An admin's call is followed the same way for its metrics, but never recorded.
/// </summary>
internal sealed class MeteredCall(Caller caller, InferenceCall call, string silo, TimeProvider time)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private readonly long _started = time.GetTimestamp();

    public string Model { get; set; } = call.Model;

    /// <summary>The version that serves the call; 0 until one is resolved.</summary>
    public long Version { get; set; }

    public long UnitsIn { get; set; }

    public UsageRecord Served(InferenceResponse response) =>
        Record(UsageStatus.Ok, InputUnits.Of(response.Outputs), response.QueueMicroseconds, response.ComputeMicroseconds, response.BatchSize);

    public UsageRecord Failed(Exception error) => Record(UsageStatusOf.Exception(error), unitsOut: 0, queueMicroseconds: 0, computeMicroseconds: 0, batchSize: 0);

    private UsageRecord Record(string status, long unitsOut, long queueMicroseconds, long computeMicroseconds, int batchSize) => new(
        UsageRecordIds.New(),
        caller.TenantId,
        caller.KeyId,
        Model,
        Version,
        silo,
        _startedAt,
        status,
        UnitsIn,
        unitsOut,
        queueMicroseconds,
        computeMicroseconds,
        batchSize,
        call.IdempotencyKey,
        (long)time.GetElapsedTime(_started).TotalMicroseconds);
}
