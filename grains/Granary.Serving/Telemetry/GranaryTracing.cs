using System.Diagnostics;

namespace Granary.Telemetry;

/// <summary>Granary's spans. A span is only created while something listens (an exporter or a test), so tracing off costs a null check.</summary>
public static class GranaryTracing
{
    public static readonly ActivitySource Source = new(GranaryInstruments.ActivitySourceName);
}
