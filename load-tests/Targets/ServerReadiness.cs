using Grpc.Core;
using Grpc.Net.Client;
using Granary.LoadTests.Load;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Targets;

public static class ServerReadiness
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Waits until the server is ready and so is the model, as the Open Inference Protocol defines readiness.
    /// Fails at once if the process exits, with the end of its log, and after the timeout otherwise. ServerReady is
    /// open to all, but ModelReady, on a silo with auth on, needs a key: <paramref name="apiKey"/>, when given.
    /// </summary>
    public static async Task WaitAsync(
        ChildProcess process, Uri address, string model, string version, string? apiKey, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var headers = ApiKeyHeaders.For(apiKey);
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(timeout);
        var lastProblem = "no answer yet";
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"{process.Name} exited before it was ready; log {process.LogPath}:{Environment.NewLine}{process.LogTail(30)}");
                }

                var problem = await ProbeAsync(client, headers, model, version, overall.Token);
                if (problem is null)
                {
                    return;
                }

                lastProblem = problem;
                await Task.Delay(ProbeInterval, overall.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{process.Name} was not ready within {timeout.TotalSeconds:F0} s ({lastProblem}); log {process.LogPath}:{Environment.NewLine}{process.LogTail(30)}");
        }
    }

    /// <summary>Null when server and model are ready, otherwise what is not.</summary>
    private static async Task<string?> ProbeAsync(
        GRPCInferenceService.GRPCInferenceServiceClient client, Metadata? headers, string model, string version, CancellationToken cancellationToken)
    {
        try
        {
            var server = await client.ServerReadyAsync(new ServerReadyRequest(), deadline: DateTime.UtcNow + ProbeTimeout, cancellationToken: cancellationToken);
            if (!server.Ready)
            {
                return "server not ready";
            }

            var modelReady = await client.ModelReadyAsync(
                new ModelReadyRequest { Name = model, Version = version }, headers, deadline: DateTime.UtcNow + ProbeTimeout, cancellationToken: cancellationToken);
            return modelReady.Ready ? null : $"model '{model}' not ready";
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{e.StatusCode}: {e.Status.Detail}";
        }
    }
}
