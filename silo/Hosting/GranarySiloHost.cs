using Granary.Silo.Grpc;
using Granary.Silo.Rest;

namespace Granary.Silo.Hosting;

/// <summary>A Granary silo: Orleans, the model repository, gRPC, REST and metrics in one process.</summary>
public static class GranarySiloHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddGranaryDefaults();
        builder.AddGranaryOrleans();
        builder.AddGranaryGrpc();

        var app = builder.Build();
        app.MapGranaryGrpc();
        app.MapGranaryRest();
        app.MapGranaryDefaults();
        return app;
    }
}
