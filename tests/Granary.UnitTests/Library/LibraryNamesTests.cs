using Granary.Inference;
using Granary.Library;
using Granary.Replicas;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Granary.Tenants.Plans;
using Granary.Models;

namespace Granary.UnitTests.Library;

public sealed class LibraryNamesTests
{
    private static readonly Caller Admin = new(CallerRole.Admin, "", "");
    private static readonly Caller Acme = new(CallerRole.Tenant, "acme", "k1");
    private static readonly Caller Globex = new(CallerRole.Tenant, "globex", "k2");

    [Theory]
    [InlineData("resnet", "")]
    [InlineData("acme/resnet", "acme")]
    [InlineData("acme/", null)]
    [InlineData("Acme/resnet", null)]
    [InlineData("acme/res/net", null)]
    [InlineData("../etc", null)]
    public void A_name_belongs_to_a_tenant_or_is_public_or_is_no_library_name(string name, string? tenant) =>
        Assert.Equal(tenant, LibraryNames.TenantOf(name));

    [Fact]
    public void A_tenant_writes_only_under_its_own_prefix_and_only_admins_publish_plain_names()
    {
        Assert.Equal("acme", LibraryNames.Writable(Acme, "acme/resnet"));
        Assert.Equal("", LibraryNames.Writable(Admin, "resnet"));
        Assert.Equal("acme", LibraryNames.Writable(Admin, "acme/resnet"));
        Assert.Throws<PermissionDeniedException>(() => LibraryNames.Writable(Acme, "resnet"));
        Assert.Throws<PermissionDeniedException>(() => LibraryNames.Writable(Globex, "acme/resnet"));
        Assert.Throws<InvalidModelUploadException>(() => LibraryNames.Writable(Acme, "acme/bad name"));
    }

    [Fact]
    public void Another_tenants_private_model_is_not_found_as_if_it_did_not_exist()
    {
        LibraryNames.EnsureVisible(Acme, "acme/resnet");
        LibraryNames.EnsureVisible(Globex, "resnet");
        LibraryNames.EnsureVisible(Admin, "acme/resnet");
        Assert.Equal("model 'acme/resnet' not found", Assert.Throws<ModelNotFoundException>(() => LibraryNames.EnsureVisible(Globex, "acme/resnet")).Message);
    }

    [Fact]
    public void A_private_models_replica_key_round_trips_through_its_escaped_form()
    {
        var key = new ReplicaKey("acme/resnet", 3, 1);
        var regional = new ReplicaKey("acme/resnet", 3, 0, "eu");

        Assert.Equal("acme:resnet/3/1", key.ToString());
        Assert.Equal(key, ReplicaKey.Parse(key.ToString()));
        Assert.Equal(regional, ReplicaKey.Parse(regional.ToString()));
    }

    [Fact]
    public void A_public_card_names_every_missing_required_field()
    {
        var card = new ModelCard { Description = "d", License = "MIT" };

        Assert.Equal(["intended_use", "limitations", "owner"], card.MissingForPublic());
        Assert.Empty((card with { IntendedUse = "i", Limitations = "l", Owner = "o" }).MissingForPublic());
    }

    [Fact]
    public void A_plans_library_bounds_fall_back_field_by_field_to_the_tenant_defaults()
    {
        var defaults = new PlanLibrary { MaxModels = 10, MaxBytes = 100, MaxReplicas = 2, MaxDeviceMemoryMib = 4096 };

        var bounds = new PlanLibrary { MaxModels = 1, MaxReplicas = 4 }.Over(defaults);

        Assert.Equal((1, 100L, 4, 4096L), (bounds.MaxModels, bounds.MaxBytes, bounds.MaxReplicas, bounds.MaxDeviceMemoryMib));
    }

    [Fact]
    public async Task An_upload_past_the_limit_is_refused_before_its_bytes_are_written_and_leaves_no_file()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"upload-{Guid.NewGuid():N}");
        string path;
        await using (var upload = new ModelUpload(directory, maxBytes: 10))
        {
            path = upload.Path;
            await upload.AppendAsync(new byte[6], CancellationToken.None);
            await Assert.ThrowsAsync<ModelFileTooLargeException>(async () => await upload.AppendAsync(new byte[5], CancellationToken.None));
            Assert.Equal(6, upload.Length);
        }

        Assert.False(File.Exists(path));
        Directory.Delete(directory);
    }
}
