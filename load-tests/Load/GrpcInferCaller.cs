using Grpc.Core;

namespace Granary.LoadTests.Load;

/// <summary>gRPC ModelInfer over a <see cref="ChannelPool"/>; a failed call counts as its status code.</summary>
public sealed class GrpcInferCaller(ChannelPool channels, InferRequestSet requests) : InferCaller
{
    public override int Rows => requests.Rows;

    public override async Task<string?> CallAsync(long sequence, int? caller, CancellationToken cancellationToken)
    {
        var client = caller is { } c ? channels.ForCaller(c) : channels.ForRequest(sequence);
        try
        {
            var response = await client.ModelInferAsync(requests[sequence], channels.Headers, cancellationToken: cancellationToken);
            return requests.IsComplete(response) ? null : IncompleteResponse;
        }
        catch (RpcException e)
        {
            return e.StatusCode.ToString();
        }
    }
}
