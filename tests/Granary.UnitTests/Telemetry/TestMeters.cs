using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.UnitTests.Telemetry;

/// <summary>A meter factory of its own per test, as a host's would be, so a listener can tell this test's instruments from others'.</summary>
public static class TestMeters
{
    public static IMeterFactory Factory() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
