using System.Globalization;
using Granary.Control;
using Granary.Models;
using Granary.Protocol.Inference;
using Granary.Replicas;
using Granary.Routing;

namespace Granary.Silo.Serving;

/// <summary>Sums the statistics of every replica of a model version into Triton's ModelStatistics.</summary>
public sealed class ModelStatisticsReader(ModelRouter router, ModelCatalog catalog, IGrainFactory grains)
{
    /// <summary>One model's statistics, or (an empty name) those of every model the caller may see.</summary>
    public async Task<ModelStatisticsResponse> ReadAsync(string name, string version, Func<ModelDescriptor, bool> visible)
    {
        var names = name.Length > 0 ? [name] : await catalog.ModelNamesAsync();
        var response = new ModelStatisticsResponse();
        foreach (var modelName in names)
        {
            var model = await router.GetModelAsync(modelName);
            if (!visible(model))
            {
                continue;
            }

            var versions = version.Length > 0 ? [(await router.ResolveAsync(modelName, version)).Version] : model.Versions;
            foreach (var modelVersion in versions)
            {
                var replicas = await Task.WhenAll(modelVersion.ReplicaIds.Select(id => grains.GetGrain<IModelReplicaGrain>(id).GetStatisticsAsync()));
                response.ModelStats.Add(Sum(model.Name, modelVersion.Version, replicas));
            }
        }

        return response;
    }

    private static ModelStatistics Sum(string model, long version, IReadOnlyList<ReplicaStatistics> replicas)
    {
        var inference = new InferStatistics
        {
            Success = Duration(replicas, r => r.Success),
            Fail = Duration(replicas, r => r.Fail),
            Queue = Duration(replicas, r => r.Queue),
            ComputeInput = Duration(replicas, r => r.ComputeInput),
            ComputeInfer = Duration(replicas, r => r.ComputeInfer),
            ComputeOutput = Duration(replicas, r => r.ComputeOutput),
            CacheHit = new StatisticDuration(),
            CacheMiss = new StatisticDuration(),
        };
        var statistics = new ModelStatistics
        {
            Name = model,
            Version = version.ToString(CultureInfo.InvariantCulture),
            LastInference = (ulong)replicas.Select(r => r.LastInferenceUnixMs).DefaultIfEmpty(0).Max(),
            InferenceCount = (ulong)replicas.Sum(r => r.InferenceCount),
            ExecutionCount = (ulong)replicas.Sum(r => r.ExecutionCount),
            InferenceStats = inference,
        };
        foreach (var size in replicas.SelectMany(r => r.Batches).GroupBy(b => b.BatchSize).OrderBy(g => g.Key))
        {
            statistics.BatchStats.Add(new InferBatchStatistics
            {
                BatchSize = (ulong)size.Key,
                ComputeInput = Duration(size, b => b.ComputeInput),
                ComputeInfer = Duration(size, b => b.ComputeInfer),
                ComputeOutput = Duration(size, b => b.ComputeOutput),
            });
        }

        return statistics;
    }

    private static StatisticDuration Duration<T>(IEnumerable<T> items, Func<T, DurationStatistic> select)
    {
        var total = items.Select(select).Aggregate(default(DurationStatistic), (a, b) => a + b);
        return new StatisticDuration { Count = (ulong)total.Count, Ns = (ulong)total.Nanoseconds };
    }
}
