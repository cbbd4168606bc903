using Granary.Library;
using Granary.Models;
using Granary.Models.Repository;
using Granary.Protocol.V1;

namespace Granary.Silo.Grpc;

/// <summary>Library records to and from their granary.v1 messages.</summary>
public static class LibraryMessages
{
    public static Library.ModelCard FromWire(Protocol.V1.ModelCard? card) => card is null ? new() : new()
    {
        Description = card.Description,
        IntendedUse = card.IntendedUse,
        OutOfScopeUse = card.OutOfScopeUse,
        Limitations = card.Limitations,
        TrainingData = card.TrainingData,
        EvaluationData = card.EvaluationData,
        Metrics = card.Metrics,
        EthicalConsiderations = card.EthicalConsiderations,
        License = card.License,
        Owner = card.Owner,
        Tags = card.Tags.ToArray(),
        BaseModel = card.BaseModel,
    };

    public static Protocol.V1.ModelCard ToWire(Library.ModelCard card) => new()
    {
        Description = card.Description,
        IntendedUse = card.IntendedUse,
        OutOfScopeUse = card.OutOfScopeUse,
        Limitations = card.Limitations,
        TrainingData = card.TrainingData,
        EvaluationData = card.EvaluationData,
        Metrics = card.Metrics,
        EthicalConsiderations = card.EthicalConsiderations,
        License = card.License,
        Owner = card.Owner,
        Tags = { card.Tags },
        BaseModel = card.BaseModel,
    };

    public static ModelRegistration FromWire(ModelUploadHeader header) => new(header.Name, header.Version, FromWire(header.Card), FromWire(header.Deployment));

    public static DeploymentConfig FromWire(ModelDeploymentRequest? wire)
    {
        var deployment = new DeploymentConfig();
        if (wire is null)
        {
            return deployment;
        }

        deployment.Replicas = wire.HasReplicas ? wire.Replicas : deployment.Replicas;
        deployment.MinReplicas = wire.HasMinReplicas ? wire.MinReplicas : null;
        deployment.MaxReplicas = wire.HasMaxReplicas ? wire.MaxReplicas : null;
        deployment.Instances = wire.HasInstances ? wire.Instances : deployment.Instances;
        deployment.IntraOpThreads = wire.HasIntraOpThreads ? wire.IntraOpThreads : deployment.IntraOpThreads;
        deployment.MaxBatchSize = wire.HasMaxBatchSize ? wire.MaxBatchSize : deployment.MaxBatchSize;
        deployment.DynamicBatching.MaxQueueDelayUs = wire.HasMaxQueueDelayUs ? wire.MaxQueueDelayUs : deployment.DynamicBatching.MaxQueueDelayUs;
        deployment.Device = wire.Device.Length > 0 ? wire.Device : deployment.Device;
        deployment.MemoryMib = wire.MemoryMib;
        deployment.RequiredLabels = new Dictionary<string, string>(wire.RequiredLabels, StringComparer.Ordinal);
        return deployment;
    }

    public static TensorSignature ToWire(TensorSpec spec) => new() { Name = spec.Name, Datatype = spec.Datatype, Shape = { spec.Shape } };
}
