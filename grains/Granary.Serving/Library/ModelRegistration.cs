using Granary.Models.Repository;

namespace Granary.Library;

/// <summary>What comes with an upload: the model's name, the version asked for (0: the next), its card and deployment.</summary>
public sealed record ModelRegistration(string Name, long Version, ModelCard Card, DeploymentConfig Deployment);
