using Granary.Tenants.Plans;
using Granary.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Granary.Hosting;

public static class GranaryPlansServiceCollectionExtensions
{
    /// <summary>
    /// Plans (<c>Granary:Plans</c>), the pricing of usage, and the reports. The ledger's store is registered by the
    /// ledger; until one is, an empty store answers reports with no rows.
    /// </summary>
    public static IServiceCollection AddGranaryPlansAndReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PlanOptions, PlanOptionsValidator>(configuration, PlanOptions.Section);
        services.AddSingleton<UsagePricingSource>();
        services.AddSingleton<PricedUsageReport>();
        services.TryAddSingleton<IUsageStore, EmptyUsageStore>();
        return services;
    }
}
