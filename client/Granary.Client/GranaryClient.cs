using Granary.Protocol;
using Granary.Inference;
using Google.Protobuf;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Granary.Client.Failover;

namespace Granary.Client;

/// <summary>
/// A Granary cluster over one gRPC channel per server given: inference and metadata by the Open Inference Protocol,
/// the model list by granary.v1.Models. A call that gets no answer from one server is tried again on another, with the
/// same idempotency key, and that server is left out for a while. Thread-safe; share one for the life of the process.
/// </summary>
public sealed partial class GranaryClient : IDisposable
{
    private readonly GranaryClientOptions _options;
    private readonly ServerEndpoint[] _servers;
    private readonly FailoverPolicy _failover;

    // Read-only after construction: Grpc.Net.Client copies call headers onto each request and never changes them.
    private readonly Metadata? _headers;

    public GranaryClient(GranaryClientOptions? options = null)
    {
        _options = options ?? new GranaryClientOptions();
        var addresses = _options.Validate();
        _servers = [.. addresses.Select(address => new ServerEndpoint(address, ChannelOptions(_options)))];
        var time = _options.TimeProvider ?? TimeProvider.System;
        _failover = new FailoverPolicy(
            new EndpointSet(_servers.Length, new EjectionPolicy(_options.EjectionTime, _options.MaxEjectionTime), time),
            new RetryBackoff(_options.RetryBackoff, _options.MaxRetryBackoff, BackoffMultiplier),
            _options.MaxRetries,
            _options.AttemptTimeout,
            time,
            Random.Shared.NextDouble);
        _headers = string.IsNullOrEmpty(_options.ApiKey) ? null : new Metadata { { "authorization", $"Bearer {_options.ApiKey}" } };
    }

    /// <summary>Each retry's backoff ceiling is this many times the one before, as in gRPC's retry policy.</summary>
    public const double BackoffMultiplier = 2;

    /// <summary>The header that makes a retried inference count once in the usage ledger.</summary>
    public const string IdempotencyKeyHeader = "idempotency-key";

    public GranaryClient(string address, string? apiKey = null)
        : this(new GranaryClientOptions { Address = address, ApiKey = apiKey })
    {
    }

    /// <summary>The servers this client calls, in the order given.</summary>
    public IReadOnlyList<Uri> Endpoints => [.. _servers.Select(s => s.Address)];

    /// <summary>Whether a server is left out of the choice now, after an attempt on it got no answer.</summary>
    public bool IsEjected(Uri endpoint) => Array.FindIndex(_servers, s => s.Address == endpoint) is var index and >= 0 && _failover.Endpoints.IsEjected(index);

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

