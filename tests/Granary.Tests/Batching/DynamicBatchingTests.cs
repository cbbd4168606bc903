using System.Runtime.InteropServices;
using Google.Protobuf;
using Granary.Models.Onnx;
using Granary.Models.Repository;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Batching;

[Collection(SiloCollection.Name)]
public sealed class DynamicBatchingTests(SiloFixture silo)
{
    [Fact]
    public async Task Concurrent_callers_each_get_the_outputs_of_their_own_rows()
    {
        var reference = new ReferenceMlp(ModelRepositoryLayout.ModelPath(silo.RepositoryRoot, TestModels.BatchedMlp, 1));
        var before = await Statistics.ReadAsync(silo, TestModels.BatchedMlp);
        const int callers = 48;

        var calls = Enumerable.Range(0, callers).Select(async caller =>
        {
            var rows = 1 + caller % 3;
            var input = Requests.RandomRows(new Random(1000 + caller), rows, 64);
            var response = await silo.Inference.ModelInferAsync(Requests.RawFp32(TestModels.BatchedMlp, "input", input, rows, 64));
            Assert.Equal(new long[] { rows, 10 }, response.Outputs[0].Shape.ToArray());
            Assertions.Close(reference.Probabilities(input, rows), Requests.RawOutputFp32(response), 1e-5, $"caller {caller}");
        });
        await Task.WhenAll(calls);

        var after = await Statistics.ReadAsync(silo, TestModels.BatchedMlp);
        var executions = after.ExecutionCount - before.ExecutionCount;
        Assert.Equal((ulong)Enumerable.Range(0, callers).Sum(c => 1 + c % 3), after.InferenceCount - before.InferenceCount);
        Assert.True(executions < callers, $"{callers} concurrent calls with a 5 ms queue delay ran in {executions} executions; expected them batched");
    }

    [Fact]
    public async Task Requests_of_different_sequence_lengths_are_never_stacked_together()
    {
        var table = EmbeddingTable();
        var calls = Enumerable.Range(0, 30).Select(async caller =>
        {
            var length = 2 + caller % 3;
            var ids = Enumerable.Range(0, length).Select(i => (long)((caller * 7 + i * 13) % 1000)).ToArray();
            var request = new ModelInferRequest { ModelName = TestModels.BatchedEmbedder };
            request.Inputs.Add(Requests.Input("ids", "INT64", 1, length));
            request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(ids.AsSpan())));

            var response = await silo.Inference.ModelInferAsync(request);

            var expected = new float[128];
            for (var d = 0; d < 128; d++)
            {
                expected[d] = (float)ids.Average(id => (double)table[id * 128 + d]);
            }

            Assertions.Close(expected, Requests.RawOutputFp32(response), 1e-5, $"caller {caller} with {length} ids");
        });

        await Task.WhenAll(calls);
    }

    [Fact]
    public async Task A_model_without_a_batch_dimension_runs_each_request_on_its_own()
    {
        var before = await Statistics.ReadAsync(silo, "vector-doubler");
        const int callers = 20;

        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var input = new float[] { caller, caller + 1, -caller, 0.5f };
            var response = await silo.Inference.ModelInferAsync(Requests.RawFp32("vector-doubler", "x", input, 4));
            Assert.Equal(new long[] { 4 }, response.Outputs[0].Shape.ToArray());
            Assert.Equal(input.Select(v => v * 2).ToArray(), Requests.RawOutputFp32(response));
        }));

        var after = await Statistics.ReadAsync(silo, "vector-doubler");
        Assert.Equal((ulong)callers, after.ExecutionCount - before.ExecutionCount);
        Assert.All(after.BatchStats, b => Assert.Equal(1ul, b.BatchSize));
    }

    [Fact]
    public async Task Model_statistics_count_the_calls_made_and_split_their_time()
    {
        var before = await Statistics.ReadAsync(silo, "mlp-classifier");
        const int calls = 7;
        for (var i = 0; i < calls; i++)
        {
            await silo.Inference.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", new float[2 * 64], 2, 64));
        }

        var after = await Statistics.ReadAsync(silo, "mlp-classifier");

        Assert.Equal("1", after.Version);
        Assert.Equal((ulong)(2 * calls), after.InferenceCount - before.InferenceCount);
        Assert.Equal((ulong)calls, after.ExecutionCount - before.ExecutionCount);
        Assert.Equal((ulong)calls, after.InferenceStats.Success.Count - before.InferenceStats.Success.Count);
        Assert.Equal((ulong)calls, after.InferenceStats.Queue.Count - before.InferenceStats.Queue.Count);
        Assert.Equal((ulong)calls, after.InferenceStats.ComputeInfer.Count - before.InferenceStats.ComputeInfer.Count);
        Assert.True(after.InferenceStats.ComputeInfer.Ns > before.InferenceStats.ComputeInfer.Ns, "compute time should grow with calls");
        var twoRowBatches = after.BatchStats.Single(b => b.BatchSize == 2).ComputeInfer.Count - (before.BatchStats.SingleOrDefault(b => b.BatchSize == 2)?.ComputeInfer.Count ?? 0);
        Assert.Equal((ulong)calls, twoRowBatches);
    }

    private float[] EmbeddingTable()
    {
        var model = OnnxModelFile.Read(ModelRepositoryLayout.ModelPath(silo.RepositoryRoot, TestModels.BatchedEmbedder, 1));
        return MemoryMarshal.Cast<byte, float>(model.Graph.Initializer.Single(t => t.Name == "table").RawData.Span).ToArray();
    }
}
