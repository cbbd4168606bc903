using Granary.Models;

namespace Granary.Routing;

/// <summary>
/// Which version an inference goes to, before any replica is chosen: the pinned one; else one drawn from the
/// model's traffic split when it has one; else (0) the newest ready version. A model an admin unloaded, or a
/// pinned version its version policy leaves out, is refused here with why.
/// </summary>
public static class VersionChoice
{
    public static long Choose(ModelDescriptor model, long pinned, Random random)
    {
        var routing = model.RoutingOrDefault;
        if (routing.Unloaded)
        {
            throw new ModelNotLoadedException($"model '{model.Name}' is unloaded; an admin loads it again with LoadModel (granary models load {model.Name})");
        }

        if (pinned != 0)
        {
            var version = model.Resolve(pinned);
            return version?.State == ModelVersionState.Unloaded
                ? throw new ModelNotLoadedException($"model '{model.Name}' v{pinned} is not loaded: {version.Reason}")
                : pinned;
        }

        return routing.Traffic.Count == 0 ? 0 : TrafficSplit.Pick(routing.Traffic, model, CanServe, random);
    }

    private static bool CanServe(ModelDescriptor model, long version) => model.Resolve(version)?.State == ModelVersionState.Ready;
}
