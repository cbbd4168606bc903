using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Granary.LoadTests.Transport;

/// <summary>
/// Kestrel and Grpc.AspNetCore, h2c on loopback, with the HTTP/2 limits the silo sets: the host that every server the
/// benchmark compares Granary against runs in, so that the only difference left is what runs behind the handler.
/// </summary>
public static class LoopbackGrpcServer
{
    public static async Task RunAsync<TService>(int port, Action<IServiceCollection> addServices, CancellationToken cancellationToken)
        where TService : class
    {
        var builder = WebApplication.CreateBuilder();

        // Per-request logging would make the server look slower than the stack is.
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 2 * 1024 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1024;
        });
        builder.Services.AddGrpc();
        addServices(builder.Services);

        await using var app = builder.Build();
        app.MapGrpcService<TService>();
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
