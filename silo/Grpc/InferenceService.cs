using Granary.Models;
using Granary.Protocol.Inference;
using Granary.Routing;
using Granary.Silo.Serving;
using Grpc.Core;

namespace Granary.Silo.Grpc;

/// <summary>
/// The Open Inference Protocol (KServe v2) with Triton's statistics extension: a thin adapter from
/// wire messages to the router and the model grains.
/// </summary>
public sealed class InferenceService(ModelRouter router, ModelStatisticsReader statistics, ServerReadiness readiness)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    public const string ServerName = "granary";

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = readiness.IsReady });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse
        {
            Name = ServerName,
            Version = typeof(InferenceService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Extensions = { "statistics" },
        });

    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        try
        {
            // A version scaled to zero is ready: its next call starts a replica. Asking must not start one.
            await router.ResolveAsync(request.Name, request.Version, coldStart: false);
            return new ModelReadyResponse { Ready = true };
        }
        catch (Exception e) when (e is Granary.Inference.ModelUnavailableException or Granary.Devices.NoDeviceFitsException)
        {
            return new ModelReadyResponse { Ready = false };
        }
    }

    public override async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var model = await router.GetModelAsync(request.Name);
        var version = request.Version.Length == 0
            ? model.Resolve(0) ?? model.Versions.LastOrDefault()
            : (await router.ResolveAsync(request.Name, request.Version)).Version;
        var response = new ModelMetadataResponse { Name = model.Name, Platform = "onnxruntime_onnx" };
        response.Versions.Add(model.Versions.Select(v => v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (version is not null)
        {
            response.Inputs.Add(version.Inputs.Select(Describe));
            response.Outputs.Add(version.Outputs.Select(Describe));
        }

        return response;
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var (model, version) = await router.ResolveAsync(request.ModelName, request.ModelVersion);
        var domain = InferenceMessages.ToDomain(request, version.Version, context.Deadline);
        var validated = InferenceRequestValidator.Validate(domain, version, model.Deployment);
        var response = await router.InferAsync(validated, version, context.CancellationToken);
        return InferenceMessages.ToWire(request, version.Version, response);
    }

    public override Task<ModelStatisticsResponse> ModelStatistics(ModelStatisticsRequest request, ServerCallContext context)
    {
        var caller = TenantInterceptor.CallerOf(context);
        return statistics.ReadAsync(request.Name, request.Version, model => caller.IsAdmin || model.IsVisibleTo(caller.TenantId));
    }

    private static ModelMetadataResponse.Types.TensorMetadata Describe(TensorSpec spec)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = spec.Datatype };
        tensor.Shape.Add(spec.Shape);
        return tensor;
    }
}
