using Granary.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using StackExchange.Redis;

namespace Granary.Hosting;

public static class GranaryUsageServiceCollectionExtensions
{
    public const string StatePathKey = "Granary:State:Path";

    /// <summary>
    /// The usage ledger of a silo: the front door's recorder, the silo's log under
    /// <c>&lt;state&gt;/usage/&lt;silo name&gt;/</c>, and its shipper. The store is the embedded one
    /// (<c>&lt;state&gt;/usage/ledger.json</c>) unless the host chose another first, as Redis mode does with
    /// <see cref="AddRedisUsageStore"/>.
    /// </summary>
    public static IServiceCollection AddGranaryUsage(this IServiceCollection services, IConfiguration configuration)
    {
        var usage = Path.Combine(Path.GetFullPath(configuration[StatePathKey] is { Length: > 0 } path ? path : ".granary/state"), "usage");
        services.AddValidatedOptions<UsageOptions, UsageOptionsValidator>(configuration, UsageOptions.Section);
        services.AddMetrics();
        services.AddSingleton<UsageInstruments>();
        services.AddSingleton(sp =>
        {
            var silo = sp.GetRequiredService<ILocalSiloDetails>().Name;
            return new UsageLog(Path.Combine(usage, DirectoryName(silo)), silo, sp.GetRequiredService<IOptions<UsageOptions>>().Value.SegmentBytes);
        });
        services.AddSingleton<IUsageRecorder, SiloUsageRecorder>();
        services.TryAddSingleton<IUsageStore>(sp =>
            new LocalUsageStore(Path.Combine(usage, "ledger.json"), sp.GetRequiredService<IOptions<UsageOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<UsageShipper>();
        services.AddSingleton<ModelQualityReport>();
        return services;
    }

    /// <summary>
    /// The cluster's ledger in Redis, for cluster mode: in <paramref name="clusterRedis"/> unless
    /// <c>Granary:Usage:Redis</c> names another. Call before <see cref="AddGranaryUsage"/>.
    /// </summary>
    public static IServiceCollection AddRedisUsageStore(this IServiceCollection services, ConfigurationOptions clusterRedis)
    {
        services.AddSingleton<IUsageStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<UsageOptions>>();
            return new RedisUsageStore(options.Value.Redis.Length > 0 ? ConfigurationOptions.Parse(options.Value.Redis) : clusterRedis, options);
        });
        return services;
    }

    /// <summary>A silo name as a directory name: anything but letters, digits, '.', '-' and '_' becomes '_'.</summary>
    private static string DirectoryName(string silo) =>
        string.Create(silo.Length, silo, static (chars, name) =>
        {
            for (var i = 0; i < name.Length; i++)
            {
                chars[i] = char.IsAsciiLetterOrDigit(name[i]) || name[i] is '.' or '-' or '_' ? name[i] : '_';
            }
        });
}
