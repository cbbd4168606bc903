using Granary.Control;
using Granary.FrontDoor;
using Granary.FrontDoor.Ports;
using Granary.Models;
using Granary.Tenants.Admission;

namespace Granary.Usage;

/// <summary>
/// The service-quality report over the usage ledger: the window's hourly cells (the caller's own tenant for a
/// tenant key, every tenant for an admin), measured per model and version by <see cref="ServiceQuality"/>
/// against each model's stated objective. Only models in the repository that the caller may see are reported.
/// Needs nothing but the ledger, so it works in the embedded mode.
/// </summary>
public sealed class ModelQualityReport(IUsageStore store, GranaryFrontDoor door, IModelResolver models, ModelRepository repository, TimeProvider time)
{
    public sealed record Report(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ModelQuality> Models);

    /// <param name="model">One model (NOT_FOUND when the caller may not see it), or empty for every model.</param>
    public async Task<Report> GetAsync(Caller caller, string model, TimeSpan window, CancellationToken cancellationToken)
    {
        var to = time.GetUtcNow();
        var from = UsageBuckets.Start(to - window, UsageBucket.Hour);
        var visible = new Dictionary<string, ModelDescriptor>(StringComparer.Ordinal);
        if (model.Length > 0)
        {
            visible[model] = await door.GetVisibleModelAsync(caller, model);
        }
        else
        {
            foreach (var name in repository.ModelNames())
            {
                if (await models.GetModelAsync(name) is var descriptor && caller.CanSee(descriptor))
                {
                    visible[name] = descriptor;
                }
            }
        }

        var cells = await store.CellsAsync(caller.IsAdmin ? null : caller.TenantId, from, to, cancellationToken);
        var measured = ServiceQuality.Of(cells.Where(c => visible.ContainsKey(c.Model)), name => visible[name].Deployment.Slo);
        return new Report(from, to, measured);
    }
}
