using System.Security.Cryptography.X509Certificates;

namespace Granary.Silo.Hosting;

/// <summary>
/// Transport security for both listeners (<c>Granary:Tls</c>): off unless a certificate is named. Without it API keys
/// and tensors cross the network in clear.
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Granary:Tls";

    /// <summary>A PEM certificate (its key in <see cref="KeyPath"/> or in the same file) or a PKCS#12 (.pfx) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate; unused for PKCS#12.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key.</summary>
    public string? Password { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>Reads the certificate with its private key; throws <see cref="System.Security.Cryptography.CryptographicException"/> when it cannot.</summary>
    public X509Certificate2 LoadCertificate()
    {
        var path = CertificatePath ?? throw new InvalidOperationException($"{Section}:CertificatePath is not set.");
        if (!IsPem(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, Password);
        }

        return string.IsNullOrEmpty(Password)
            ? X509Certificate2.CreateFromPemFile(path, KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, Password, KeyPath);
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var head = new char[256];
        var read = reader.ReadBlock(head);
        return new string(head, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
