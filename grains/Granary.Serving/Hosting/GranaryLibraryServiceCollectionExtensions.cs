using Granary.Control;
using Granary.Library;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Granary.Hosting;

public static class GranaryLibraryServiceCollectionExtensions
{
    /// <summary>
    /// The model library: the catalog the control plane reads (disk repository, then library), the library API,
    /// this silo's file cache, and the store of files, embedded (<c>&lt;state&gt;/library/blobs</c>) unless the host
    /// chose another first, as Redis mode does with <see cref="AddRedisModelBlobStore"/>.
    /// </summary>
    public static IServiceCollection AddGranaryLibrary(this IServiceCollection services, IConfiguration configuration)
    {
        var library = Path.Combine(Path.GetFullPath(configuration[GranaryUsageServiceCollectionExtensions.StatePathKey] is { Length: > 0 } path ? path : ".granary/state"), "library");
        services.AddValidatedOptions<LibraryOptions, LibraryOptionsValidator>(configuration, LibraryOptions.Section);
        services.TryAddSingleton<IModelBlobStore>(sp =>
            new DirectoryBlobStore(Or(sp.GetRequiredService<IOptions<LibraryOptions>>().Value.StorePath, Path.Combine(library, "blobs"))));
        services.AddSingleton(sp =>
            new ModelFileCache(Or(sp.GetRequiredService<IOptions<LibraryOptions>>().Value.CachePath, Path.Combine(library, "cache")), sp.GetRequiredService<IModelBlobStore>()));
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<ModelLibrary>();
        return services;
    }

    /// <summary>Cluster mode's store: files chunked in the cluster's Redis. Call before <see cref="AddGranaryLibrary"/>.</summary>
    public static IServiceCollection AddRedisModelBlobStore(this IServiceCollection services, ConfigurationOptions clusterRedis) =>
        services.AddSingleton<IModelBlobStore>(sp => new RedisBlobStore(clusterRedis, sp.GetRequiredService<IOptions<LibraryOptions>>()));

    private static string Or(string configured, string fallback) => Path.GetFullPath(configured.Length > 0 ? configured : fallback);
}
