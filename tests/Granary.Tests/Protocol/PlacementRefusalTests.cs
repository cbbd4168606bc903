using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Protocol;

[Collection(SiloCollection.Name)]
public sealed class PlacementRefusalTests(SiloFixture silo)
{
    [Fact]
    public async Task A_gpu_model_on_a_cluster_without_a_gpu_is_refused_with_failed_precondition_naming_its_need()
    {
        var error = await Assertions.FailsWith(StatusCode.FailedPrecondition, () =>
            silo.Inference.ModelInferAsync(Requests.RawFp32(TestModels.GpuOnly, "input", new float[64], 1, 64)).ResponseAsync);

        Assert.Contains("no GPU silo with 6.0 GiB free for model 'gpu-only'", error.Status.Detail);
        Assert.False((await silo.Inference.ModelReadyAsync(new ModelReadyRequest { Name = TestModels.GpuOnly })).Ready);
    }
}
