using Google.Protobuf;
using Google.Rpc;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Protocol;

[Collection(SiloCollection.Name)]
public sealed class BadInputTests(SiloFixture silo)
{
    private static readonly float[] OneRow = new float[64];

    [Fact]
    public async Task Unknown_model_is_not_found()
    {
        var error = await Infer(Requests.RawFp32("no-such-model", "input", OneRow, 1, 64), StatusCode.NotFound);
        Assert.Contains("'no-such-model'", error.Status.Detail);
    }

    [Fact]
    public async Task Unknown_version_is_not_found()
    {
        var request = Requests.RawFp32("mlp-classifier", "input", OneRow, 1, 64);
        request.ModelVersion = "9";
        var error = await Infer(request, StatusCode.NotFound);
        Assert.Contains("version 9", error.Status.Detail);
    }

    [Fact]
    public async Task An_empty_model_name_is_invalid_not_internal()
    {
        var error = await Infer(Requests.RawFp32("", "input", OneRow, 1, 64), StatusCode.InvalidArgument);
        Assert.Contains("model name is empty", error.Status.Detail);
        Assert.Equal("model_name", BadRequestField(error));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_shape_whose_element_count_overflows_64_bits_is_invalid_not_internal(bool typed)
    {
        const long huge = 1L << 60;
        var request = typed
            ? Requests.TypedFp32("mlp-classifier", "input", OneRow, huge, 64)
            : Requests.RawFp32("mlp-classifier", "input", OneRow, huge, 64);
        var error = await Infer(request, StatusCode.InvalidArgument);
        Assert.Contains("does not fit in 64 bits", error.Status.Detail);
        Assert.Equal("input", BadRequestField(error));
    }

    [Fact]
    public async Task Wrong_datatype_is_invalid_and_names_the_input()
    {
        var request = new ModelInferRequest { ModelName = "mlp-classifier" };
        request.Inputs.Add(Requests.Input("input", "FP64", 1, 64));
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[64 * 8]));
        var error = await Infer(request, StatusCode.InvalidArgument);
        Assert.Contains("'input'", error.Status.Detail);
        Assert.Contains("FP32", error.Status.Detail);
        Assert.Equal("input", BadRequestField(error));
    }

    [Fact]
    public async Task Wrong_shape_is_invalid_and_names_the_input()
    {
        var error = await Infer(Requests.RawFp32("mlp-classifier", "input", new float[63], 1, 63), StatusCode.InvalidArgument);
        Assert.Contains("'input'", error.Status.Detail);
        Assert.Contains("[-1, 64]", error.Status.Detail);
    }

    [Fact]
    public async Task Byte_count_not_matching_the_shape_is_invalid_and_names_the_input()
    {
        var request = Requests.RawFp32("mlp-classifier", "input", new float[64], 2, 64);
        var error = await Infer(request, StatusCode.InvalidArgument);
        Assert.Contains("'input' has 256 bytes", error.Status.Detail);
        Assert.Contains("needs 512", error.Status.Detail);
    }

    [Fact]
    public async Task Missing_input_is_invalid_and_names_it()
    {
        var error = await Infer(new ModelInferRequest { ModelName = "mlp-classifier" }, StatusCode.InvalidArgument);
        Assert.Contains("'input' is missing", error.Status.Detail);
    }

    [Fact]
    public async Task Unknown_requested_output_is_invalid_and_names_it()
    {
        var request = Requests.RawFp32("mlp-classifier", "input", OneRow, 1, 64);
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "logits" });
        var error = await Infer(request, StatusCode.InvalidArgument);
        Assert.Contains("output 'logits'", error.Status.Detail);
    }

    [Fact]
    public async Task Malformed_bytes_element_is_invalid()
    {
        var request = new ModelInferRequest { ModelName = "echo" };
        EchoTensors.AddAll(request, rows: 1, raw: true);
        var index = request.Inputs.IndexOf(request.Inputs.Single(i => i.Name == "in_bytes"));
        request.RawInputContents[index] = ByteString.CopyFrom(255, 0, 0, 0, 1);
        var error = await Infer(request, StatusCode.InvalidArgument);
        Assert.Contains("in_bytes", error.Status.Detail);
    }

    [Fact]
    public async Task Message_over_the_size_limit_is_resource_exhausted_and_the_silo_keeps_serving()
    {
        var rows = SiloFixture.MaxMessageBytes / (64 * 4) + 16;
        await Infer(Requests.RawFp32("mlp-classifier", "input", new float[rows * 64], rows, 64), StatusCode.ResourceExhausted);

        var response = await silo.Inference.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", OneRow, 1, 64));
        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape.ToArray());
    }

    [Fact]
    public async Task Out_of_vocabulary_id_fails_only_its_own_request()
    {
        var bad = new ModelInferRequest { ModelName = "text-embedder" };
        bad.Inputs.Add(Requests.Input("ids", "INT64", 1, 2));
        bad.RawInputContents.Add(ByteString.CopyFrom(BitConverter.GetBytes(5L).Concat(BitConverter.GetBytes(1_000_000L)).ToArray()));

        var error = await Infer(bad, StatusCode.InvalidArgument);

        Assert.Contains("text-embedder", error.Status.Detail);
        var good = new ModelInferRequest { ModelName = "text-embedder" };
        good.Inputs.Add(Requests.Input("ids", "INT64", 1, 2));
        good.RawInputContents.Add(ByteString.CopyFrom(BitConverter.GetBytes(5L).Concat(BitConverter.GetBytes(6L)).ToArray()));
        Assert.Equal(new long[] { 1, 128 }, (await silo.Inference.ModelInferAsync(good)).Outputs[0].Shape.ToArray());
    }

    private async Task<RpcException> Infer(ModelInferRequest request, StatusCode code) =>
        await Assertions.FailsWith(code, () => silo.Inference.ModelInferAsync(request).ResponseAsync);

    private static string? BadRequestField(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.FirstOrDefault()?.Field;
}
