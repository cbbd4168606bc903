using Granary.Library;

namespace Granary.UnitTests.Library;

/// <summary>The library's stated defaults and ranges, as the README gives them.</summary>
public sealed class LibraryOptionsTests
{
    [Fact]
    public void The_defaults_are_512_mib_per_file_1_mib_chunks_and_10_models_2_gib_2_replicas_4096_mib_per_tenant()
    {
        var options = new LibraryOptions();

        Assert.Equal(512L << 20, options.MaxFileBytes);
        Assert.Equal(1 << 20, options.ChunkBytes);
        Assert.Equal((10, 2L << 30, 2, 4096L), (options.TenantDefaults.MaxModels, options.TenantDefaults.MaxBytes, options.TenantDefaults.MaxReplicas, options.TenantDefaults.MaxDeviceMemoryMib));
        Assert.True(new LibraryOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(8L << 30, true)]
    [InlineData((8L << 30) + 1, false)]
    public void A_file_limit_from_1_byte_to_8_gib_is_accepted(long maxFileBytes, bool valid) =>
        Assert.Equal(valid, new LibraryOptionsValidator().Validate(null, new LibraryOptions { MaxFileBytes = maxFileBytes }).Succeeded);
}
