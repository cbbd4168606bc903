using Granary.Control;
using Granary.Models;
using Granary.Models.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Granary.Library;

/// <summary>
/// Whether an uploaded file is a model the cluster can serve: ONNX Runtime must load it, and its signature must
/// be tensors of datatypes the protocol carries. Runs on a thread-pool thread, never on a grain's scheduler.
/// </summary>
public static class OnnxModelValidator
{
    public static Task<(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)> ValidateAsync(string path) => Task.Run(() => Validate(path));

    private static (IReadOnlyList<TensorSpec>, IReadOnlyList<TensorSpec>) Validate(string path)
    {
        try
        {
            using (var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 })
            using (new InferenceSession(path, options))
            {
            }

            var signature = OnnxSignature.Read(path);
            if (signature.Inputs.Count == 0 || signature.Outputs.Count == 0)
            {
                throw new InvalidDataException("the graph declares no inputs or no outputs");
            }

            return (signature.Inputs.Select(OnnxTensorSpecs.Of).ToArray(), signature.Outputs.Select(OnnxTensorSpecs.Of).ToArray());
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException or NotSupportedException or Google.Protobuf.InvalidProtocolBufferException)
        {
            throw new InvalidModelUploadException($"the file is not a servable ONNX model: {e.Message}", "file");
        }
    }
}
