using System.Buffers.Binary;
using Google.Protobuf;
using Granary.LoadTests.Targets;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Load;

/// <summary>
/// Requests of random FP32 rows drawn from a fixed seed, built once: every run sends the same bytes, and the hot
/// loop builds nothing. Serializing a message only reads it, so callers share them.
/// </summary>
public sealed class InferRequestSet
{
    private const int Variants = 16;

    private readonly ModelInferRequest[] _requests;

    public InferRequestSet(ModelShape shape, string model, string version, int rows, int seed)
    {
        Rows = rows;
        ExpectedOutputBytes = shape.OutputBytes(rows);
        ExpectedOutputValues = rows * shape.Outputs;
        var random = new Random(seed);
        _requests = new ModelInferRequest[Variants];
        for (var i = 0; i < Variants; i++)
        {
            _requests[i] = new ModelInferRequest
            {
                ModelName = model,
                ModelVersion = version,
                Inputs =
                {
                    new ModelInferRequest.Types.InferInputTensor { Name = shape.InputName, Datatype = ModelShape.Fp32, Shape = { rows, shape.Inputs } },
                },
                Outputs = { new ModelInferRequest.Types.InferRequestedOutputTensor { Name = shape.OutputName } },
                RawInputContents = { RandomRows(random, shape.InputBytes(rows)) },
            };
        }
    }

    public int Rows { get; }

    /// <summary>How many distinct requests the set goes round.</summary>
    public int Count => _requests.Length;

    public int ExpectedOutputBytes { get; }

    public int ExpectedOutputValues { get; }

    public ModelInferRequest this[long sequence] => _requests[sequence % Variants];

    /// <summary>True when the answer carries the whole output, as raw bytes or as typed contents.</summary>
    public bool IsComplete(ModelInferResponse response) =>
        response.RawOutputContents.Count > 0
            ? response.RawOutputContents[0].Length == ExpectedOutputBytes
            : response.Outputs.Count > 0 && response.Outputs[0].Contents?.Fp32Contents.Count == ExpectedOutputValues;

    private static ByteString RandomRows(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        for (var offset = 0; offset < bytes; offset += sizeof(float))
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(offset), random.NextSingle() * 2f - 1f);
        }

        return ByteString.CopyFrom(buffer);
    }
}
