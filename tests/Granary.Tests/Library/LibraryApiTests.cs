using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Rest;
using Grpc.Core;

namespace Granary.Tests.Library;

/// <summary>The model library over gRPC and REST on one embedded silo: uploads, refusals, cards and visibility.</summary>
[Collection(LibrarySiloCollection.Name)]
public sealed class LibraryApiTests(LibrarySiloFixture silo)
{
    private const string Admin = LibrarySiloFixture.AdminKey;

    private static global::Granary.Protocol.Inference.ModelInferRequest Request(string model) => Requests.RawFp32(model, "input", new float[64], 1, 64);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [Fact]
    public async Task An_admin_publishes_a_model_over_grpc_and_a_tenant_reads_its_card_and_signature_and_calls_it()
    {
        var name = Unique("public-mlp");
        var file = LibraryFiles.Mlp();
        var (_, key) = await silo.TenantAsync("reader");

        var registered = await LibraryUploads.RegisterAsync(silo.Models(Admin), LibraryUploads.Header(name, LibraryFiles.CompleteCard()), file);

        Assert.Equal(1, registered.Version);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), registered.Sha256);
        Assert.Equal(file.Length, registered.SizeBytes);
        var model = await silo.Models(key).GetModelAsync(new GetModelRequest { Name = name });
        Assert.Equal("public", model.Visibility);
        Assert.Equal("library", model.Source);
        Assert.Equal("tests of the model library", model.Card.IntendedUse);
        var version = Assert.Single(model.Versions);
        Assert.Equal(registered.Sha256, version.Sha256);
        Assert.Equal("input", Assert.Single(version.Inputs).Name);
        Assert.Equal(new long[] { -1, 10 }, Assert.Single(version.Outputs).Shape);
        Assert.Equal("READY", version.State);
        var response = await silo.Inference(key).ModelInferAsync(Request(name));
        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
        Assert.Contains(name, (await silo.Models(key).ListModelsAsync(new ListModelsRequest())).Models.Select(m => m.Name));
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("truncated")]
    [InlineData("not-onnx")]
    public async Task A_broken_file_is_refused_with_invalid_argument_and_leaves_nothing_registered(string kind)
    {
        var name = Unique(kind);
        var file = kind switch
        {
            "corrupt" => LibraryFiles.Corrupt(),
            "truncated" => LibraryFiles.Truncated(),
            _ => LibraryFiles.NotOnnx(),
        };

        var refused = await Assertions.FailsWith(StatusCode.InvalidArgument,
            () => LibraryUploads.RegisterAsync(silo.Models(Admin), LibraryUploads.Header(name, LibraryFiles.CompleteCard()), file));

        Assert.Contains("not a servable ONNX model", refused.Status.Detail);
        await Assertions.FailsWith(StatusCode.NotFound, async () => await silo.Models(Admin).GetModelAsync(new GetModelRequest { Name = name }));
        Assert.DoesNotContain(name, (await silo.Models(Admin).ListModelsAsync(new ListModelsRequest())).Models.Select(m => m.Name));
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_over_grpc_and_rest()
    {
        var name = Unique("too-big");
        var file = new byte[LibrarySiloFixture.MaxFileBytes + 1];

        var refused = await Assertions.FailsWith(StatusCode.ResourceExhausted,
            () => LibraryUploads.RegisterAsync(silo.Models(Admin), LibraryUploads.Header(name, LibraryFiles.CompleteCard()), file));
        Assert.Contains($"{LibrarySiloFixture.MaxFileBytes} bytes", refused.Status.Detail);

        using var put = await silo.Http.SendAsync(Put(name, Admin, file, LibraryFiles.CompleteCard()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, put.StatusCode);
        await Assertions.FailsWith(StatusCode.NotFound, async () => await silo.Models(Admin).GetModelAsync(new GetModelRequest { Name = name }));
    }

    [Fact]
    public async Task An_upload_without_a_key_is_refused_as_unauthenticated_over_grpc_and_rest()
    {
        var name = Unique("no-key");
        var anonymous = new global::Granary.Protocol.V1.Models.ModelsClient(silo.Channel);

        await Assertions.FailsWith(StatusCode.Unauthenticated,
            () => LibraryUploads.RegisterAsync(anonymous, LibraryUploads.Header(name, LibraryFiles.CompleteCard()), LibraryFiles.Mlp()));

        using var put = await silo.Http.SendAsync(Put(name, key: null, LibraryFiles.Mlp(), LibraryFiles.CompleteCard()));
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        await Assertions.FailsWith(StatusCode.NotFound, async () => await silo.Models(Admin).GetModelAsync(new GetModelRequest { Name = name }));
    }

    [Fact]
    public async Task A_private_model_is_seen_and_called_only_by_its_tenant_and_admins_and_is_not_found_for_another()
    {
        var (owner, ownerKey) = await silo.TenantAsync("owner");
        var (other, otherKey) = await silo.TenantAsync("other");
        var name = $"{owner}/{Unique("private")}";

        await LibraryUploads.RegisterAsync(silo.Models(ownerKey), LibraryUploads.Header(name), LibraryFiles.Mlp());

        var seen = await silo.Models(ownerKey).GetModelAsync(new GetModelRequest { Name = name });
        Assert.Equal(("private", owner), (seen.Visibility, seen.Owner));
        Assert.Equal(new long[] { 1, 10 }, (await silo.Inference(ownerKey).ModelInferAsync(Request(name))).Outputs[0].Shape);
        Assert.Contains(name, (await silo.Models(ownerKey).ListModelsAsync(new ListModelsRequest())).Models.Select(m => m.Name));
        Assert.Contains(name, (await silo.Models(Admin).ListModelsAsync(new ListModelsRequest())).Models.Select(m => m.Name));
        Assert.Equal(new long[] { 1, 10 }, (await silo.Inference(Admin).ModelInferAsync(Request(name))).Outputs[0].Shape);

        var outsider = silo.Models(otherKey);
        Assert.DoesNotContain(name, (await outsider.ListModelsAsync(new ListModelsRequest())).Models.Select(m => m.Name));
        await Assertions.FailsWith(StatusCode.NotFound, async () => await outsider.GetModelAsync(new GetModelRequest { Name = name }));
        await Assertions.FailsWith(StatusCode.NotFound, async () => await silo.Inference(otherKey).ModelInferAsync(Request(name)));
        await Assertions.FailsWith(StatusCode.NotFound, async () => await outsider.UpdateCardAsync(new UpdateCardRequest { Name = name, Card = new ModelCard() }));
        await Assertions.FailsWith(StatusCode.NotFound, async () => await outsider.DeleteModelVersionAsync(new DeleteModelVersionRequest { Name = name, Version = 1 }));
        await Assertions.FailsWith(StatusCode.PermissionDenied,
            () => LibraryUploads.RegisterAsync(outsider, LibraryUploads.Header($"{owner}/{Unique("squat")}"), LibraryFiles.Mlp()));
        await Assertions.FailsWith(StatusCode.PermissionDenied,
            () => LibraryUploads.RegisterAsync(outsider, LibraryUploads.Header(Unique("public-by-tenant"), LibraryFiles.CompleteCard()), LibraryFiles.Mlp()));
        Assert.NotEqual(owner, other);
    }

    [Fact]
    public async Task A_public_model_needs_the_required_card_fields_and_the_refusal_names_the_missing_ones()
    {
        var name = Unique("incomplete");
        var card = LibraryFiles.CompleteCard();
        card.IntendedUse = "";
        card.License = "";

        var refused = await Assertions.FailsWith(StatusCode.FailedPrecondition,
            () => LibraryUploads.RegisterAsync(silo.Models(Admin), LibraryUploads.Header(name, card), LibraryFiles.Mlp()));

        Assert.Contains("missing: intended_use, license", refused.Status.Detail);
        await LibraryUploads.RegisterAsync(silo.Models(Admin), LibraryUploads.Header(name, LibraryFiles.CompleteCard()), LibraryFiles.Mlp());
        await Assertions.FailsWith(StatusCode.FailedPrecondition, async () => await silo.Models(Admin).UpdateCardAsync(new UpdateCardRequest { Name = name, Card = card }));
    }

    [Fact]
    public async Task A_card_is_updated_and_versions_are_added_and_deleted_until_the_model_is_gone()
    {
        var (owner, key) = await silo.TenantAsync("versions");
        var name = $"{owner}/{Unique("mlp")}";
        var models = silo.Models(key);
        await LibraryUploads.RegisterAsync(models, LibraryUploads.Header(name), LibraryFiles.Mlp(seed: 1));

        var second = await LibraryUploads.RegisterAsync(models, LibraryUploads.Header(name), LibraryFiles.Mlp(seed: 2));
        await Assertions.FailsWith(StatusCode.AlreadyExists, () => LibraryUploads.RegisterAsync(models, LibraryUploads.Header(name, version: 2), LibraryFiles.Mlp(seed: 3)));
        var updated = await models.UpdateCardAsync(new UpdateCardRequest { Name = name, Card = new ModelCard { Description = "now described", BaseModel = "mlp-classifier" } });

        Assert.Equal(2, second.Version);
        Assert.Equal("mlp-classifier", updated.Card.BaseModel);
        Assert.Equal(["2"], (await models.DeleteModelVersionAsync(new DeleteModelVersionRequest { Name = name, Version = 1 })).VersionsLeft);
        await Eventually.TrueAsync(async () => (await models.GetModelAsync(new GetModelRequest { Name = name })).Versions.Select(v => v.Version).SequenceEqual(["2"]),
            TimeSpan.FromSeconds(10), "the model to list only version 2");
        Assert.Empty((await models.DeleteModelVersionAsync(new DeleteModelVersionRequest { Name = name, Version = 2 })).VersionsLeft);
        await Eventually.TrueAsync(async () => !(await models.ListModelsAsync(new ListModelsRequest())).Models.Any(m => m.Name == name),
            TimeSpan.FromSeconds(10), "the model to be gone from the list");
    }

    [Fact]
    public async Task A_version_in_the_traffic_split_is_not_deleted_until_the_split_leaves_it()
    {
        var name = Unique("split");
        var models = silo.Models(Admin);
        await LibraryUploads.RegisterAsync(models, LibraryUploads.Header(name, LibraryFiles.CompleteCard()), LibraryFiles.Mlp(seed: 1));
        await LibraryUploads.RegisterAsync(models, LibraryUploads.Header(name, LibraryFiles.CompleteCard()), LibraryFiles.Mlp(seed: 2));
        await models.SetTrafficAsync(new SetTrafficRequest { Name = name, Traffic = { new TrafficShare { Version = 1, Percent = 90 }, new TrafficShare { Version = 2, Percent = 10 } } });

        var refused = await Assertions.FailsWith(
            StatusCode.FailedPrecondition, () => models.DeleteModelVersionAsync(new DeleteModelVersionRequest { Name = name, Version = 2 }).ResponseAsync);
        await models.SetTrafficAsync(new SetTrafficRequest { Name = name });
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await models.DeleteModelVersionAsync(new DeleteModelVersionRequest { Name = name, Version = 2 })).VersionsLeft.SequenceEqual(["1"]);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(10),
            "version 2 to be deleted once the split is cleared");

        Assert.Contains("traffic split", refused.Status.Detail);
    }

    [Fact]
    public async Task A_tenant_keeps_no_more_models_than_its_plan_allows()
    {
        var (tenant, key) = await silo.TenantAsync("tiny", plan: "tiny");
        await LibraryUploads.RegisterAsync(silo.Models(key), LibraryUploads.Header($"{tenant}/first"), LibraryFiles.Mlp());

        var refused = await Assertions.FailsWith(StatusCode.ResourceExhausted,
            () => LibraryUploads.RegisterAsync(silo.Models(key), LibraryUploads.Header($"{tenant}/second"), LibraryFiles.Mlp()));

        Assert.Contains("max_models 1", refused.Status.Detail);
        var tooWide = LibraryUploads.Header($"{tenant}/first");
        tooWide.Deployment.MaxReplicas = 3;
        tooWide.Deployment.Replicas = 3;
        Assert.Contains("max_replicas", (await Assertions.FailsWith(StatusCode.ResourceExhausted,
            () => LibraryUploads.RegisterAsync(silo.Models(key), tooWide, LibraryFiles.Mlp()))).Status.Detail);
    }

    [Fact]
    public async Task Uploads_at_the_same_moment_cannot_pass_the_plan_together()
    {
        var (tenant, key) = await silo.TenantAsync("tiny-race", plan: "tiny");
        var file = LibraryFiles.Mlp();

        var uploads = Enumerable.Range(0, 4)
            .Select(i => LibraryUploads.RegisterAsync(silo.Models(key), LibraryUploads.Header($"{tenant}/racer-{i}"), file))
            .ToArray();
        var outcomes = await Task.WhenAll(uploads.Select(async upload =>
        {
            try
            {
                await upload;
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                Assert.Contains("max_models 1", e.Status.Detail);
                return e.StatusCode;
            }
        }));

        Assert.Equal(1, outcomes.Count(c => c == StatusCode.OK));
        Assert.Equal(3, outcomes.Count(c => c == StatusCode.ResourceExhausted));
        var owned = (await silo.Models(key).ListModelsAsync(new ListModelsRequest())).Models.Where(m => m.Name.StartsWith($"{tenant}/", StringComparison.Ordinal));
        Assert.Single(owned);
    }

    [Fact]
    public async Task A_deleted_version_s_file_leaves_the_store_once_no_version_names_it_and_a_refused_upload_leaves_none()
    {
        var (tenant, key) = await silo.TenantAsync("collect");
        var models = silo.Models(key);
        var file = LibraryFiles.Mlp(seed: Random.Shared.Next(1_000, int.MaxValue));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        var (first, second) = ($"{tenant}/{Unique("first")}", $"{tenant}/{Unique("second")}");
        await LibraryUploads.RegisterAsync(models, LibraryUploads.Header(first), file);
        await LibraryUploads.RegisterAsync(models, LibraryUploads.Header(second), file);
        Assert.True(silo.StoreHolds(sha256));

        await models.DeleteModelVersionAsync(new DeleteModelVersionRequest { Name = first, Version = 1 });
        Assert.True(silo.StoreHolds(sha256), "the file went while another model's version still names it");
        Assert.Equal(new long[] { 1, 10 }, (await silo.Inference(key).ModelInferAsync(Request(second))).Outputs[0].Shape);

        await models.DeleteModelVersionAsync(new DeleteModelVersionRequest { Name = second, Version = 1 });
        Assert.False(silo.StoreHolds(sha256), "the file stayed after the last version naming it was deleted");

        var kept = $"{tenant}/{Unique("kept")}";
        await LibraryUploads.RegisterAsync(models, LibraryUploads.Header(kept, version: 1), LibraryFiles.Mlp());
        var refusedFile = LibraryFiles.Mlp(seed: Random.Shared.Next(1_000, int.MaxValue));
        await Assertions.FailsWith(StatusCode.AlreadyExists, () => LibraryUploads.RegisterAsync(models, LibraryUploads.Header(kept, version: 1), refusedFile));
        Assert.False(silo.StoreHolds(Convert.ToHexStringLower(SHA256.HashData(refusedFile))), "a refused upload left its file in the store");
    }

    [Fact]
    public async Task A_file_put_over_rest_is_registered_read_back_as_json_and_served()
    {
        var (tenant, key) = await silo.TenantAsync("rest");
        var name = $"{tenant}/{Unique("put")}";
        var file = LibraryFiles.Mlp();

        using var put = await silo.Http.SendAsync(Put(name, key, file, new ModelCard { Description = "put over REST" }));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var registered = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), registered.RootElement.GetProperty("sha256").GetString());
        using var get = await silo.Http.SendAsync(AdminRestSiloFixture.Request(HttpMethod.Get, $"/v1/models/{name}", key));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var model = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal("put over REST", model.RootElement.GetProperty("card").GetProperty("description").GetString());
        Assert.Equal(new long[] { 1, 10 }, (await silo.Inference(key).ModelInferAsync(Request(name))).Outputs[0].Shape);
        var (_, otherKey) = await silo.TenantAsync("rest-other");
        using var hidden = await silo.Http.SendAsync(AdminRestSiloFixture.Request(HttpMethod.Get, $"/v1/models/{name}", otherKey));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task A_private_model_is_called_over_the_kserve_rest_routes_by_its_tenant_and_is_not_found_for_another()
    {
        var (tenant, key) = await silo.TenantAsync("kserve");
        var (_, otherKey) = await silo.TenantAsync("kserve-other");
        var model = Unique("private");
        var name = $"{tenant}/{model}";
        await LibraryUploads.RegisterAsync(silo.Models(key), LibraryUploads.Header(name), LibraryFiles.Mlp());

        foreach (var path in new[] { $"/v2/models/{tenant}/{model}", $"/v2/models/{tenant}%2F{model}", $"/v2/models/{tenant}%2f{model}/versions/1" })
        {
            using var metadata = await SendAsync(HttpMethod.Get, path, key);
            Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
            using var described = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync());
            Assert.Equal(name, described.RootElement.GetProperty("name").GetString());
            using var ready = await SendAsync(HttpMethod.Get, $"{path}/ready", key);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var infer = await SendAsync(HttpMethod.Post, $"{path}/infer", key, new StringContent(RestTenants.MlpRequest, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
            using var answer = JsonDocument.Parse(await infer.Content.ReadAsStringAsync());
            Assert.Equal(name, answer.RootElement.GetProperty("model_name").GetString());
            Assert.Equal([1, 10], answer.RootElement.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));

            using var hidden = await SendAsync(HttpMethod.Post, $"{path}/infer", otherKey, new StringContent(RestTenants.MlpRequest, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Contains("not found", (await hidden.Content.ReadAsStringAsync()).ToLowerInvariant());
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, HttpContent? body = null) =>
        silo.Http.SendAsync(AdminRestSiloFixture.Request(method, path, key, body));

    /// <summary>The REST upload: the file as the body, the card as JSON in a header.</summary>
    private static HttpRequestMessage Put(string name, string? key, byte[] file, ModelCard card)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = AdminRestSiloFixture.Request(HttpMethod.Put, $"/v1/models/{name}/versions/1", key, content);
        request.Headers.Add("Granary-Card", Google.Protobuf.JsonFormatter.Default.Format(card));
        return request;
    }
}
