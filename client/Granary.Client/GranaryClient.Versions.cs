using Granary.Protocol.V1;

namespace Granary.Client;

/// <summary>A model's versions and traffic (granary.v1.Models); each needs an admin key and answers with the model as it then stands.</summary>
public sealed partial class GranaryClient
{
    /// <summary>Changes replicas and the version policy; fields left unset stay as they are.</summary>
    public Task<ModelInfo> SetDeploymentAsync(SetDeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync((server, call) => server.Models.SetDeploymentAsync(request, call), cancellationToken);
    }

    /// <summary>Splits unpinned requests between versions by percentage (adding up to 100); none clears the split.</summary>
    public Task<ModelInfo> SetTrafficAsync(string name, IEnumerable<TrafficShare> shares, CancellationToken cancellationToken = default)
    {
        var request = new SetTrafficRequest { Name = name, Traffic = { shares } };
        return WriteAsync((server, call) => server.Models.SetTrafficAsync(request, call), cancellationToken);
    }

    public Task<ModelInfo> LoadModelAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync((server, call) => server.Models.LoadModelAsync(new LoadModelRequest { Name = name }, call), cancellationToken);

    public Task<ModelInfo> UnloadModelAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync((server, call) => server.Models.UnloadModelAsync(new UnloadModelRequest { Name = name }, call), cancellationToken);
}
