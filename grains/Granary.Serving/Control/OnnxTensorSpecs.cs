using Granary.Inference;
using Granary.Models;
using Granary.Models.Onnx;

namespace Granary.Control;

/// <summary>An ONNX file's declared input or output as the protocol names it.</summary>
public static class OnnxTensorSpecs
{
    public static TensorSpec Of(OnnxTensorSignature signature) =>
        new(signature.Name, Datatype.FromOnnxType((int)signature.ElementType), signature.Shape);
}
