using Granary.Logging;
using Granary.Devices;
using Granary.Models;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Granary.Replicas.Runtime;

/// <summary>
/// Creates ONNX Runtime sessions and picks the execution provider at run time: CUDA on a GPU device when
/// the GPU build of ONNX Runtime is present, otherwise the CPU provider. Never fails for lack of a GPU.
/// </summary>
public sealed partial class OnnxSessionFactory(ILogger<OnnxSessionFactory> logger)
{
    public const string CpuProvider = "CPUExecutionProvider";
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly Lazy<HashSet<string>> _available = new(() => OrtEnv.Instance().GetAvailableProviders().ToHashSet(StringComparer.Ordinal));

    /// <summary>Loads a session; blocking, so callers run it off the Orleans scheduler.</summary>
    public (InferenceSession Session, string Provider) Create(string modelPath, DeploymentSpec deployment, DeviceDescriptor device)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = deployment.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        // Spinning intra-op threads would steal the cores that gRPC and the other instances share.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var provider = CpuProvider;
        if (device is { Kind: DeviceKind.Gpu, Source: "nvml" } && _available.Value.Contains(CudaProvider))
        {
            options.AppendExecutionProvider_CUDA(device.Index);
            provider = CudaProvider;
        }
        else if (device.Kind == DeviceKind.Gpu)
        {
            LogNoCuda(logger, modelPath, device.Name, device.Source);
        }

        try
        {
            var session = new InferenceSession(modelPath, options);
            LogSessionCreated(logger, modelPath, provider, deployment.IntraOpThreads);
            return (session, provider);
        }
        finally
        {
            options.Dispose();
        }
    }

    [LoggerMessage(LogEvents.SessionLoaded, LogLevel.Information, "Loaded {ModelPath} on {Provider} with {IntraOpThreads} intra-op thread(s)")]
    private static partial void LogSessionCreated(ILogger logger, string modelPath, string provider, int intraOpThreads);

    [LoggerMessage(LogEvents.GpuWithoutCuda, LogLevel.Warning, "{ModelPath} is placed on GPU {Device} ({Source}), but there is no NVML device with the CUDA build of ONNX Runtime here; running on CPU")]
    private static partial void LogNoCuda(ILogger logger, string modelPath, string device, string source);
}
