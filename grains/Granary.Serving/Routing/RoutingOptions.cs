namespace Granary.Routing;

/// <summary><c>Granary:Routing</c>: how long the router waits on a replica on another silo, and when it leaves one out.</summary>
public sealed class RoutingOptions
{
    public const string Section = "Granary:Routing";

    /// <summary>
    /// Calls this silo keeps in flight to one replica on another silo. Requests for it beyond them wait, and go together in
    /// the next call that leaves (<see cref="RemoteCallBatcher"/>): one grain call for many requests under overload, none
    /// held back below it. 4 and 64 measured alike at 64 callers on a 2-core machine (README); 64 never makes a request wait
    /// while fewer than 64 calls are out.
    /// </summary>
    public int RemoteCallsInFlight { get; set; } = 64;

    /// <summary>The most requests one call to a replica on another silo carries.</summary>
    public int RequestsPerRemoteCall { get; set; } = 64;

    /// <summary>The least a call to a replica on another silo is given, however fast the replica has been.</summary>
    public TimeSpan RemoteCallFloor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A call is given this many times the replica's recent latency (mean plus four deviations), above the floor.</summary>
    public double TimeoutOverLatency { get; set; } = 3;

    /// <summary>What a call is given before the replica has answered this silo once (it may be a slow model).</summary>
    public TimeSpan FirstCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeouts or unreachable answers in a row that eject a replica from the router's choice.</summary>
    public int ConsecutiveFailuresToEject { get; set; } = 3;

    /// <summary>The first ejection's length; the n-th lasts n times this.</summary>
    public TimeSpan BaseEjection { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxEjection { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this share of a version's replicas is ejected at once; a version with one replica keeps it.</summary>
    public int MaxEjectionPercent { get; set; } = 50;
}
