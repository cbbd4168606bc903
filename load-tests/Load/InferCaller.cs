namespace Granary.LoadTests.Load;

/// <summary>
/// One inference call of a fixed request set, whatever the protocol: the seam the closed and open loops drive.
/// Implementations build every request before the loop starts and are safe to call from many callers at once.
/// </summary>
public abstract class InferCaller
{
    /// <summary>What a call that got no answer, or a wrong one, is counted as.</summary>
    public const string IncompleteResponse = "IncompleteResponse";

    public abstract int Rows { get; }

    /// <summary>
    /// Sends the <paramref name="sequence"/>-th request: closed-loop caller <paramref name="caller"/>'s, or, when
    /// null, the open loop's, spread over the connections. Returns null when answered in full, else the error to count.
    /// </summary>
    public abstract Task<string?> CallAsync(long sequence, int? caller, CancellationToken cancellationToken);
}
