using System.Globalization;
using Granary.Control;
using Granary.FrontDoor;
using Granary.Library;
using Granary.Models;
using Granary.Protocol.V1;
using Granary.Routing;
using Grpc.Core;

namespace Granary.Silo.Grpc;

/// <summary>granary.v1.Models: what the cluster serves, with cards, deployments and version states, and the model library.</summary>
public sealed partial class ModelsService(GranaryFrontDoor door, ModelRouter router, ModelCatalog catalog, ModelLibrary library, IGrainFactory grains)
    : Protocol.V1.Models.ModelsBase
{
    public override async Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var caller = GrpcCredentials.CallerOf(context);
        var response = new ListModelsResponse();
        foreach (var name in await catalog.ModelNamesAsync())
        {
            var model = await router.GetModelAsync(name);
            if (caller.CanSee(model))
            {
                response.Models.Add(Describe(model, await library.FindAsync(caller, name)));
            }
        }

        return response;
    }

    public override async Task<ModelInfo> GetModel(GetModelRequest request, ServerCallContext context)
    {
        var caller = GrpcCredentials.CallerOf(context);
        var model = await door.GetVisibleModelAsync(caller, request.Name);
        return Describe(model, await library.FindAsync(caller, request.Name));
    }

    public override async Task<RegisterModelVersionResponse> RegisterModelVersion(IAsyncStreamReader<RegisterModelVersionRequest> requestStream, ServerCallContext context)
    {
        var caller = GrpcCredentials.CallerOf(context);
        var cancellation = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellation) || requestStream.Current.PartCase != RegisterModelVersionRequest.PartOneofCase.Header)
        {
            throw new InvalidModelUploadException("the first message of an upload is its header: name, version, card and deployment", "header");
        }

        var registration = LibraryMessages.FromWire(requestStream.Current.Header);
        library.Admit(caller, registration);

        // The header is admitted: the response headers say so before any of the file comes. A client that waits for them
        // sends nothing to a refusal, whose status (a trailers-only answer) then cannot race its upload.
        await context.WriteResponseHeadersAsync([]);
        await using var upload = library.BeginUpload();
        while (await requestStream.MoveNext(cancellation))
        {
            if (requestStream.Current.PartCase != RegisterModelVersionRequest.PartOneofCase.Chunk)
            {
                throw new InvalidModelUploadException("only the first message of an upload is a header; every later one is a chunk of the file", "chunk");
            }

            await upload.AppendAsync(requestStream.Current.Chunk.Memory, cancellation);
        }

        var (registered, version) = await library.RegisterAsync(caller, registration, upload, cancellation);
        var added = registered.Versions.Single(v => v.Version == version);
        var response = new RegisterModelVersionResponse { Name = registered.Name, Version = version, Sha256 = added.Sha256, SizeBytes = added.SizeBytes };
        if (await grains.GetGrain<IModelGrain>(registered.Name).GetDescriptorAsync() is { } descriptor)
        {
            response.Model = Describe(descriptor, registered);
        }

        return response;
    }

    public override async Task<ModelInfo> UpdateCard(UpdateCardRequest request, ServerCallContext context)
    {
        var caller = GrpcCredentials.CallerOf(context);
        var updated = await library.UpdateCardAsync(caller, request.Name, LibraryMessages.FromWire(request.Card));
        var descriptor = await grains.GetGrain<IModelGrain>(request.Name).GetDescriptorAsync()
            ?? throw new Inference.ModelNotFoundException($"model '{request.Name}' not found");
        return Describe(descriptor, updated);
    }

    public override async Task<DeleteModelVersionResponse> DeleteModelVersion(DeleteModelVersionRequest request, ServerCallContext context)
    {
        var caller = GrpcCredentials.CallerOf(context);
        var model = await door.GetVisibleModelAsync(caller, request.Name);
        if (model.RoutingOrDefault.Traffic.FirstOrDefault(share => share.Version == request.Version && share.Percent > 0) is { } share)
        {
            throw new ModelChangeConflictException(
                $"version {request.Version} of model '{request.Name}' takes {share.Percent}% of its traffic split; change the split (SetTraffic) before deleting it");
        }

        var left = await library.DeleteVersionAsync(caller, request.Name, request.Version);
        return new DeleteModelVersionResponse { VersionsLeft = { left?.Versions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture)) ?? [] } };
    }

    private static ModelInfo Describe(ModelDescriptor model, LibraryModel? library)
    {
        var deployment = model.Deployment;
        var info = new ModelInfo
        {
            Name = model.Name,
            Description = model.Description,
            License = model.License,
            Owner = model.Owner,
            Deployment = new Deployment
            {
                Replicas = deployment.Replicas,
                Instances = deployment.Instances,
                IntraOpThreads = deployment.IntraOpThreads,
                MaxBatchSize = deployment.MaxBatchSize,
                MaxQueueDelayUs = deployment.MaxQueueDelayUs,
                PreferredBatchSizes = { deployment.PreferredBatchSizes },
                MaxQueueSize = deployment.MaxQueueSize,
                Device = deployment.Device,
            },
            Card = library is null
                ? new Protocol.V1.ModelCard { Description = model.Description, License = model.License, Owner = model.Owner }
                : LibraryMessages.ToWire(library.Card),
            Visibility = model.Tenants.Count == 0 ? "public" : "private",
            Source = library is null ? "repository" : "library",
        };
        info.Versions.Add(model.Versions.Select(v =>
        {
            var file = library?.Versions.FirstOrDefault(f => f.Version == v.Version);
            return new ModelVersionInfo
            {
                Version = v.Version.ToString(CultureInfo.InvariantCulture),
                State = v.State.ToString().ToUpperInvariant(),
                Reason = v.Reason,
                Replicas = v.ReplicaIds.Count,
                Inputs = { v.Inputs.Select(LibraryMessages.ToWire) },
                Outputs = { v.Outputs.Select(LibraryMessages.ToWire) },
                Sha256 = file?.Sha256 ?? "",
                SizeBytes = file?.SizeBytes ?? 0,
            };
        }));
        DescribeVersionControls(info, model);
        return info;
    }
}
