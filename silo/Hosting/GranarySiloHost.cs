using Granary.Silo.Grpc;
using Granary.Silo.Rest;
using Granary.Silo.WebConsole;

namespace Granary.Silo.Hosting;

/// <summary>A Granary silo: Orleans, the model repository, gRPC, REST, metrics and the web console in one process.</summary>
public static class GranarySiloHost
{
    /// <param name="services">Last changes to the services before the host is built: tests put their doubles here.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddGranaryDefaults();
        builder.AddGranaryOrleans();
        builder.AddGranaryGrpc();
        builder.AddGranaryConsole();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGranaryGrpc();
        app.MapGranaryRest();
        app.MapGranaryConsole();
        app.MapGranaryDefaults();
        return app;
    }
}
