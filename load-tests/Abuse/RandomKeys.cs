using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Granary.LoadTests.Abuse;

/// <summary>
/// Random keys in Granary's shape, <c>gk_{12 hex}_{secret}_{checksum}</c>: with a correct checksum they reach
/// the silo's key lookup (an unknown key id); with a wrong one they are refused before it.
/// </summary>
public static class RandomKeys
{
    public static string Next(bool validChecksum)
    {
        var body = $"gk_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var checksum = validChecksum ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(body)))[..6] : "AAAAAA";
        return $"{body}_{checksum}";
    }
}
