using System.Buffers.Binary;
using Google.Protobuf;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Protocol.Corpus;

/// <summary>
/// A malformed ModelInfer request, the status it must get and a fragment its message must hold.
/// <see cref="EmptyBatch"/> marks a request that may also succeed, with an empty answer.
/// </summary>
public sealed record GrpcBadInput(Func<ModelInferRequest> Build, StatusCode Expected, string Says, bool EmptyBatch = false);

/// <summary>The gRPC half of the bad-input corpus, generated per dimension of malformation.</summary>
public static class GrpcBadInputs
{
    private const string Mlp = "mlp-classifier";

    public static IReadOnlyDictionary<string, GrpcBadInput> All { get; } = Generate().ToDictionary(c => c.Name, c => c.Case);

    /// <summary>The cases small enough to repeat by the thousand.</summary>
    public static IEnumerable<string> Small => All.Keys.Where(name => !name.StartsWith("oversized", StringComparison.Ordinal));

    private static IEnumerable<(string Name, GrpcBadInput Case)> Generate()
    {
        foreach (var datatype in new[] { "FP99", "fp32", "Fp32", "", "FLOAT", "ＦＰ32" })
        {
            yield return ($"datatype_unknown_{Label(datatype)}", Invalid(() => Raw(datatype, new byte[256], 1, 64), $"unknown datatype '{datatype}'"));
        }

        foreach (var (datatype, size) in new[] { ("INT32", 4), ("FP64", 8), ("FP16", 2), ("UINT8", 1), ("BYTES", 0) })
        {
            yield return ($"datatype_wrong_for_model_{datatype}", Invalid(() => Raw(datatype, new byte[size * 64], 1, 64), "expects FP32"));
        }

        yield return ("datatype_fp16_typed", Invalid(() => Typed("FP16", c => c.Fp32Contents.Add(new float[64]), 1, 64), "no typed contents field"));

        foreach (var shape in new long[][] { [64], [1, 1, 64], [], [1, 63], [1, 65], [64, 1] })
        {
            yield return ($"shape_{Label(shape)}_disagrees_with_model", Invalid(() => Raw("FP32", new byte[256], shape), "expects [-1, 64]"));
        }

        foreach (var shape in new long[][] { [-1, 64], [1, -64], [long.MinValue, 64] })
        {
            yield return ($"shape_{Label(shape)}_negative", Invalid(() => Raw("FP32", new byte[256], shape), "negative dimension"));
        }

        yield return ("shape_2^62x4_overflows", Invalid(() => Raw("FP32", new byte[256], 1L << 62, 4), "expects [-1, 64]"));
        yield return ("shape_2^62x64_overflows_raw", Invalid(() => Raw("FP32", new byte[256], 1L << 62, 64), "does not fit in 64 bits"));
        yield return ("shape_2^62x64_overflows_typed", Invalid(() => Typed("FP32", c => c.Fp32Contents.Add(new float[64]), 1L << 62, 64), "does not fit in 64 bits"));
        yield return ("shape_max_rows_needs_more_than_2^63_bytes", Invalid(() => Raw("FP32", new byte[256], long.MaxValue / 64, 64), "needs more than 2^63"));
        yield return ("shape_2^40_rows_with_one_row_of_bytes", Invalid(() => Raw("FP32", new byte[256], 1L << 40, 64), "has 256 bytes"));
        yield return ("shape_zero_rows", new GrpcBadInput(() => Raw("FP32", [], 0, 64), StatusCode.InvalidArgument, "'input'", EmptyBatch: true));

        foreach (var bytes in new[] { 0, 1, 255, 257, 512, 4096 })
        {
            yield return ($"raw_{bytes}_bytes_for_256", Invalid(() => Raw("FP32", new byte[bytes], 1, 64), $"has {bytes} bytes"));
        }

        yield return ("raw_two_entries_for_one_input", Invalid(() => With(Raw("FP32", new byte[256], 1, 64), r => r.RawInputContents.Add(ByteString.CopyFrom(new byte[256]))), "raw_input_contents has 2 entries"));
        yield return ("raw_and_typed_contents_together", Invalid(() => With(Raw("FP32", new byte[256], 1, 64), r => r.Inputs[0].Contents = Contents(c => c.Fp32Contents.Add(new float[64]))), "use one"));
        yield return ("typed_63_values_for_64", Invalid(() => Typed("FP32", c => c.Fp32Contents.Add(new float[63]), 1, 64), "63 values"));
        yield return ("typed_values_in_the_wrong_field", Invalid(() => Typed("FP32", c => c.Int64Contents.Add(new long[64]), 1, 64), "0 values"));
        yield return ("typed_no_contents", Invalid(() => Typed("FP32", _ => { }, 1, 64), "0 values"));

        yield return ("input_given_twice", Invalid(() => With(Raw("FP32", new byte[256], 1, 64), r => AddRaw(r, "input", "FP32", new byte[256], 1, 64)), "more than once"));
        yield return ("input_missing", Invalid(() => new ModelInferRequest { ModelName = Mlp }, "'input' is missing"));
        yield return ("input_unknown_name", Invalid(() => With(new ModelInferRequest { ModelName = Mlp }, r => AddRaw(r, "inputs", "FP32", new byte[256], 1, 64)), "'inputs' is not an input"));
        yield return ("input_empty_name", Invalid(() => With(new ModelInferRequest { ModelName = Mlp }, r => AddRaw(r, "", "FP32", new byte[256], 1, 64)), "'' is not an input"));
        yield return ("input_extra_unknown", Invalid(() => With(Raw("FP32", new byte[256], 1, 64), r => AddRaw(r, "extra", "FP32", new byte[4], 1, 1)), "'extra' is not an input"));
        yield return ("output_unknown", Invalid(() => WithOutput("logits"), "output 'logits'"));
        yield return ("output_empty_name", Invalid(() => WithOutput(""), "output ''"));

        yield return ("model_unknown", new(() => Named("no-such-model"), StatusCode.NotFound, "'no-such-model'"));
        yield return ("model_empty_name", Invalid(() => Named(""), "model name is empty"));
        yield return ("model_name_of_10000_characters", new(() => Named(new string('m', 10_000)), StatusCode.NotFound, "not found"));
        yield return ("model_name_with_control_and_path_characters", new(() => Named("mlp-classifier/../\u0000\n"), StatusCode.NotFound, "not found"));
        foreach (var version in new[] { "9", "0", "-1", "abc", "1.0", " 1", "99999999999999999999", "1e3" })
        {
            yield return ($"version_{Label(version)}", new(() => With(Raw("FP32", new byte[256], 1, 64), r => r.ModelVersion = version), StatusCode.NotFound, "not found"));
        }

        yield return ("bytes_length_prefix_past_the_end", Invalid(() => Echo(Prefixed(255)), "runs past the end"));
        yield return ("bytes_length_prefix_of_uint_max", Invalid(() => Echo(Prefixed(uint.MaxValue)), "runs past the end"));
        yield return ("bytes_truncated_length_prefix", Invalid(() => Echo([1, 0]), "runs past the end"));
        yield return ("bytes_one_element_for_three", Invalid(() => Echo(Prefixed(0)), "holds 1 BYTES elements"));
        yield return ("bytes_typed_two_elements_for_three", Invalid(() => EchoTyped(2), "2 values"));

        var rows = SiloFixture.MaxMessageBytes / 256 + 16;
        yield return ("oversized_raw_message", new(() => Raw("FP32", new byte[rows * 256], rows, 64), StatusCode.ResourceExhausted, "exceeds"));
    }

