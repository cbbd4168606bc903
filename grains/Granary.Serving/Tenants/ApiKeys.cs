using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Granary.Tenants;

/// <summary>
/// API keys: <c>gk_{key id}_{secret}_{checksum}</c>, the key id 6 random bytes in hex, the secret 32 random
/// bytes and the checksum the first 6 characters of the SHA-256 of <c>gk_{key id}_{secret}</c>, both base64url.
/// The checksum (as in GitHub's tokens) lets a silo refuse a mistyped or made-up key without a lookup; it is
/// no secret. Keys issued before it, <c>gk_{key id}_{secret}</c>, keep working: the shapes differ in length.
/// The key id finds the key's record; only a SHA-256 of the whole key is stored. A fast hash is right here: the
/// key is random with 256 bits of entropy, so no dictionary or brute-force attack applies, and the hot path can
/// check it without a costly derivation.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "gk_";
    private const int KeyIdLength = 12;
    private const int SecretLength = 43;
    private const int ChecksumLength = 6;
    private const int UncheckedLength = 3 + KeyIdLength + 1 + SecretLength;
    private const int CheckedLength = UncheckedLength + 1 + ChecksumLength;

    public static (string KeyId, string Secret) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));
        var body = $"{Prefix}{keyId}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        return (keyId, $"{body}_{ChecksumOf(body)}");
    }

    public static string Hash(string key)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, digest);
        return Convert.ToHexStringLower(digest);
    }

    public static bool Matches(string key, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(hash));

    /// <summary>
    /// The key id inside a key, or null when the string is not a Granary key: neither the shape issued
    /// before checksums nor one whose checksum holds.
    /// </summary>
    public static string? KeyIdOf(string key)
    {
        if (key.Length is not (UncheckedLength or CheckedLength) || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[3 + KeyIdLength] != '_')
        {
            return null;
        }

        var keyId = key.AsSpan(Prefix.Length, KeyIdLength);
        if (keyId.ContainsAnyExcept("0123456789abcdef") || !Base64Url.IsValid(key.AsSpan(UncheckedLength - SecretLength, SecretLength)))
        {
            return null;
        }

        if (key.Length == CheckedLength && (key[UncheckedLength] != '_' || !key.AsSpan(UncheckedLength + 1).SequenceEqual(ChecksumOf(key.AsSpan(0, UncheckedLength)))))
        {
            return null;
        }

        return keyId.ToString();
    }

    private static string ChecksumOf(ReadOnlySpan<char> uncheckedKey)
    {
        Span<byte> ascii = stackalloc byte[UncheckedLength];
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Encoding.ASCII.GetBytes(uncheckedKey, ascii);
        SHA256.HashData(ascii, digest);
        return Base64Url.EncodeToString(digest)[..ChecksumLength];
    }
}
