using Granary.Models;
using Granary.Replicas;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Granary.Placement;

/// <summary>
/// The active silos that could host a replica by the placement rules (labels and device class; memory is the
/// placement's to check), by parsable address: what the controller compares its replicas' spread against.
/// </summary>
public sealed class ReplicaHostCandidates(
    IClusterMembershipService membership, ISiloMetadataCache metadata, ILocalSiloDetails localSilo, LocalSiloMetadata localMetadata)
{
    public IReadOnlyCollection<string> For(DeploymentSpec deployment, ReplicaKey replica) =>
        PlacementOrder.Candidates(
                PlacementRequirements.Of(deployment, replica),
                membership.CurrentSnapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Active)
                    .Select(m => (m.SiloAddress.ToParsableString(), MetadataOf(m.SiloAddress))))
            .Select(device => device.Silo)
            .ToHashSet(StringComparer.Ordinal);

    private IReadOnlyDictionary<string, string> MetadataOf(SiloAddress silo) =>
        silo.Equals(localSilo.SiloAddress) ? localMetadata.Values : metadata.GetSiloMetadata(silo).Metadata;
}
