namespace Granary.Client;

/// <summary>How one inference call is sent: which version, which outputs, in which encoding, and by when.</summary>
public sealed record InferOptions
{
    /// <summary>The model version; empty asks the server for the newest ready one.</summary>
    public string Version { get; init; } = "";

    /// <summary>An id the server echoes in the response, to match answers to requests in logs.</summary>
    public string? RequestId { get; init; }

    /// <summary>The outputs to return; empty returns every output of the model.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>
    /// Sends inputs in the typed <c>contents</c> fields instead of <c>raw_input_contents</c>. The protocol lets one
    /// request use only one of the two and has no typed field for FP16 or BF16, so a request with such an input
    /// travels raw whole.
    /// </summary>
    public bool UseTypedContents { get; init; }

    /// <summary>The call's time limit, retries included; overrides <see cref="GranaryClientOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The call's absolute deadline (UTC), retries included; wins over <see cref="Timeout"/> when both are set.</summary>
    public DateTime? Deadline { get; init; }
}