    private static GrpcBadInput Invalid(Func<ModelInferRequest> build, string says) => new(build, StatusCode.InvalidArgument, says);

    private static ModelInferRequest Raw(string datatype, byte[] data, params long[] shape) =>
        With(new ModelInferRequest { ModelName = Mlp }, r => AddRaw(r, "input", datatype, data, shape));

    private static void AddRaw(ModelInferRequest request, string name, string datatype, byte[] data, params long[] shape)
    {
        request.Inputs.Add(Requests.Input(name, datatype, shape));
        request.RawInputContents.Add(ByteString.CopyFrom(data));
    }

    private static ModelInferRequest Typed(string datatype, Action<InferTensorContents> fill, params long[] shape)
    {
        var request = new ModelInferRequest { ModelName = Mlp };
        var input = Requests.Input("input", datatype, shape);
        input.Contents = Contents(fill);
        request.Inputs.Add(input);
        return request;
    }

    private static InferTensorContents Contents(Action<InferTensorContents> fill) => With(new InferTensorContents(), fill);

    private static ModelInferRequest Named(string model) => With(Raw("FP32", new byte[256], 1, 64), r => r.ModelName = model);

    private static ModelInferRequest WithOutput(string output) =>
        With(Raw("FP32", new byte[256], 1, 64), r => r.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = output }));

    /// <summary>The echo model's BYTES input alone, [1, 3]: the validator checks it before noticing the others are missing.</summary>
    private static ModelInferRequest Echo(byte[] raw) =>
        With(new ModelInferRequest { ModelName = "echo" }, r => AddRaw(r, "in_bytes", "BYTES", raw, 1, 3));

    private static ModelInferRequest EchoTyped(int elements)
    {
        var request = new ModelInferRequest { ModelName = "echo" };
        var input = Requests.Input("in_bytes", "BYTES", 1, 3);
        input.Contents = Contents(c => c.BytesContents.Add(Enumerable.Range(0, elements).Select(_ => ByteString.CopyFromUtf8("x"))));
        request.Inputs.Add(input);
        return request;
    }

    private static byte[] Prefixed(uint length)
    {
        var raw = new byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(raw, length);
        return length == 0 ? raw[..4] : raw;
    }

    private static T With<T>(T value, Action<T> change)
    {
        change(value);
        return value;
    }

    private static string Label(long[] shape) => "[" + string.Join("x", shape) + "]";

    internal static string Label(string text) =>
        text.Length == 0 ? "empty" : string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
}
