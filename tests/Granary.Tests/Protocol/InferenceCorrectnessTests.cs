using Granary.Models.Repository;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Protocol;

[Collection(SiloCollection.Name)]
public sealed class InferenceCorrectnessTests(SiloFixture silo)
{
    private ReferenceMlp Reference => new(ModelRepositoryLayout.ModelPath(silo.RepositoryRoot, "mlp-classifier", 1));

    [Fact]
    public async Task Mlp_probabilities_match_a_plain_loop_reference_within_1e_5_with_raw_inputs()
    {
        var input = Requests.RandomRows(new Random(11), rows: 3, columns: 64);
        var request = Requests.RawFp32("mlp-classifier", "input", input, 3, 64);
        request.Id = "call-42";

        var response = await silo.Inference.ModelInferAsync(request);

        Assert.Equal("call-42", response.Id);
        Assert.Equal("1", response.ModelVersion);
        Assert.Equal(new long[] { 3, 10 }, response.Outputs[0].Shape.ToArray());
        Assert.Null(response.Outputs[0].Contents);
        Assertions.Close(Reference.Probabilities(input, 3), Requests.RawOutputFp32(response), 1e-5, "raw MLP output");
    }

    [Fact]
    public async Task Typed_inputs_get_typed_outputs_with_the_same_probabilities()
    {
        var input = Requests.RandomRows(new Random(12), rows: 2, columns: 64);

        var response = await silo.Inference.ModelInferAsync(Requests.TypedFp32("mlp-classifier", "input", input, 2, 64));

        Assert.Empty(response.RawOutputContents);
        Assertions.Close(Reference.Probabilities(input, 2), response.Outputs[0].Contents.Fp32Contents.ToArray(), 1e-5, "typed MLP output");
    }

    [Fact]
    public async Task Requested_outputs_are_the_only_outputs_returned()
    {
        var request = new ModelInferRequest { ModelName = "echo" };
        EchoTensors.AddAll(request, rows: 1, raw: true);
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "out_int64" });

        var response = await silo.Inference.ModelInferAsync(request);

        Assert.Equal("out_int64", Assert.Single(response.Outputs).Name);
        Assert.Single(response.RawOutputContents);
    }
}