        var response = await CallAsync((server, call) => server.Inference.ModelInferAsync(request, call), headers, deadline, idempotent: true, cancellationToken).ConfigureAwait(false);
        return InferResult.FromResponse(response);
    }

    public async Task<bool> IsServerLiveAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Inference.ServerLiveAsync(new ServerLiveRequest(), call), cancellationToken).ConfigureAwait(false)).Live;

    public async Task<bool> IsServerReadyAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Inference.ServerReadyAsync(new ServerReadyRequest(), call), cancellationToken).ConfigureAwait(false)).Ready;

    /// <summary>Whether a model version can serve now; an empty version asks about the newest.</summary>
    public async Task<bool> IsModelReadyAsync(string name, string version = "", CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Inference.ModelReadyAsync(new ModelReadyRequest { Name = name, Version = version }, call), cancellationToken).ConfigureAwait(false)).Ready;

    public Task<ServerMetadataResponse> GetServerMetadataAsync(CancellationToken cancellationToken = default) =>
        CallAsync((server, call) => server.Inference.ServerMetadataAsync(new ServerMetadataRequest(), call), cancellationToken);

    /// <summary>A model's versions, platform, and the name, datatype and shape of each input and output (-1 for a free dimension).</summary>
    public Task<ModelMetadataResponse> GetModelMetadataAsync(string name, string version = "", CancellationToken cancellationToken = default) =>
        CallAsync((server, call) => server.Inference.ModelMetadataAsync(new ModelMetadataRequest { Name = name, Version = version }, call), cancellationToken);

    /// <summary>Every model the cluster knows, with its card, deployment, and the state of each version.</summary>
    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Models.ListModelsAsync(new ListModelsRequest(), call), cancellationToken).ConfigureAwait(false)).Models;

    public Task<ModelInfo> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        CallAsync((server, call) => server.Models.GetModelAsync(new GetModelRequest { Name = name }, call), cancellationToken);

    /// <summary>Triton's inference statistics; an empty name covers every model, an empty version every version.</summary>
    public Task<ModelStatisticsResponse> GetModelStatisticsAsync(string name = "", string version = "", CancellationToken cancellationToken = default) =>
        CallAsync((server, call) => server.Inference.ModelStatisticsAsync(new ModelStatisticsRequest { Name = name, Version = version }, call), cancellationToken);

    /// <summary>The silos in the cluster's membership, with their gRPC endpoints and labels.</summary>
    public async Task<IReadOnlyList<SiloInfo>> ListSilosAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Cluster.ListSilosAsync(new ListSilosRequest(), call), cancellationToken).ConfigureAwait(false)).Silos;

    /// <summary>Every device of every live silo, with its memory reservations and utilisation.</summary>
    public async Task<IReadOnlyList<DeviceInfo>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Cluster.ListDevicesAsync(new ListDevicesRequest(), call), cancellationToken).ConfigureAwait(false)).Devices;

    /// <summary>Every replica (or one model's), with the silo it runs on and how busy it is.</summary>
    public async Task<IReadOnlyList<ReplicaInfo>> ListReplicasAsync(string model = "", CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Cluster.ListReplicasAsync(new ListReplicasRequest { Model = model }, call), cancellationToken).ConfigureAwait(false)).Replicas;

    /// <summary>Creates a tenant with its plan, region and quota; needs an admin key.</summary>
    public Task<Tenant> CreateTenantAsync(CreateTenantRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync((server, call) => server.Tenants.CreateTenantAsync(request, call), cancellationToken);
    }

    /// <summary>One tenant with its status and quota limits; needs an admin key.</summary>
    public Task<Tenant> GetTenantAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync((server, call) => server.Tenants.GetTenantAsync(new GetTenantRequest { Id = id }, call), cancellationToken);

    /// <summary>Every tenant with its status and quota limits; needs an admin key.</summary>
    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Tenants.ListTenantsAsync(new ListTenantsRequest(), call), cancellationToken).ConfigureAwait(false)).Tenants;

    /// <summary>Stops a tenant's keys from being accepted until it is resumed; needs an admin key.</summary>
    public Task<Tenant> SuspendTenantAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync((server, call) => server.Tenants.SuspendTenantAsync(new SuspendTenantRequest { Id = id }, call), cancellationToken);

    /// <summary>Lets a suspended tenant's keys be accepted again; needs an admin key.</summary>
    public Task<Tenant> ResumeTenantAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync((server, call) => server.Tenants.ResumeTenantAsync(new ResumeTenantRequest { Id = id }, call), cancellationToken);

    /// <summary>A new API key for a tenant, with its secret: this response is the only place the secret appears.</summary>
    public Task<IssuedApiKey> IssueApiKeyAsync(string tenantId, string name, CancellationToken cancellationToken = default) =>
        WriteAsync((server, call) => server.Tenants.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = tenantId, Name = name }, call), cancellationToken);

    /// <summary>Revokes one of a tenant's API keys and returns it with its revocation time; needs an admin key.</summary>
    public Task<ApiKey> RevokeApiKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken = default) =>
        WriteAsync((server, call) => server.Tenants.RevokeApiKeyAsync(new RevokeApiKeyRequest { TenantId = tenantId, KeyId = keyId }, call), cancellationToken);

    /// <summary>A tenant's API keys, revoked ones included, without their secrets; needs an admin key.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await CallAsync((server, call) => server.Tenants.ListApiKeysAsync(new ListApiKeysRequest { TenantId = tenantId }, call), cancellationToken).ConfigureAwait(false)).Keys;

    /// <summary>Replaces a tenant's quota limits (0 takes the plan's limit, -1 is unlimited on any plan) and returns the tenant; needs an admin key.</summary>
    public Task<Tenant> SetQuotaAsync(string tenantId, QuotaLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return WriteAsync((server, call) => server.Tenants.SetQuotaAsync(new SetQuotaRequest { TenantId = tenantId, Quota = limits }, call), cancellationToken);
    }

    /// <summary>A tenant's quota limits, what it may use now and this month's usage; needs an admin key.</summary>
    public Task<QuotaUsage> GetQuotaAsync(string tenantId, CancellationToken cancellationToken = default) =>
        CallAsync((server, call) => server.Tenants.GetQuotaAsync(new GetQuotaRequest { TenantId = tenantId }, call), cancellationToken);

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }
    }

    private static GrpcChannelOptions ChannelOptions(GranaryClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // One HTTP/2 connection carries at most the server's stream limit; more callers open more connections.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = options.ConnectTimeout,
        };
        if (options.CaCertificatePath is { } caCertificatePath)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = TrustedRoots.FromPemFile(caCertificatePath);
        }

        return new GrpcChannelOptions
        {
            MaxReceiveMessageSize = options.MaxMessageSize,
            MaxSendMessageSize = options.MaxMessageSize,
            HttpHandler = handler,
            DisposeHttpClient = true,
        };
    }

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

    private Task<T> CallAsync<T>(Func<ServerEndpoint, CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken) =>
        CallAsync(call, _headers, DeadlineAfter(null), idempotent: true, cancellationToken);

    /// <summary>A change to the cluster's state: tried again only when no server answered, never at the attempt timeout.</summary>
    private Task<T> WriteAsync<T>(Func<ServerEndpoint, CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken) =>
        CallAsync(call, _headers, DeadlineAfter(null), idempotent: false, cancellationToken);

    /// <summary>Every attempt of one call, retries on other servers included, sends the same <paramref name="headers"/>.</summary>
    private Task<T> CallAsync<T>(Func<ServerEndpoint, CallOptions, AsyncUnaryCall<T>> call, Metadata? headers, DateTime? deadline, bool idempotent, CancellationToken cancellationToken) =>
        _failover.ExecuteAsync(
            (server, attemptDeadline) => call(_servers[server], new CallOptions(headers, attemptDeadline, cancellationToken)).ResponseAsync,
            deadline,
            idempotent,
            cancellationToken);

    private DateTime? DeadlineAfter(TimeSpan? timeout)
    {
        var limit = timeout ?? _options.Timeout;
        return limit == Timeout.InfiniteTimeSpan ? null : DateTime.UtcNow + limit;
    }
}
