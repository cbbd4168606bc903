using System.Runtime.CompilerServices;
using Granary.Protocol.V1;

namespace Granary.Client;

/// <summary>Usage reports with cost (granary.v1.Usage).</summary>
public sealed partial class GranaryClient
{
    /// <summary>One page of a usage report with cost; a tenant key reads its own tenant, an admin key any or all.</summary>
    public Task<GetUsageResponse> GetUsageAsync(GetUsageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync((server, call) => server.Usage.GetUsageAsync(request, call), cancellationToken);
    }

    /// <summary>Every row of a usage report, following the pages.</summary>
    public async IAsyncEnumerable<UsageRow> GetAllUsageAsync(GetUsageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var next = request.Clone();
        do
        {
            var page = await GetUsageAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var row in page.Rows)
            {
                yield return row;
            }

            next.PageToken = page.NextPageToken;
        }
        while (next.PageToken.Length > 0);
    }

    /// <summary>Service quality per model and version over a window ("1h", "24h", "7d"); a tenant key's own calls, every tenant's for an admin.</summary>
    public Task<GetModelQualityResponse> GetModelQualityAsync(GetModelQualityRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync((server, call) => server.Usage.GetModelQualityAsync(request, call), cancellationToken);
    }

    /// <summary>The tenants that cost most in a range, then by requests; needs an admin key.</summary>
    public async Task<IReadOnlyList<UsageRow>> ListTopTenantsAsync(ListTopTenantsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await CallAsync((server, call) => server.Usage.ListTopTenantsAsync(request, call), cancellationToken).ConfigureAwait(false)).Tenants;
    }
}
