using Granary.Control;
using Granary.Hosting;
using Granary.Silo.Serving;

namespace Granary.Silo.Hosting;

/// <summary>Options, metrics and health: configured once, one line per host.</summary>
public static class GranaryDefaultsExtensions
{
    public static WebApplicationBuilder AddGranaryDefaults(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The endpoints configure Kestrel and Orleans while the host is built, so they are checked now as well as at start.
        OptionChecks.ValidatedNow(configuration.GetSection(GrpcEndpointOptions.Section).Get<GrpcEndpointOptions>() ?? new(), new GrpcEndpointOptionsValidator());
        OptionChecks.ValidatedNow(configuration.GetSection(SiloEndpointOptions.Section).Get<SiloEndpointOptions>() ?? new(), new SiloEndpointOptionsValidator());
        OptionChecks.ValidatedNow(configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new(), new TlsOptionsValidator());
        OptionChecks.ValidatedNow(configuration.GetSection(ModelRepositoryOptions.Section).Get<ModelRepositoryOptions>() ?? new(), new ModelRepositoryOptionsValidator());
        builder.Services.AddValidatedOptions<GrpcEndpointOptions, GrpcEndpointOptionsValidator>(configuration, GrpcEndpointOptions.Section);
        builder.Services.AddValidatedOptions<SiloEndpointOptions, SiloEndpointOptionsValidator>(configuration, SiloEndpointOptions.Section);
        builder.Services.AddValidatedOptions<TlsOptions, TlsOptionsValidator>(configuration, TlsOptions.Section);

        // Let in-flight calls finish on SIGTERM before the silo hands its grains over.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<ServerReadiness>();
        builder.Services.AddHostedService<DemoModelsInitializer>();
        builder.AddGranaryObservability();
        return builder;
    }

    public static WebApplication MapGranaryDefaults(this WebApplication app) => app.MapGranaryObservability();
}
