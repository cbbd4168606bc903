using Granary.Models.Repository;
using Granary.Models.Synthesis;
using Granary.Protocol.Inference;
using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using ModelsClient = Granary.Protocol.V1.Models.ModelsClient;

namespace Granary.Tests.Versions;

/// <summary>
/// One real silo in this process whose repository holds only versioned models written by the project's own
/// model writer: v1 and v2 of each are MLPs with identical signatures (different weights), v3 (where there is
/// one) takes 32 features instead of 64. Each test changes a model of its own, so their splits and unloads
/// never meet.
/// </summary>
public sealed class VersionsSiloFixture : IAsyncLifetime
{
    public const string AdminKey = "versions-admin-key-0123456789";

    /// <summary>v1, v2 and a v3 with another signature: pinned and default routing.</summary>
    public const string Routed = "routed";

    /// <summary>v1, v2 and a v3 with another signature: the 90/10 split and the refused mismatch.</summary>
    public const string Split = "split";

    /// <summary>v1 and v2: unload and load over gRPC.</summary>
    public const string Unloadable = "unloadable";

    /// <summary>v1 and v2: traffic, unload and load over REST.</summary>
    public const string RestControlled = "rest-controlled";

    /// <summary>v1, v2 and v3, all alike: the version policy.</summary>
    public const string Policy = "policy";

    /// <summary>v1 only: device class and memory changed by SetDeployment.</summary>
    public const string Redeployed = "redeployed";

    /// <summary>v1 and v2: the <c>granary models</c> version commands.</summary>
    public const string CliControlled = "cli-controlled";

    public static MlpSpec Signature { get; } = MlpSpec.DemoClassifier;

    private static readonly MlpSpec OtherSignature = MlpSpec.DemoClassifier with { Inputs = 32 };

    private WebApplication? _app;

    private string Root { get; } = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));

    public int GrpcPort { get; } = FreePorts.Next();

    public int HttpPort { get; } = FreePorts.Next();

    public string GrpcAddress => $"http://127.0.0.1:{GrpcPort}";

    public GrpcChannel Channel { get; private set; } = null!;

    public GRPCInferenceService.GRPCInferenceServiceClient Inference { get; private set; } = null!;

    public ModelsClient Models { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var repository = Path.Combine(Root, "models");
        Write(repository, Routed, Signature with { Seed = 1 }, Signature with { Seed = 2 }, OtherSignature with { Seed = 3 });
        Write(repository, Split, Signature with { Seed = 1 }, Signature with { Seed = 2 }, OtherSignature with { Seed = 3 });
        Write(repository, Unloadable, Signature with { Seed = 1 }, Signature with { Seed = 2 });
        Write(repository, RestControlled, Signature with { Seed = 1 }, Signature with { Seed = 2 });
        Write(repository, Policy, Signature with { Seed = 1 }, Signature with { Seed = 2 }, Signature with { Seed = 3 });
        Write(repository, CliControlled, Signature with { Seed = 1 }, Signature with { Seed = 2 });
        Write(repository, Redeployed, Signature with { Seed = 1 });
        _app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(GrpcPort, HttpPort, repository, Path.Combine(Root, ".state"), AdminKey),
            "--Granary:Repository:DemoModels=false",
        ]);
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress(GrpcAddress);
        Inference = new GRPCInferenceService.GRPCInferenceServiceClient(Channel.WithApiKey(AdminKey));
        Models = new ModelsClient(Channel.WithApiKey(AdminKey));
        await Eventually.TrueAsync(async () => (await Inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the silo to be ready");
    }

    /// <summary>One row of 64 features for the v1/v2 signature, to <paramref name="model"/> (pinned when a version is given).</summary>
    public static ModelInferRequest Row(string model, string version = "")
    {
        var request = Requests.RawFp32(model, MlpSpec.InputName, Enumerable.Repeat(0.5f, Signature.Inputs).ToArray(), 1, Signature.Inputs);
        request.ModelVersion = version;
        return request;
    }

    public HttpClient Http(string? key = AdminKey)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }

    public static void Write(string root, string name, params MlpSpec[] versions)
    {
        var config = new ModelConfig { Description = $"{name}: versions for routing tests", Deployment = new DeploymentConfig { MaxBatchSize = 64 } };
        for (var i = 0; i < versions.Length; i++)
        {
            DemoRepository.WriteModel(root, name, i + 1, ModelSynthesizer.Mlp(versions[i]), config);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VersionsCollection : ICollectionFixture<VersionsSiloFixture>
{
    public const string Name = "versions";
}
