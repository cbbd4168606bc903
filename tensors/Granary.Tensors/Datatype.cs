namespace Granary.Inference;

/// <summary>
/// The Open Inference Protocol datatypes and their ONNX element types (TensorProto.DataType values, which
/// ONNX Runtime's TensorElementType shares).
/// </summary>
public static class Datatype
{
    public const string Bool = "BOOL";
    public const string UInt8 = "UINT8";
    public const string UInt16 = "UINT16";
    public const string UInt32 = "UINT32";
    public const string UInt64 = "UINT64";
    public const string Int8 = "INT8";
    public const string Int16 = "INT16";
    public const string Int32 = "INT32";
    public const string Int64 = "INT64";
    public const string Fp16 = "FP16";
    public const string Fp32 = "FP32";
    public const string Fp64 = "FP64";
    public const string Bf16 = "BF16";
    public const string Bytes = "BYTES";

    private static readonly (string Name, int OnnxType, int ElementSize)[] Known =
    [
        (Bool, 9, 1), (UInt8, 2, 1), (UInt16, 4, 2), (UInt32, 12, 4), (UInt64, 13, 8),
        (Int8, 3, 1), (Int16, 5, 2), (Int32, 6, 4), (Int64, 7, 8),
        (Fp16, 10, 2), (Fp32, 1, 4), (Fp64, 11, 8), (Bf16, 16, 2), (Bytes, 8, 0),
    ];

    /// <summary>FP16 and BF16 have no typed field in gRPC and no JSON form: they travel raw (or binary) only.</summary>
    public static bool HasTypedForm(string name) => name is not (Fp16 or Bf16);

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
