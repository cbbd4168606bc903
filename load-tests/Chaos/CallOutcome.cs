using Grpc.Core;

namespace Granary.LoadTests.Chaos;

/// <summary>One logical call of the chaos load, retries included: whose, when it started and ended (since the scenario began), and how.</summary>
public sealed record CallOutcome(string Tenant, TimeSpan Start, TimeSpan End, StatusCode Status)
{
    public bool Ok => Status == StatusCode.OK;

    public TimeSpan Latency => End - Start;
}
