using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Protocol;

[Collection(SiloCollection.Name)]
public sealed class ServerAndModelMetadataTests(SiloFixture silo)
{
    [Fact]
    public async Task Server_is_live_ready_and_names_itself()
    {
        Assert.True((await silo.Inference.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await silo.Inference.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var metadata = await silo.Inference.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("granary", metadata.Name);
        Assert.Contains("statistics", metadata.Extensions);
    }

    [Fact]
    public async Task Model_metadata_comes_from_the_onnx_file_with_dynamic_dimensions_as_minus_one()
    {
        var metadata = await silo.Inference.ModelMetadataAsync(new ModelMetadataRequest { Name = "mlp-classifier" });

        Assert.Equal("mlp-classifier", metadata.Name);
        Assert.Equal(["1"], metadata.Versions);
        var input = Assert.Single(metadata.Inputs);
        Assert.Equal("input FP32 [-1, 64]", Describe(input));
        Assert.Equal("probabilities FP32 [-1, 10]", Describe(Assert.Single(metadata.Outputs)));
    }

    [Fact]
    public async Task Embedder_declares_an_int64_input_dynamic_in_both_dimensions()
    {
        var metadata = await silo.Inference.ModelMetadataAsync(new ModelMetadataRequest { Name = "text-embedder" });

        Assert.Equal("ids INT64 [-1, -1]", Describe(metadata.Inputs[0]));
        Assert.Equal("embedding FP32 [-1, 128]", Describe(metadata.Outputs[0]));
    }

    [Fact]
    public async Task Model_ready_is_true_for_a_loaded_model_and_its_newest_version()
    {
        Assert.True((await silo.Inference.ModelReadyAsync(new ModelReadyRequest { Name = "mlp-classifier" })).Ready);
        Assert.True((await silo.Inference.ModelReadyAsync(new ModelReadyRequest { Name = "mlp-classifier", Version = "1" })).Ready);
    }

    [Fact]
    public async Task Unknown_model_or_version_is_not_found()
    {
        var model = await Assertions.FailsWith(StatusCode.NotFound, () => silo.Inference.ModelMetadataAsync(new ModelMetadataRequest { Name = "no-such-model" }).ResponseAsync);
        Assert.Contains("no-such-model", model.Status.Detail);
        var version = await Assertions.FailsWith(StatusCode.NotFound, () => silo.Inference.ModelReadyAsync(new ModelReadyRequest { Name = "mlp-classifier", Version = "7" }).ResponseAsync);
        Assert.Contains("version 7", version.Status.Detail);
    }

    private static string Describe(ModelMetadataResponse.Types.TensorMetadata tensor) =>
        $"{tensor.Name} {tensor.Datatype} [{string.Join(", ", tensor.Shape)}]";
}
