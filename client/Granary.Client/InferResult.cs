using Granary.Protocol;
using Granary.Inference;
using Granary.Protocol.Inference;

namespace Granary.Client;

/// <summary>The answer to an inference: which model version served it and its outputs by name, with typed accessors.</summary>
public sealed class InferResult
{
    private readonly Dictionary<string, InferOutput> _byName;

    private InferResult(string modelName, string modelVersion, string id, IReadOnlyList<InferOutput> outputs)
    {
        ModelName = modelName;
        ModelVersion = modelVersion;
        Id = id;
        Outputs = outputs;
        _byName = outputs.ToDictionary(o => o.Name, StringComparer.Ordinal);
    }

    public string ModelName { get; }

    public string ModelVersion { get; }

    /// <summary>The request id the server echoed; empty when none was sent.</summary>
    public string Id { get; }

    /// <summary>The outputs in the order the server sent them.</summary>
    public IReadOnlyList<InferOutput> Outputs { get; }

    public InferOutput Output(string name) =>
        _byName.TryGetValue(name, out var output)
            ? output
            : throw new KeyNotFoundException($"The response has no output '{name}'; it has {string.Join(", ", _byName.Keys.Select(k => $"'{k}'"))}.");

    public string Datatype(string name) => Output(name).Datatype;

    public IReadOnlyList<long> Shape(string name) => Output(name).Shape;

    public bool[] AsBool(string name) => RawTensorEncoding.DecodeBool(Expect(name, Inference.Datatype.Bool).Data.Span);

    public byte[] AsUInt8(string name) => Expect(name, Inference.Datatype.UInt8).Data.ToArray();

    public ushort[] AsUInt16(string name) => Decode<ushort>(name, Inference.Datatype.UInt16);

    public uint[] AsUInt32(string name) => Decode<uint>(name, Inference.Datatype.UInt32);

    public ulong[] AsUInt64(string name) => Decode<ulong>(name, Inference.Datatype.UInt64);

    public sbyte[] AsInt8(string name) => Decode<sbyte>(name, Inference.Datatype.Int8);

    public short[] AsInt16(string name) => Decode<short>(name, Inference.Datatype.Int16);

    public int[] AsInt32(string name) => Decode<int>(name, Inference.Datatype.Int32);

    public long[] AsInt64(string name) => Decode<long>(name, Inference.Datatype.Int64);

    public Half[] AsFp16(string name) => Decode<Half>(name, Inference.Datatype.Fp16);

    public float[] AsFp32(string name) => Decode<float>(name, Inference.Datatype.Fp32);

    public double[] AsFp64(string name) => Decode<double>(name, Inference.Datatype.Fp64);

    public byte[][] AsBytes(string name) => RawTensorEncoding.DecodeBytes(name, Expect(name, Inference.Datatype.Bytes).Data.Span);

    internal static InferResult FromResponse(ModelInferResponse response)
    {
        var raw = response.RawOutputContents;
        if (raw.Count > 0 && raw.Count != response.Outputs.Count)
        {
            throw new InvalidDataException($"The response has {raw.Count} raw_output_contents entries for {response.Outputs.Count} outputs.");
        }

        var outputs = new InferOutput[response.Outputs.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            var tensor = response.Outputs[i];
            var data = raw.Count > 0
                ? raw[i].Memory
                : TypedContents.ToRaw(tensor.Name, tensor.Datatype, tensor.Contents ?? new InferTensorContents());
            outputs[i] = new InferOutput(tensor.Name, tensor.Datatype, tensor.Shape.ToArray(), data);
        }

        return new InferResult(response.ModelName, response.ModelVersion, response.Id, outputs);
    }

    private T[] Decode<T>(string name, string datatype) where T : unmanaged =>
        RawTensorEncoding.Decode<T>(name, Expect(name, datatype).Data.Span);

    private InferOutput Expect(string name, string datatype)
    {
        var output = Output(name);
        return output.Datatype == datatype
            ? output
            : throw new InvalidOperationException($"Output '{name}' is {output.Datatype}, not {datatype}; use the accessor for {output.Datatype}.");
    }
}
