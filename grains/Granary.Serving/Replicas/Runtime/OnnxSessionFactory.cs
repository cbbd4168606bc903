using Granary.Logging;
using Granary.Devices;
using Granary.Models;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Granary.Replicas.Runtime;

/// <summary>
/// Creates ONNX Runtime sessions and picks the execution provider at run time: CUDA on a GPU device when
/// the GPU build of ONNX Runtime is present and CUDA works, otherwise the CPU provider. Never fails for lack
/// of a GPU, and always reports the provider the session actually runs on.
/// </summary>
public sealed partial class OnnxSessionFactory
{
    public const string CpuProvider = "CPUExecutionProvider";
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly ILogger<OnnxSessionFactory> _logger;
    private readonly Lazy<IReadOnlySet<string>> _available;

    public OnnxSessionFactory(ILogger<OnnxSessionFactory> logger)
        : this(logger, () => OrtEnv.Instance().GetAvailableProviders().ToHashSet(StringComparer.Ordinal))
    {
    }

    /// <summary>For tests: the providers this ONNX Runtime build claims, in place of asking it.</summary>
    internal OnnxSessionFactory(ILogger<OnnxSessionFactory> logger, Func<IReadOnlySet<string>> availableProviders)
    {
        _logger = logger;
        _available = new(availableProviders);
    }

    /// <summary>Loads a session; blocking, so callers run it off the Orleans scheduler.</summary>
    public (InferenceSession Session, string Provider) Create(string modelPath, DeploymentSpec deployment, DeviceDescriptor device)
    {
        if (device.Kind == DeviceKind.Gpu)
        {
            if (_available.Value.Contains(CudaProvider))
            {
                try
                {
                    return Create(modelPath, deployment, CudaProvider, options => AppendCuda(options, device, deployment.MemoryBytes));
                }
                catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
                {
                    // The CUDA build is here but CUDA itself is not usable (no driver, no cuDNN, no device):
                    // the replica still serves, on CPU, rather than failing its load.
                    LogCudaFallback(_logger, e, modelPath, device.Name, device.Index);
                }
            }
            else
            {
                LogNoCuda(_logger, modelPath, device.Name, device.Source);
            }
        }

        return Create(modelPath, deployment, CpuProvider, _ => { });
    }

    private (InferenceSession Session, string Provider) Create(string modelPath, DeploymentSpec deployment, string provider, Action<SessionOptions> appendProvider)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = deployment.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        // Spinning intra-op threads would steal the cores that gRPC and the other instances share.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        appendProvider(options);
        var session = new InferenceSession(modelPath, options);
        LogSessionCreated(_logger, modelPath, provider, deployment.IntraOpThreads);
        return (session, provider);
    }

    private static void AppendCuda(SessionOptions options, DeviceDescriptor device, long reservationBytes)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(CudaProviderSettings.For(device, reservationBytes).ToDictionary(StringComparer.Ordinal));
        options.AppendExecutionProvider_CUDA(cuda);
    }

    [LoggerMessage(LogEvents.SessionLoaded, LogLevel.Information, "Loaded {ModelPath} on {Provider} with {IntraOpThreads} intra-op thread(s)")]
    private static partial void LogSessionCreated(ILogger logger, string modelPath, string provider, int intraOpThreads);

    [LoggerMessage(LogEvents.GpuWithoutCuda, LogLevel.Warning, "{ModelPath} is placed on GPU {Device} ({Source}), but this build of ONNX Runtime has no CUDA execution provider; running on CPU")]
    private static partial void LogNoCuda(ILogger logger, string modelPath, string device, string source);

    [LoggerMessage(LogEvents.CudaFallback, LogLevel.Warning, "{ModelPath} is placed on GPU {Device} (index {Index}), but the CUDA execution provider could not be created; running on CPU")]
    private static partial void LogCudaFallback(ILogger logger, Exception exception, string modelPath, string device, int index);
}
