using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Batching;

internal static class Statistics
{
    public static async Task<ModelStatistics> ReadAsync(SiloFixture silo, string model) =>
        (await silo.Inference.ModelStatisticsAsync(new ModelStatisticsRequest { Name = model })).ModelStats.Single();
}
