namespace Granary.Usage;

/// <summary>
/// A usage record's id: 128 bits from the thread's non-cryptographic generator, written as 32 hex digits. An id
/// only has to be unique, for the ledger's deduplication; unlike <see cref="Guid.NewGuid"/> it costs no system call.
/// </summary>
public static class UsageRecordIds
{
    public static string New()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        return new Guid(bits).ToString("N");
    }
}
