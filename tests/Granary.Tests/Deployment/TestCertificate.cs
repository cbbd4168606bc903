using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Granary.Tests.Deployment;

/// <summary>A self-signed ECDSA certificate for 127.0.0.1 and localhost, written as PEM files for a silo to serve.</summary>
public static class TestCertificate
{
    /// <summary>Writes <c>tls.crt</c> and <c>tls.key</c> into <paramref name="directory"/>; returns the certificate, without its key, for clients to trust.</summary>
    public static X509Certificate2 WritePem(string directory, out string certificatePath, out string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=granary-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        Directory.CreateDirectory(directory);
        certificatePath = Path.Combine(directory, "tls.crt");
        keyPath = Path.Combine(directory, "tls.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    /// <summary>A handler that accepts only <paramref name="trusted"/> as the server's certificate, as a client given that CA would.</summary>
    public static SocketsHttpHandler TrustingOnly(X509Certificate2 trusted) => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString(),
        },
    };
}
