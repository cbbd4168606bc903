using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Granary.Client;

/// <summary>Trusts a server certificate that chains to one of the certificates in a PEM file, beside the system's roots.</summary>
internal static class TrustedRoots
{
    public static RemoteCertificateValidationCallback FromPemFile(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{nameof(GranaryClientOptions.CaCertificatePath)} '{path}' could not be read as PEM certificates: {e.Message}", e);
        }

        if (roots.Count == 0)
        {
            throw new ArgumentException($"{nameof(GranaryClientOptions.CaCertificatePath)} '{path}' holds no PEM certificate.");
        }

        return (_, certificate, _, errors) =>
        {
            // A name mismatch or a missing certificate is never forgiven; only a chain the system does not trust.
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };
    }
}
