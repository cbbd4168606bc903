using Granary.Protocol.Inference;
using Granary.Silo.Hosting;
using Grpc.Net.Client;

namespace Granary.Tests.Infrastructure;

/// <summary>
/// One run of an embedded silo on a test's directory (<c>models</c> and <c>.state</c> under it): started, used over a
/// gRPC channel once ready, then stopped. Two runs on one directory are a restart.
/// </summary>
public static class SiloRun
{
    /// <summary>One run on a directory of its own, removed afterwards.</summary>
    public static async Task OnceAsync(string adminKey, IEnumerable<string> arguments, Func<GrpcChannel, Task> use)
    {
        var root = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await WithAsync(root, adminKey, arguments, use);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public static async Task WithAsync(string root, string adminKey, IEnumerable<string> arguments, Func<GrpcChannel, Task> use)
    {
        var (grpcPort, httpPort) = (FreePorts.Next(), FreePorts.Next());
        await using var app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(grpcPort, httpPort, Path.Combine(root, "models"), Path.Combine(root, ".state"), adminKey),
            .. arguments,
        ]);
        await app.StartAsync();
        try
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            var inference = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
            await Eventually.TrueAsync(async () => (await inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the silo to be ready");
            await use(channel);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
