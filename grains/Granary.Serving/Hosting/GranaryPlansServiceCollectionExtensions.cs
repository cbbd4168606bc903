using Granary.Tenants.Plans;
using Granary.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Hosting;

public static class GranaryPlansServiceCollectionExtensions
{
    /// <summary>
    /// Plans (<c>Granary:Plans</c>), the pricing of usage, and the reports over the ledger's store.
    /// </summary>
    public static IServiceCollection AddGranaryPlansAndReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PlanOptions, PlanOptionsValidator>(configuration, PlanOptions.Section);
        services.AddSingleton<UsagePricingSource>();
        services.AddSingleton<PricedUsageReport>();
        return services;
    }
}
