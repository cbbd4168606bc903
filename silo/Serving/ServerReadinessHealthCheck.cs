using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Granary.Silo.Serving;

/// <summary>Reports the silo healthy once its models are loaded, and unhealthy again while it stops.</summary>
public sealed class ServerReadinessHealthCheck(ServerReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady ? HealthCheckResult.Healthy("serving") : HealthCheckResult.Unhealthy("loading models or stopping"));
}
