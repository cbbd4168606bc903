using Granary.Models;
using Granary.Usage;

namespace Granary.UnitTests.Usage;

/// <summary>The service-quality figures from hourly cells: the definitions the README states.</summary>
public sealed class ServiceQualityTests
{
    private static readonly DateTimeOffset Hour = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static UsageRecord Call(string status, long latencyMicroseconds = 2_000, long queueMicroseconds = 500, int batch = 4, string model = "iris", long version = 1) =>
        UsageRecords.At(Hour.AddMinutes(5), status: status, model: model) with
        {
            Version = version,
            LatencyMicroseconds = latencyMicroseconds,
            QueueMicroseconds = queueMicroseconds,
            BatchSize = batch,
        };

    private static IReadOnlyList<ModelQuality> Measure(ServiceLevelObjective? slo, params UsageRecord[] records) =>
        ServiceQuality.Of(records.Select(HourlyUsage.Of).GroupBy(c => (c.Model, c.Version, c.Status)).Select(g => g.Aggregate((a, b) => a.Plus(b))), _ => slo);

    [Fact]
    public void Success_rate_counts_every_request_and_availability_only_those_the_service_answered_or_failed()
    {
        var calls = Enumerable.Repeat(UsageStatus.Ok, 90)
            .Concat(Enumerable.Repeat(UsageStatus.Unavailable, 5))
            .Concat(Enumerable.Repeat(UsageStatus.Internal, 2))
            .Concat(Enumerable.Repeat(UsageStatus.InvalidArgument, 2))
            .Concat(Enumerable.Repeat(UsageStatus.QuotaExceeded, 1))
            .Select(s => Call(s)).ToArray();

        var quality = Assert.Single(Measure(null, calls));

        Assert.Equal(100, quality.Requests);
        Assert.Equal(90, quality.Succeeded);
        Assert.Equal(0.90, quality.SuccessRate, 6);
        Assert.Equal(90.0 / 97, quality.Availability!.Value, 6);
        Assert.Equal(new Dictionary<string, long> { ["INTERNAL"] = 2, ["INVALID_ARGUMENT"] = 2, ["QUOTA_EXCEEDED"] = 1, ["UNAVAILABLE"] = 5 }, quality.ErrorsByStatus);
    }

    [Fact]
    public void Calls_that_never_reached_a_model_count_against_availability()
    {
        var quality = Assert.Single(Measure(new ServiceLevelObjective(0.99, 0), Call(UsageStatus.Ok), Call(UsageStatus.Unavailable, latencyMicroseconds: 100, version: 0)), q => q.Version == "1");
        var unresolved = Assert.Single(Measure(null, Call(UsageStatus.Unavailable, version: 0)));

        Assert.Equal(1.0, quality.Availability);
        Assert.Equal(0.0, unresolved.Availability);
        Assert.Equal("0", unresolved.Version);
    }

    [Fact]
    public void Latency_queue_share_and_batch_come_from_the_successful_calls_only()
    {
        var quality = Assert.Single(Measure(null,
            Call(UsageStatus.Ok, latencyMicroseconds: 1_100, queueMicroseconds: 100, batch: 2),
            Call(UsageStatus.Ok, latencyMicroseconds: 1_400, queueMicroseconds: 400, batch: 6),
            Call(UsageStatus.Internal, latencyMicroseconds: 40_000_000, queueMicroseconds: 40_000_000, batch: 64)));

        Assert.Equal(1_250 / 1000.0, quality.P50Ms!.Value, 6);
        Assert.True(quality.P99Ms <= 1.5, $"p99 {quality.P99Ms} ms must stay in the OK calls' bucket (1-1.5 ms)");
        Assert.Equal(500.0 / 2_500, quality.QueueShare, 6);
        Assert.Equal(4.0, quality.MeanBatch, 6);
    }

    [Fact]
    public void An_objective_is_met_or_missed_only_for_the_targets_it_states()
    {
        var fast = Enumerable.Range(0, 99).Select(_ => Call(UsageStatus.Ok, latencyMicroseconds: 900)).Append(Call(UsageStatus.Unavailable)).ToArray();

        var strict = Assert.Single(Measure(new ServiceLevelObjective(0.999, 1), fast));
        var loose = Assert.Single(Measure(new ServiceLevelObjective(0.9, 0), fast));
        var none = Assert.Single(Measure(null, fast));

        Assert.Equal((false, true), (strict.AvailabilityMet, strict.LatencyMet));
        Assert.Equal((true, (bool?)null), (loose.AvailabilityMet, loose.LatencyMet));
        Assert.Equal(((bool?)null, (bool?)null), (none.AvailabilityMet, none.LatencyMet));
    }

    [Fact]
    public void A_record_logged_before_latency_was_kept_counts_in_requests_but_not_in_the_percentiles()
    {
        var quality = Assert.Single(Measure(null, Call(UsageStatus.Ok, latencyMicroseconds: 0), Call(UsageStatus.Ok, latencyMicroseconds: 1_100)));

        Assert.Equal(2, quality.Succeeded);
        Assert.Equal(1.5, quality.P99Ms!.Value, 1);
        Assert.True(quality.P50Ms > 1.0, $"p50 {quality.P50Ms} ms must come from the one call with a latency (1.1 ms)");
    }

    [Fact]
    public void Each_model_and_version_is_reported_apart_in_name_then_version_order()
    {
        var report = Measure(null, Call(UsageStatus.Ok, model: "b"), Call(UsageStatus.Ok, model: "a", version: 10), Call(UsageStatus.Ok, model: "a", version: 2));

        Assert.Equal(["a/2", "a/10", "b/1"], report.Select(q => $"{q.Model}/{q.Version}"));
    }
}
