using System.Globalization;
using Granary.LoadTests.Load;

namespace Granary.LoadTests.Report;

/// <summary>The one line printed when a step ends.</summary>
public static class StepSummary
{
    public static string Format(StepResult step)
    {
        var latency = step.LatencyUs;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{step.Label,-32} {step.RequestsPerSecond,9:N0} req/s {step.InferencesPerSecond,9:N0} inf/s   " +
            $"p50 {Ms(latency.P50)}  p90 {Ms(latency.P90)}  p99 {Ms(latency.P99)}  p99.9 {Ms(latency.P999)} ms");
        if (step.Failed > 0)
        {
            line += "   errors " + string.Join(", ", step.Errors.Select(error => $"{error.Key} {error.Value}"));
        }

        if (step.ServerCpuUsPerRequest is { } serverCpu)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"   | cpu/request server {serverCpu:N0} µs, client {step.ClientCpuUsPerRequest:N0} µs");
        }

        if (step.Server is { Executions: > 0 } server)
        {
            line += string.Create(
                CultureInfo.InvariantCulture,
                $"   | server batch {server.MeanBatchSize:F1}, queue {server.QueueUs:N0} µs, infer {server.ComputeInferUs:N0} µs");
        }

        return line;
    }

    public static string Ms(double microseconds) => (microseconds / 1000).ToString("F2", CultureInfo.InvariantCulture);
}
