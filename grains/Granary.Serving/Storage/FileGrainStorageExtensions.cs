using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Granary.Storage;

public static class FileGrainStorageExtensions
{
    /// <summary>
    /// Keeps every grain state that names no storage provider in files under <paramref name="rootDirectory"/>,
    /// so a single embedded silo keeps its state across restarts. Only one silo may use a directory.
    /// </summary>
    public static ISiloBuilder AddFileGrainStorageAsDefault(this ISiloBuilder silo, string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        const string name = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;
        silo.Services.AddOptions<FileGrainStorageOptions>(name).Configure(o => o.RootDirectory = rootDirectory);
        silo.Services.AddTransient<IPostConfigureOptions<FileGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<FileGrainStorageOptions>>();
        silo.Services.AddGrainStorage(name, FileGrainStorage.Create);
        return silo;
    }
}
