namespace Granary.Client;

/// <summary>Where a <see cref="GranaryClient"/> connects, how it authenticates, and how long and how often it tries.</summary>
public sealed record GranaryClientOptions
{
    public const string DefaultAddress = "http://127.0.0.1:50051";

    /// <summary>The server's address; <c>http://</c> speaks plain HTTP/2 (h2c), <c>https://</c> HTTP/2 over TLS.</summary>
    public string Address { get; init; } = DefaultAddress;

    /// <summary>
    /// Several servers of one cluster, used instead of <see cref="Address"/> when not empty: calls go round them, and
    /// one that got no answer is tried again on another.
    /// </summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>
    /// For <c>https://</c>: a PEM file of certificates (a private CA, or the server's self-signed certificate) the
    /// server's certificate may chain to, besides the system's roots. The host name must still match.
    /// </summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>Sent as <c>authorization: Bearer &lt;key&gt;</c> on every call when set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The deadline of each call, retries included, unless the call names its own; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a call is tried again, on another server when there is one, after it failed with UNAVAILABLE
    /// or ran past <see cref="AttemptTimeout"/>; no other status is retried.
    /// </summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// The most the first retry waits; each later retry may wait twice as long, up to <see cref="MaxRetryBackoff"/>.
    /// The wait is drawn at random up to that ceiling (gRPC's jitter), and is at least what the server's RetryInfo asks.
    /// </summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most any retry waits by backoff alone.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one attempt may take before the call is tried on another server and this one is left out, so a hung
    /// server costs a call this much rather than its whole deadline; null lets an attempt run to the call's deadline.
    /// Only reads and inference (whose idempotency key makes a second attempt harmless) are given up on this way;
    /// admin writes wait for their server, which may be merely slow and have done them.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>How long a server that gave no answer is left out of the choice; doubled each time it fails again on return.</summary>
    public TimeSpan EjectionTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a server is left out.</summary>
    public TimeSpan MaxEjectionTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long opening a connection to a server may take before the attempt counts as unanswered.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock of backoff waits and ejections; null for the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>The largest message sent or received; inference tensors travel whole in one message.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>The servers to call, after checking every option.</summary>
    internal Uri[] Validate()
    {
        var addresses = Endpoints.Count > 0
            ? Endpoints.Select(endpoint => Parse(nameof(Endpoints), endpoint)).ToArray()
            : [Parse(nameof(Address), Address)];
        if (addresses.Distinct().Count() != addresses.Length)
        {
            throw new ArgumentException($"{nameof(Endpoints)} must not name a server twice (got {string.Join(", ", Endpoints)}).");
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

        if (MaxRetryBackoff < RetryBackoff)
        {
            throw new ArgumentException($"{nameof(MaxRetryBackoff)} must be at least {nameof(RetryBackoff)} (got {MaxRetryBackoff} < {RetryBackoff}).");
        }

        if (AttemptTimeout is { } attempt && attempt <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(AttemptTimeout)} must be positive when set (got {attempt}).");
        }

        if (EjectionTime < TimeSpan.Zero || MaxEjectionTime < EjectionTime)
        {
            throw new ArgumentException($"{nameof(EjectionTime)} must not be negative nor above {nameof(MaxEjectionTime)} (got {EjectionTime} and {MaxEjectionTime}).");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ConnectTimeout)} must be positive (got {ConnectTimeout}).");
        }

        if (MaxMessageSize < 1)
        {
            throw new ArgumentException($"{nameof(MaxMessageSize)} must be positive (got {MaxMessageSize}).");
        }

        return addresses;
    }

    private static Uri Parse(string option, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : throw new ArgumentException($"{option} must be an absolute http:// or https:// address (got '{text}').");
}
