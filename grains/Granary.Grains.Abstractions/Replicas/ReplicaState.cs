namespace Granary.Replicas;

public enum ReplicaState
{
    Loading,
    Ready,
    Failed,
}
