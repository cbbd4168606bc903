using Granary.Protocol;
using Granary.Inference;
using Google.Protobuf;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Granary.Client;

/// <summary>
/// A Granary server over one gRPC channel: inference and metadata by the Open Inference Protocol, the model list by
/// granary.v1.Models. Thread-safe; share one per server for the life of the process.
/// </summary>
public sealed partial class GranaryClient : IDisposable
{
    private readonly GranaryClientOptions _options;
    private readonly GrpcChannel _channel;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _inference;
    private readonly Models.ModelsClient _models;
    private readonly Cluster.ClusterClient _cluster;
    private readonly Tenants.TenantsClient _tenants;
    private readonly Usage.UsageClient _usage;
    private readonly UnavailableRetryPolicy _retry;

    // Read-only after construction: Grpc.Net.Client copies call headers onto each request and never changes them.
    private readonly Metadata? _headers;

    public GranaryClient(GranaryClientOptions? options = null)
    {
        _options = options ?? new GranaryClientOptions();
        var address = _options.Validate();
        var handler = new SocketsHttpHandler
        {
            // One HTTP/2 connection carries at most the server's stream limit; more callers open more connections.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        };
        if (_options.CaCertificatePath is { } caCertificatePath)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = TrustedRoots.FromPemFile(caCertificatePath);
        }

        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = _options.MaxMessageSize,
            MaxSendMessageSize = _options.MaxMessageSize,
            HttpHandler = handler,
            DisposeHttpClient = true,
        });
        _inference = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        _models = new Models.ModelsClient(_channel);
        _cluster = new Cluster.ClusterClient(_channel);
        _tenants = new Tenants.TenantsClient(_channel);
        _usage = new Usage.UsageClient(_channel);
        _retry = new UnavailableRetryPolicy(_options.MaxRetries, _options.RetryBackoff);
        _headers = string.IsNullOrEmpty(_options.ApiKey) ? null : new Metadata { { "authorization", $"Bearer {_options.ApiKey}" } };
    }

    /// <summary>The header that makes a retried inference count once in the usage ledger.</summary>
    public const string IdempotencyKeyHeader = "idempotency-key";

    public GranaryClient(string address, string? apiKey = null)
        : this(new GranaryClientOptions { Address = address, ApiKey = apiKey })
    {
    }

    public async Task<InferResult> InferAsync(string model, IReadOnlyList<InferInput> inputs, InferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new InferOptions();
        var request = BuildRequest(model, inputs, options);
        var deadline = options.Deadline?.ToUniversalTime() ?? DeadlineAfter(options.Timeout);

        // One key per logical call, sent again on every retry of it, so the ledger bills the call once.
        var headers = new Metadata { { IdempotencyKeyHeader, Guid.NewGuid().ToString("N") } };
        foreach (var header in _headers ?? [])
        {
            headers.Add(header);
        }

        var response = await CallAsync(call => _inference.ModelInferAsync(request, call), headers, deadline, cancellationToken).ConfigureAwait(false);
        return InferResult.FromResponse(response);
    }

    public async Task<bool> IsServerLiveAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _inference.ServerLiveAsync(new ServerLiveRequest(), call), cancellationToken).ConfigureAwait(false)).Live;

    public async Task<bool> IsServerReadyAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _inference.ServerReadyAsync(new ServerReadyRequest(), call), cancellationToken).ConfigureAwait(false)).Ready;

    /// <summary>Whether a model version can serve now; an empty version asks about the newest.</summary>
    public async Task<bool> IsModelReadyAsync(string name, string version = "", CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _inference.ModelReadyAsync(new ModelReadyRequest { Name = name, Version = version }, call), cancellationToken).ConfigureAwait(false)).Ready;

    public Task<ServerMetadataResponse> GetServerMetadataAsync(CancellationToken cancellationToken = default) =>
        CallAsync(call => _inference.ServerMetadataAsync(new ServerMetadataRequest(), call), cancellationToken);

    /// <summary>A model's versions, platform, and the name, datatype and shape of each input and output (-1 for a free dimension).</summary>
    public Task<ModelMetadataResponse> GetModelMetadataAsync(string name, string version = "", CancellationToken cancellationToken = default) =>
        CallAsync(call => _inference.ModelMetadataAsync(new ModelMetadataRequest { Name = name, Version = version }, call), cancellationToken);

    /// <summary>Every model the cluster knows, with its card, deployment, and the state of each version.</summary>
    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _models.ListModelsAsync(new ListModelsRequest(), call), cancellationToken).ConfigureAwait(false)).Models;

    public Task<ModelInfo> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        CallAsync(call => _models.GetModelAsync(new GetModelRequest { Name = name }, call), cancellationToken);

    /// <summary>Triton's inference statistics; an empty name covers every model, an empty version every version.</summary>
    public Task<ModelStatisticsResponse> GetModelStatisticsAsync(string name = "", string version = "", CancellationToken cancellationToken = default) =>
        CallAsync(call => _inference.ModelStatisticsAsync(new ModelStatisticsRequest { Name = name, Version = version }, call), cancellationToken);

    /// <summary>The silos in the cluster's membership, with their gRPC endpoints and labels.</summary>
    public async Task<IReadOnlyList<SiloInfo>> ListSilosAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _cluster.ListSilosAsync(new ListSilosRequest(), call), cancellationToken).ConfigureAwait(false)).Silos;

    /// <summary>Every device of every live silo, with its memory reservations and utilisation.</summary>
    public async Task<IReadOnlyList<DeviceInfo>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _cluster.ListDevicesAsync(new ListDevicesRequest(), call), cancellationToken).ConfigureAwait(false)).Devices;

    /// <summary>Every replica (or one model's), with the silo it runs on and how busy it is.</summary>
    public async Task<IReadOnlyList<ReplicaInfo>> ListReplicasAsync(string model = "", CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _cluster.ListReplicasAsync(new ListReplicasRequest { Model = model }, call), cancellationToken).ConfigureAwait(false)).Replicas;

    /// <summary>Creates a tenant with its plan, region and quota; needs an admin key.</summary>
    public Task<Tenant> CreateTenantAsync(CreateTenantRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync(call => _tenants.CreateTenantAsync(request, call), cancellationToken);
    }

    /// <summary>One tenant with its status and quota limits; needs an admin key.</summary>
    public Task<Tenant> GetTenantAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(call => _tenants.GetTenantAsync(new GetTenantRequest { Id = id }, call), cancellationToken);

    /// <summary>Every tenant with its status and quota limits; needs an admin key.</summary>
    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _tenants.ListTenantsAsync(new ListTenantsRequest(), call), cancellationToken).ConfigureAwait(false)).Tenants;

    /// <summary>Stops a tenant's keys from being accepted until it is resumed; needs an admin key.</summary>
    public Task<Tenant> SuspendTenantAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(call => _tenants.SuspendTenantAsync(new SuspendTenantRequest { Id = id }, call), cancellationToken);

    /// <summary>Lets a suspended tenant's keys be accepted again; needs an admin key.</summary>
    public Task<Tenant> ResumeTenantAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(call => _tenants.ResumeTenantAsync(new ResumeTenantRequest { Id = id }, call), cancellationToken);

    /// <summary>A new API key for a tenant, with its secret: this response is the only place the secret appears.</summary>
    public Task<IssuedApiKey> IssueApiKeyAsync(string tenantId, string name, CancellationToken cancellationToken = default) =>
        CallAsync(call => _tenants.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = tenantId, Name = name }, call), cancellationToken);

    /// <summary>Revokes one of a tenant's API keys and returns it with its revocation time; needs an admin key.</summary>
    public Task<ApiKey> RevokeApiKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken = default) =>
        CallAsync(call => _tenants.RevokeApiKeyAsync(new RevokeApiKeyRequest { TenantId = tenantId, KeyId = keyId }, call), cancellationToken);

    /// <summary>A tenant's API keys, revoked ones included, without their secrets; needs an admin key.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await CallAsync(call => _tenants.ListApiKeysAsync(new ListApiKeysRequest { TenantId = tenantId }, call), cancellationToken).ConfigureAwait(false)).Keys;

    /// <summary>Replaces a tenant's quota limits (0 takes the plan's limit, -1 is unlimited on any plan) and returns the tenant; needs an admin key.</summary>
    public Task<Tenant> SetQuotaAsync(string tenantId, QuotaLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return CallAsync(call => _tenants.SetQuotaAsync(new SetQuotaRequest { TenantId = tenantId, Quota = limits }, call), cancellationToken);
    }

    /// <summary>A tenant's quota limits, what it may use now and this month's usage; needs an admin key.</summary>
    public Task<QuotaUsage> GetQuotaAsync(string tenantId, CancellationToken cancellationToken = default) =>
        CallAsync(call => _tenants.GetQuotaAsync(new GetQuotaRequest { TenantId = tenantId }, call), cancellationToken);

    public void Dispose() => _channel.Dispose();

    private static ModelInferRequest BuildRequest(string model, IReadOnlyList<InferInput> inputs, InferOptions options)
    {
        var request = new ModelInferRequest { ModelName = model, ModelVersion = options.Version, Id = options.RequestId ?? "" };
        var typed = options.UseTypedContents && inputs.All(i => TypedContents.HasTypedField(i.Datatype));
        foreach (var input in inputs)
        {
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = input.Name, Datatype = input.Datatype, Shape = { input.Shape } };
            if (typed)
            {
                tensor.Contents = TypedContents.FromRaw(input.Name, input.Datatype, input.Data.Span);
            }
            else
            {
                // The input owns its encoded bytes and never changes them, so the request can share them uncopied.
                request.RawInputContents.Add(UnsafeByteOperations.UnsafeWrap(input.Data));
            }

            request.Inputs.Add(tensor);
        }

        foreach (var output in options.Outputs)
        {
            request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = output });
        }

        return request;
    }

    private Task<T> CallAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken) =>
        CallAsync(call, _headers, DeadlineAfter(null), cancellationToken);

    /// <summary>Every attempt of one call, retries included, sends the same <paramref name="headers"/>.</summary>
    private Task<T> CallAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, Metadata? headers, DateTime? deadline, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(() => call(new CallOptions(headers, deadline, cancellationToken)).ResponseAsync, deadline, cancellationToken);

    private DateTime? DeadlineAfter(TimeSpan? timeout)
    {
        var limit = timeout ?? _options.Timeout;
        return limit == Timeout.InfiniteTimeSpan ? null : DateTime.UtcNow + limit;
    }
}
