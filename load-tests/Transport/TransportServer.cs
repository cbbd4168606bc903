using System.Net;
using Granary.LoadTests.Targets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Granary.LoadTests.Transport;

/// <summary>The bare server: Kestrel and Grpc.AspNetCore, h2c on loopback, as the silo hosts them, serving zeros.</summary>
public static class TransportServer
{
    public static async Task RunAsync(int port, ModelShape shape, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder();

        // Per-request logging would make the transport look slower than the stack is.
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);

            // The HTTP/2 limits the silo sets, so that the only difference left is what runs behind the handler.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 2 * 1024 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1024;
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new ZeroOutputs(shape));

        await using var app = builder.Build();
        app.MapGrpcService<TransportInferenceService>();
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
