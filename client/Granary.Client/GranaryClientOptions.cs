namespace Granary.Client;

/// <summary>Where a <see cref="GranaryClient"/> connects, how it authenticates, and how long and how often it tries.</summary>
public sealed record GranaryClientOptions
{
    public const string DefaultAddress = "http://127.0.0.1:50051";

    /// <summary>The server's address; <c>http://</c> speaks plain HTTP/2 (h2c), <c>https://</c> HTTP/2 over TLS.</summary>
    public string Address { get; init; } = DefaultAddress;

    /// <summary>
    /// For <c>https://</c>: a PEM file of certificates (a private CA, or the server's self-signed certificate) the
    /// server's certificate may chain to, besides the system's roots. The host name must still match.
    /// </summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>Sent as <c>authorization: Bearer &lt;key&gt;</c> on every call when set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The deadline of each call, retries included, unless the call names its own; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a call that failed with UNAVAILABLE is tried again; no other status is retried.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The wait before the first retry; each later retry waits twice as long as the one before.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest message sent or received; inference tensors travel whole in one message.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024 * 1024;

    internal Uri Validate()
    {
        if (!Uri.TryCreate(Address, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{nameof(Address)} must be an absolute http:// or https:// address (got '{Address}').");
        }

        if (CaCertificatePath is not null && !File.Exists(CaCertificatePath))
        {
            throw new ArgumentException($"{nameof(CaCertificatePath)} names no readable file (got '{CaCertificatePath}').");
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"{nameof(Timeout)} must be positive or infinite (got {Timeout}).");
        }

        if (MaxRetries < 0)
        {
            throw new ArgumentException($"{nameof(MaxRetries)} must be 0 or more (got {MaxRetries}).");
        }

        if (RetryBackoff < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(RetryBackoff)} must not be negative (got {RetryBackoff}).");
        }

        if (MaxMessageSize < 1)
        {
            throw new ArgumentException($"{nameof(MaxMessageSize)} must be positive (got {MaxMessageSize}).");
        }

        return address;
    }
}
