using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KnockSensor.Web;

/// <summary>
/// What one loaded web config enforces: the basic-auth users, the TLS certificate (reloaded from disk as it changes)
/// and the client CAs. A reload builds a new instance and swaps it in whole, so a handshake or request sees either
/// the old settings or the new ones, never a mix.
/// </summary>
public sealed class WebSecurity
{
    private readonly X509Certificate2Collection _clientCas = [];

    private WebSecurity(WebConfig config, Action<string>? report)
    {
        Config = config;
        Authenticator = new BasicAuthenticator(config.Users);
        if (config.Tls is { } tls)
        {
            Certificates = new CertificateReloader(tls, report);
            if (tls.ClientCaFile is not null)
            {
                _clientCas.ImportFromPemFile(tls.ClientCaFile);
                if (_clientCas.Count == 0)
                {
                    throw new CryptographicException($"{tls.ClientCaFile} holds no PEM certificate");
                }
            }
        }
    }

    public WebConfig Config { get; }

    public BasicAuthenticator Authenticator { get; }

    /// <summary>The server certificate, or null for plain HTTP.</summary>
    public CertificateReloader? Certificates { get; }

    /// <summary>Builds the settings of <paramref name="config"/>, loading its certificate, key and CAs (so a bad file fails here, not at the first handshake).</summary>
    /// <exception cref="Configuration.ConfigurationException">A file cannot be read or is not a usable PEM.</exception>
    /// <param name="config">The parsed web config.</param>
    /// <param name="fileName">Its file, for error messages.</param>
    /// <param name="report">Told about certificate reloads that fail later, while serving.</param>
    public static WebSecurity Create(WebConfig config, string fileName, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            return new WebSecurity(config, report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var tls = config.Tls!;
            var path = e is CryptographicException or ArgumentException ? $"{tls.CertFile} / {tls.KeyFile}" : null;
            throw new Configuration.ConfigurationException(fileName, 0, $"tls_server_config: {FileErrors.Describe(e, path)}", e);
        }
    }

    /// <summary>The TLS settings for one new connection.</summary>
    public SslServerAuthenticationOptions ServerOptions()
    {
        var tls = Config.Tls ?? throw new InvalidOperationException("plain HTTP has no TLS settings");
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = Certificates!.Current(),
            EnabledSslProtocols = tls.EnabledProtocols,
            ClientCertificateRequired = tls.ClientAuth != ClientAuthType.NoClientCert,
            RemoteCertificateValidationCallback = tls.ClientAuth == ClientAuthType.NoClientCert ? null : ValidateClient,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
    }

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var tls = Config.Tls!;
        if (certificate is null)
        {
            return !tls.RequiresClientCertificate;
        }

        if (!tls.VerifiesClients)
        {
            return true;
        }

        // Trust exactly client_ca_file, not the system store, as the toolkit does; the certificate must allow client auth.
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(_clientCas);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        own.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        using var client = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return own.Build(client);
    }
}
