using Granary.FrontDoor;
using Granary.FrontDoor.Ports;
using Granary.Routing;
using Granary.Tenants.Admission;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Hosting;

public static class GranaryFrontDoorServiceCollectionExtensions
{
    /// <summary>The front door and its ports: the key cache, the router, and the quota gates of this silo.</summary>
    public static IServiceCollection AddGranaryFrontDoor(this IServiceCollection services)
    {
        services.AddSingleton<ICallerAuthenticator>(sp => sp.GetRequiredService<CallerDirectory>());
        services.AddSingleton<IModelResolver>(sp => sp.GetRequiredService<ModelRouter>());
        services.AddSingleton<IReplicaRouter>(sp => sp.GetRequiredService<ModelRouter>());
        services.AddSingleton<IAdmissionControl>(sp => sp.GetRequiredService<QuotaGates>());
        services.AddSingleton<GranaryFrontDoor>();
        return services;
    }
}
