using System.Diagnostics;
using System.Globalization;
using Granary.LoadTests.Load;
using Granary.LoadTests.Targets;
using Granary.Protocol.Inference;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;

namespace Granary.LoadTests.Abuse;

/// <summary>
/// What a flood of bad keys costs an embedded silo with auth on: (a) its memory growth over <c>Keys</c> random keys
/// sent as fast as 32 callers can, (c) the silo's CPU time per refused call over the same keys, and (b) the p99 of a
/// tenant at a fixed concurrency, alone and while one client sends <c>Rate</c> bad-key calls per second (open loop).
/// All bad-key calls come from one address, 127.0.0.1, so the silo's per-address throttle applies unless it is off.
/// </summary>
public sealed class BadKeyFlood(FloodOptions flood, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var options = new BenchmarkOptions { WithTenant = true, SiloPath = flood.SiloPath };
        var work = Directory.CreateTempSubdirectory("granary-flood-").FullName;
        var embedded = EmbeddedModel.Write(options, work);
        await using var silo = await SiloProcess.StartAsync(
            options, embedded.RepositoryPath, work, cancellationToken,
            [
                string.Create(CultureInfo.InvariantCulture, $"--Granary:Auth:FailedPerSecondPerAddress={flood.FailedPerSecond}"),
                // Off means off: the silo-wide bound on unknown-key lookups would otherwise cap the flood at its rate.
                .. flood.FailedPerSecond > 0 ? (string[])[] : ["--Granary:Auth:KeyLookupsPerSecond=0"],
            ]);
        using var channel = GrpcChannel.ForAddress(silo.Address);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var requests = new InferRequestSet(embedded.Shape, options.Model, "", 1, options.Seed);
        var tenant = ApiKeyHeaders.For(silo.ApiKey);
        var pid = silo.Process.Id;
        output.WriteLine($"silo pid {pid}; throttle {(flood.FailedPerSecond > 0 ? $"{flood.FailedPerSecond} failures/s per address" : "off")}; keys with {(flood.ValidChecksum ? "valid checksums (lookup path)" : "bad checksums (refused before lookup)")}");

        await TenantAsync(client, requests, tenant, TimeSpan.FromSeconds(3), cancellationToken);
        var baseline = await TenantAsync(client, requests, tenant, flood.Duration, cancellationToken);
        var flooding = new Counts();
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var open = OpenLoopAsync(client, requests, flood.Rate, flooding, stop.Token);
            var during = await TenantAsync(client, requests, tenant, flood.Duration, cancellationToken);
            await stop.CancelAsync();
            await open;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"(b) tenant c={flood.TenantConcurrency} p50/p99 µs: alone {baseline.GetValueAtPercentile(50)}/{baseline.GetValueAtPercentile(99)}, " +
                $"with {flood.Rate} bad-key rps {during.GetValueAtPercentile(50)}/{during.GetValueAtPercentile(99)} ({(double)during.GetValueAtPercentile(99) / baseline.GetValueAtPercentile(99):0.00}×); flood answers {flooding}"));
        }

        GC.Collect();
        var before = SiloUsage.Of(pid);
        var counts = new Counts();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, flood.Keys, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (_, ct) => await BadCallAsync(client, requests, counts, ct));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = SiloUsage.Of(pid);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var settled = SiloUsage.Of(pid);
        var refused = counts.Unauthenticated + counts.Throttled;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(a) {flood.Keys:N0} bad keys in {seconds:0.0} s ({flood.Keys / seconds:N0}/s): RSS {before.RssKiB / 1024} MB -> {after.RssKiB / 1024} MB (+{(after.RssKiB - before.RssKiB) / 1024} MB), {settled.RssKiB / 1024} MB 5 s later; answers {counts}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(c) silo CPU {(after.Cpu - before.Cpu).TotalSeconds:0.00} s for {refused:N0} refused calls: {(after.Cpu - before.Cpu).TotalMicroseconds / Math.Max(1, refused):0} µs per refused call"));
        return 0;
    }

    private async Task<LongHistogram> TenantAsync(
        GRPCInferenceService.GRPCInferenceServiceClient client, InferRequestSet requests, Metadata? tenant, TimeSpan duration, CancellationToken cancellationToken)
    {
        var histogram = new LongHistogram(60_000_000, 3);
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, flood.TenantConcurrency).Select(async caller =>
        {
            for (long sequence = caller; Stopwatch.GetTimestamp() < end; sequence += flood.TenantConcurrency)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await client.ModelInferAsync(requests[sequence], tenant, cancellationToken: cancellationToken);
                }
                catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
                {
                    // A refused tenant call is no latency sample; it is reported, never hidden.
                    output.WriteLine($"tenant call {sequence} failed: {e.StatusCode} {e.Status.Detail}");
                    continue;
                }

                lock (histogram)
                {
                    histogram.RecordValue((long)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }
        });
        await Task.WhenAll(callers);
        return histogram;
    }

    private async Task OpenLoopAsync(GRPCInferenceService.GRPCInferenceServiceClient client, InferRequestSet requests, int rate, Counts counts, CancellationToken stop)
    {
        var inFlight = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                inFlight.Add(BadCallAsync(client, requests, counts, CancellationToken.None));
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            await Task.Delay(1, CancellationToken.None);
        }

        await Task.WhenAll(inFlight);
    }

    private Task BadCallAsync(GRPCInferenceService.GRPCInferenceServiceClient client, InferRequestSet requests, Counts counts, CancellationToken cancellationToken) =>
        counts.CountAsync(client.ModelInferAsync(
            requests[0], new Metadata { { "authorization", $"Bearer {RandomKeys.Next(flood.ValidChecksum)}" } }, cancellationToken: cancellationToken).ResponseAsync);
}
