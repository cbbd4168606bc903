using Granary.Protocol.V1;
using Granary.Tenants;
using Granary.Usage;
using Grpc.Core;

namespace Granary.Silo.Grpc;

/// <summary>
/// granary.v1.Usage: usage reports with cost. A tenant key reads its own tenant only; an admin key reads any
/// tenant, every tenant at once, and the top tenants. The quality report reads the same ledger, scoped the same way.
/// </summary>
public sealed class UsageService(PricedUsageReport reports, ModelQualityReport quality) : Protocol.V1.Usage.UsageBase
{
    public override async Task<GetModelQualityResponse> GetModelQuality(GetModelQualityRequest request, ServerCallContext context)
    {
        var report = await quality.GetAsync(GrpcCredentials.CallerOf(context), request.Model, QualityWindow.Parse(request.Window), context.CancellationToken);
        var response = new GetModelQualityResponse { From = UsageMessages.Rfc3339(report.From), To = UsageMessages.Rfc3339(report.To) };
        response.Models.Add(report.Models.Select(UsageMessages.ToWire));
        return response;
    }

    public override async Task<GetUsageResponse> GetUsage(GetUsageRequest request, ServerCallContext context)
    {
        var query = UsageMessages.ToQuery(request, TenantVisibleTo(GrpcCredentials.CallerOf(context), request.TenantId));
        var page = await reports.GetAsync(query, context.CancellationToken);
        var response = new GetUsageResponse { NextPageToken = page.NextPageToken ?? "" };
        response.Rows.Add(page.Rows.Select(UsageMessages.ToWire));
        return response;
    }

    public override async Task<ListTopTenantsResponse> ListTopTenants(ListTopTenantsRequest request, ServerCallContext context)
    {
        if (!GrpcCredentials.CallerOf(context).IsAdmin)
        {
            throw new PermissionDeniedException("listing the top tenants needs an admin key");
        }

        var (from, to) = UsageMessages.Range(request.From, request.To);
        var response = new ListTopTenantsResponse();
        response.Tenants.Add((await reports.TopTenantsAsync(from, to, UsageMessages.TopTenantsLimit(request.Limit), context.CancellationToken)).Select(UsageMessages.ToWire));
        return response;
    }

    /// <summary>The tenant to report on: the one asked for, or for an empty id the caller's own (every tenant, null, for an admin).</summary>
    private static string? TenantVisibleTo(Tenants.Admission.Caller caller, string tenantId)
    {
        if (caller.IsAdmin)
        {
            if (tenantId.Length == 0)
            {
                return null;
            }

            TenantIds.Validate(tenantId);
            return tenantId;
        }

        return tenantId.Length == 0 || tenantId == caller.TenantId
            ? caller.TenantId
            : throw new PermissionDeniedException($"a key of tenant '{caller.TenantId}' may not read the usage of tenant '{tenantId}'");
    }
}
