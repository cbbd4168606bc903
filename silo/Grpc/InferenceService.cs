using System.Globalization;
using Granary.FrontDoor;
using Granary.Models;
using Granary.Protocol.Inference;
using Granary.Silo.Serving;
using Grpc.Core;

namespace Granary.Silo.Grpc;

/// <summary>
/// The Open Inference Protocol (KServe v2) with Triton's statistics extension: translates wire messages to
/// front-door calls and the answers back. Every error is mapped by <see cref="DomainErrorInterceptor"/>.
/// </summary>
public sealed class InferenceService(GranaryFrontDoor door, ModelStatisticsReader statistics, ServerReadiness readiness)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = readiness.IsReady });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var server = ServerIdentity.Current;
        return Task.FromResult(new ServerMetadataResponse { Name = server.Name, Version = server.Version, Extensions = { server.Extensions } });
    }

    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        new() { Ready = await door.IsModelReadyAsync(GrpcCredentials.Of(context), request.Name, request.Version) };

    public override async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var (model, version) = await door.DescribeModelAsync(GrpcCredentials.Of(context), request.Name, request.Version);
        var response = new ModelMetadataResponse { Name = model.Name, Platform = ServerIdentity.Platform };
        response.Versions.Add(model.Versions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture)));
        if (version is not null)
        {
            response.Inputs.Add(version.Inputs.Select(Describe));
            response.Outputs.Add(version.Outputs.Select(Describe));
        }

        return response;
    }

    /// <summary>The response header naming the replica that ran the call (<c>model/version[/region]/index</c>).</summary>
    public const string ReplicaHeader = "granary-replica";

    /// <summary>
    /// Runs the call through the front door. The replica and rate-limit headers are set on the HTTP response rather than
    /// written ahead of the message, so they leave in the same flush as the answer, not in a frame and a write of their own.
    /// </summary>
    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var outcome = await door.InferAsync(GrpcCredentials.Of(context), InferenceMessages.ToCall(request, context), context.CancellationToken);
        var headers = context.GetHttpContext().Response.Headers;
        headers[ReplicaHeader] = outcome.Response.ReplicaId;
        foreach (var (name, value) in RateLimitHeaders.Of(outcome.RateLimits))
        {
            headers[name] = value;
        }

        return InferenceMessages.ToWire(request, outcome.Version.Version, outcome.Response);
    }

    public override Task<ModelStatisticsResponse> ModelStatistics(ModelStatisticsRequest request, ServerCallContext context)
    {
        var caller = GrpcCredentials.CallerOf(context);
        return statistics.ReadAsync(request.Name, request.Version, caller.CanSee);
    }

    private static ModelMetadataResponse.Types.TensorMetadata Describe(TensorSpec spec)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = spec.Datatype };
        tensor.Shape.Add(spec.Shape);
        return tensor;
    }
}
