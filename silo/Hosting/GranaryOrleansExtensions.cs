using System.Net;
using Granary.Hosting;
using Orleans.Configuration;
using Granary.Placement;
using Granary.Storage;
using StackExchange.Redis;

namespace Granary.Silo.Hosting;

/// <summary>The Orleans silo: clustering, storage, messaging limits and the serving services.</summary>
public static class GranaryOrleansExtensions
{
    public static WebApplicationBuilder AddGranaryOrleans(this WebApplicationBuilder builder)
    {
        var endpoints = builder.Configuration.GetSection(SiloEndpointOptions.Section).Get<SiloEndpointOptions>() ?? new();
        var clustering = ClusteringOptions.From(builder.Configuration);
        var grpc = builder.Configuration.GetSection(GrpcEndpointOptions.Section).Get<GrpcEndpointOptions>() ?? new();
        var advertised = clustering.Mode == ClusteringMode.Redis ? AdvertisedAddress.Resolve(endpoints.AdvertisedAddress) : IPAddress.Loopback;
        builder.Services.AddSingleton(clustering);
        builder.UseOrleans(silo =>
        {
            if (clustering.Mode == ClusteringMode.Redis)
            {
                silo.UseRedisCluster(clustering.RedisConnectionString, endpoints, advertised);
            }
            else
            {
                silo.UseLocalhostCluster(endpoints, clustering.StatePath);
            }

            if (endpoints.SiloName.Length > 0)
            {
                silo.Configure<SiloOptions>(o => o.SiloName = endpoints.SiloName);
            }

            silo.AddGranary(builder.Configuration, [new(SiloLabels.GrpcEndpointKey, $"{advertised}:{grpc.Port}")]);
            silo.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = 128 * 1024 * 1024);

            // A request's trace follows it into a replica grain on another silo.
            silo.AddActivityPropagation();
        });
        return builder;
    }

    private static void UseLocalhostCluster(this ISiloBuilder silo, SiloEndpointOptions endpoints, string statePath)
    {
        var primary = endpoints.PrimarySiloPort > 0 && endpoints.PrimarySiloPort != endpoints.SiloPort
            ? new IPEndPoint(IPAddress.Loopback, endpoints.PrimarySiloPort)
            : null;
        silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, primary, endpoints.ServiceId, endpoints.ClusterId);
        silo.AddFileGrainStorageAsDefault(statePath);
    }

    private static void UseRedisCluster(this ISiloBuilder silo, string connectionString, SiloEndpointOptions endpoints, IPAddress advertised)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = endpoints.ClusterId;
            o.ServiceId = endpoints.ServiceId;
        });
        var listenOnAny = !IPAddress.IsLoopback(advertised);
        silo.ConfigureEndpoints(advertised, endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: listenOnAny);
        silo.Configure<EndpointOptions>(o =>
        {
            var listenOn = listenOnAny ? IPAddress.Any : advertised;
            if (endpoints.SiloListeningPort > 0)
            {
                o.SiloListeningEndpoint = new IPEndPoint(listenOn, endpoints.SiloListeningPort);
            }

            if (endpoints.GatewayListeningPort > 0)
            {
                o.GatewayListeningEndpoint = new IPEndPoint(listenOn, endpoints.GatewayListeningPort);
            }
        });
        silo.UseRedisClustering(o => o.ConfigurationOptions = RedisConfiguration(connectionString));
        silo.AddRedisGrainStorageAsDefault(o => o.ConfigurationOptions = RedisConfiguration(connectionString));
        silo.Services.AddRedisUsageStore(RedisConfiguration(connectionString));
        silo.Services.AddRedisModelBlobStore(RedisConfiguration(connectionString));
        silo.Configure<ClusterMembershipOptions>(MembershipTimings.Apply);
    }

    private static ConfigurationOptions RedisConfiguration(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return options;
    }
}
