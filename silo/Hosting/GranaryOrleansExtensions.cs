using System.Net;
using Granary.Hosting;
using Orleans.Configuration;

namespace Granary.Silo.Hosting;

/// <summary>The Orleans silo: clustering, storage, messaging limits and the serving services.</summary>
public static class GranaryOrleansExtensions
{
    public static WebApplicationBuilder AddGranaryOrleans(this WebApplicationBuilder builder)
    {
        var endpoints = builder.Configuration.GetSection(SiloEndpointOptions.Section).Get<SiloEndpointOptions>() ?? new();
        builder.Services.AddGranaryServing(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            var primary = endpoints.PrimarySiloPort > 0 && endpoints.PrimarySiloPort != endpoints.SiloPort
                ? new IPEndPoint(IPAddress.Loopback, endpoints.PrimarySiloPort)
                : null;
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, primary, endpoints.ServiceId, endpoints.ClusterId);
            silo.AddMemoryGrainStorageAsDefault();
            silo.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = 128 * 1024 * 1024);
        });
        return builder;
    }
}
