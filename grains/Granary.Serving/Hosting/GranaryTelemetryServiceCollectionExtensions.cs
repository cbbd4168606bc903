using Granary.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Hosting;

public static class GranaryTelemetryServiceCollectionExtensions
{
    /// <summary>Granary's instruments, all from the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>; the host picks the exporters.</summary>
    public static IServiceCollection AddGranaryTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(configuration, TelemetryOptions.Section);
        services.AddMetrics();
        services.AddSingleton<RequestInstruments>();
        services.AddSingleton<ReplicaInstruments>();
        services.AddSingleton<DeviceInstruments>();
        services.AddSingleton<KeyCacheInstruments>();
        services.AddSingleton<LocalDeviceReservations>();
        services.AddHostedService<ObservedInstruments>();
        return services;
    }
}
