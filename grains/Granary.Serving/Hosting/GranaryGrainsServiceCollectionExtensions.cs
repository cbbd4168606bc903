using Granary.Placement;
using Granary.Replicas.Local;
using Granary.Control;
using Granary.Replicas.Runtime;
using Granary.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Hosting;

public static class GranaryGrainsServiceCollectionExtensions
{
    /// <summary>The silo-local services behind the model and replica grains, and the router in front of them.</summary>
    public static IServiceCollection AddGranaryServing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ModelRepositoryOptions, ModelRepositoryOptionsValidator>(configuration, ModelRepositoryOptions.Section);
        services.AddSingleton<ModelRepository>();
        services.AddSingleton<OnnxSessionFactory>();
        services.AddSingleton<ReplicaRuntimeFactory>();
        services.AddSingleton<LocalReplicaRuntimes>();
        services.AddValidatedOptions<RoutingOptions, RoutingOptionsValidator>(configuration, RoutingOptions.Section);
        services.AddSingleton<ModelRouter>();
        services.AddSingleton<ReplicaHostCandidates>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
