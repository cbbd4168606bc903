using System.Security.Cryptography;
using System.Text;

namespace Granary.Tenants;

/// <summary>
/// API keys: <c>gk_{key id}_{secret}</c>, the secret 32 random bytes. The key id finds the key's record; only
/// a SHA-256 of the whole key is stored. A fast hash is right here: the key is random with 256 bits of
/// entropy, so no dictionary or brute-force attack applies (as with GitHub or Stripe tokens), and the
/// hot path can check it without a costly derivation.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "gk_";

    public static (string KeyId, string Secret) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}_{secret}");
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string key, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(hash));

    /// <summary>The key id inside a key, or null when the string is not shaped like a Granary key.</summary>
    public static string? KeyIdOf(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = key.IndexOf('_', Prefix.Length);
        return end > Prefix.Length ? key[Prefix.Length..end] : null;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
