using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Protocol;

[Collection(SiloCollection.Name)]
public sealed class EchoDatatypeRoundTripTests(SiloFixture silo)
{
    [Theory]
    [InlineData("echo")]
    [InlineData("echo-fp16")]
    public async Task Every_datatype_round_trips_in_raw_form(string model)
    {
        var request = new ModelInferRequest { ModelName = model };
        EchoTensors.AddAll(request, rows: 2, raw: true);

        var response = await silo.Inference.ModelInferAsync(request);

        Assert.Equal(request.Inputs.Count, response.RawOutputContents.Count);
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            var output = response.Outputs[i];
            var suffix = output.Name["out_".Length..];
            Assert.Equal(EchoTensors.Datatypes[suffix], output.Datatype);
            Assert.Equal(new long[] { 2, 3 }, output.Shape.ToArray());
            Assert.True(EchoTensors.RawValues(suffix, 6).SequenceEqual(response.RawOutputContents[i].ToByteArray()), $"{output.Name} came back changed");
        }
    }

    [Fact]
    public async Task Every_datatype_with_a_typed_field_round_trips_in_typed_form()
    {
        var request = new ModelInferRequest { ModelName = "echo" };
        EchoTensors.AddAll(request, rows: 2, raw: false);
        var expected = new ModelInferRequest { ModelName = "echo" };
        EchoTensors.AddAll(expected, rows: 2, raw: false);

        var response = await silo.Inference.ModelInferAsync(request);

        Assert.Empty(response.RawOutputContents);
        foreach (var output in response.Outputs)
        {
            var sent = expected.Inputs.Single(i => i.Name == "in_" + output.Name["out_".Length..]);
            Assert.Equal(sent.Datatype, output.Datatype);
            Assert.Equal(sent.Shape, output.Shape);
            Assert.Equal(sent.Contents, output.Contents);
        }
    }

    [Fact]
    public async Task Fp16_sent_typed_is_rejected_with_a_pointer_to_raw_contents()
    {
        var request = new ModelInferRequest { ModelName = "echo-fp16" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor
        {
            Name = "in_fp16", Datatype = "FP16", Shape = { 1, 3 }, Contents = new InferTensorContents { Fp32Contents = { 1, 2, 3 } },
        });

        var error = await Assertions.FailsWith(StatusCode.InvalidArgument, () => silo.Inference.ModelInferAsync(request).ResponseAsync);

        Assert.Contains("in_fp16", error.Status.Detail);
        Assert.Contains("raw_input_contents", error.Status.Detail);
    }
}
