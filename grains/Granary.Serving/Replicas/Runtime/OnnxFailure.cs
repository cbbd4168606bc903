using Granary.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Granary.Replicas.Runtime;

/// <summary>
/// Tells an ONNX Runtime failure the input caused (an index outside a table, a value a kernel refuses:
/// ORT's INVALID_ARGUMENT) from a fault of the server (memory, the execution provider, the engine), which
/// stays a server error.
/// </summary>
internal static class OnnxFailure
{
    // The managed exception keeps ORT's status code only in its message, as "[ErrorCode:InvalidArgument] ...".
    public static bool IsCausedByInput(OnnxRuntimeException e) => e.Message.StartsWith("[ErrorCode:InvalidArgument]", StringComparison.Ordinal);

    public static Exception ForCaller(OnnxRuntimeException e, string model) =>
        IsCausedByInput(e)
            ? new InvalidInferenceRequestException($"model '{model}' rejected the request: {e.Message}", "")
            : new InvalidOperationException($"ONNX Runtime failed running model '{model}'", e);
}
