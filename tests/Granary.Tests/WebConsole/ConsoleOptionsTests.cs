using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Granary.Tests.WebConsole;

/// <summary>The console is on by default, can be turned off, and a path that is not its own stops the silo naming the key.</summary>
public sealed class ConsoleOptionsTests
{
    [Theory]
    [InlineData("console")]
    [InlineData("/console/")]
    [InlineData("/v1/console")]
    [InlineData("/metrics")]
    [InlineData("/con sole")]
    public void A_console_path_that_is_not_its_own_stops_the_silo_naming_the_key(string path)
    {
        var error = Assert.Throws<OptionsValidationException>(() => GranarySiloHost.Build(
        [
            $"--Granary:Grpc:Port={FreePorts.Next()}",
            $"--Granary:Console:Path={path}",
        ]));

        Assert.Contains("Granary:Console:Path", error.Message);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task The_console_is_mapped_unless_turned_off(bool enabled, bool mapped)
    {
        await using var app = GranarySiloHost.Build(
        [
            $"--Granary:Grpc:Port={FreePorts.Next()}",
            $"--Granary:Grpc:HttpPort={FreePorts.Next()}",
            $"--Granary:Console:Enabled={enabled}",
        ]);

        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "");

        Assert.Equal(mapped, routes.Any(r => r.StartsWith("/console", StringComparison.Ordinal)));
    }
}
