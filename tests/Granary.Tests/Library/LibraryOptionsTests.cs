using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Granary.Tests.Library;

public sealed class LibraryOptionsTests
{
    [Theory]
    [InlineData("--Granary:Library:MaxFileBytes=0", "Granary:Library:MaxFileBytes")]
    [InlineData("--Granary:Library:ChunkBytes=100", "Granary:Library:ChunkBytes")]
    [InlineData("--Granary:Plans:small:Library:MaxModels=-1", "Granary:Plans:small:Library:MaxModels")]
    public async Task A_bad_library_limit_stops_the_silo_at_start_naming_the_key(string argument, string key)
    {
        var root = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));
        await using var app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(FreePorts.Next(), 0, Path.Combine(root, "models"), Path.Combine(root, ".state"), adminKey: "options-admin-key-0123456789"),
            argument,
        ]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(key, error.Message);
    }
}
