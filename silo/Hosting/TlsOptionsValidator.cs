using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

/// <summary>Checks that the named files exist and load as a certificate with its private key, so a bad path stops the silo at start.</summary>
public sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    private const string CertificateKey = $"{TlsOptions.Section}:CertificatePath";
    private const string KeyKey = $"{TlsOptions.Section}:KeyPath";

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (!options.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(options.KeyPath))
            {
                result.AddError($"{KeyKey} is set but {CertificateKey} is not; set both to serve TLS, or neither.");
            }

            return result.Build();
        }

        if (!File.Exists(options.CertificatePath))
        {
            result.AddError($"{CertificateKey} names no readable file (got '{options.CertificatePath}').");
        }

        if (!string.IsNullOrWhiteSpace(options.KeyPath) && !File.Exists(options.KeyPath))
        {
            result.AddError($"{KeyKey} names no readable file (got '{options.KeyPath}').");
        }

        if (result.Build().Failed)
        {
            return result.Build();
        }

        try
        {
            using var certificate = options.LoadCertificate();
            if (!certificate.HasPrivateKey)
            {
                result.AddError($"{CertificateKey} '{options.CertificatePath}' has no private key; name the PEM key in {KeyKey}.");
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            result.AddError($"{CertificateKey} '{options.CertificatePath}' could not be loaded with {KeyKey} and {TlsOptions.Section}:Password: {e.Message}");
        }

        return result.Build();
    }
}
