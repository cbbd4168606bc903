namespace Granary.Inference;

/// <summary>
/// The Open Inference Protocol datatypes and their ONNX element types (TensorProto.DataType values, which
/// ONNX Runtime's TensorElementType shares).
/// </summary>
public static class Datatype
{
    public const string Bytes = "BYTES";

    private static readonly (string Name, int OnnxType, int ElementSize)[] Known =
    [
        ("BOOL", 9, 1), ("UINT8", 2, 1), ("UINT16", 4, 2), ("UINT32", 12, 4), ("UINT64", 13, 8),
        ("INT8", 3, 1), ("INT16", 5, 2), ("INT32", 6, 4), ("INT64", 7, 8),
        ("FP16", 10, 2), ("FP32", 1, 4), ("FP64", 11, 8), ("BF16", 16, 2), (Bytes, 8, 0),
    ];

    public static bool IsKnown(string name) => Array.Exists(Known, k => k.Name == name);

    /// <summary>Bytes per element, or 0 for BYTES whose elements are length-prefixed.</summary>
    public static int ElementSize(string name) => Find(name).ElementSize;

    public static int OnnxType(string name) => Find(name).OnnxType;

    public static string FromOnnxType(int onnxType)
    {
        foreach (var known in Known)
        {
            if (known.OnnxType == onnxType)
            {
                return known.Name;
            }
        }

        throw new NotSupportedException($"ONNX element type {onnxType} has no Open Inference Protocol datatype.");
    }

    private static (string Name, int OnnxType, int ElementSize) Find(string name)
    {
        foreach (var known in Known)
        {
            if (known.Name == name)
            {
                return known;
            }
        }

        throw new ArgumentException($"'{name}' is not an Open Inference Protocol datatype.", nameof(name));
    }
}
