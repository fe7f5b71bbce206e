using System.Security.Authentication;

namespace KnockSensor.Web;

/// <summary>The web config's <c>tls_server_config</c>, paths already resolved against the config file's directory.</summary>
/// <param name="CertFile">PEM certificate (chain) served; re-read when it changes on disk.</param>
/// <param name="KeyFile">PEM private key of that certificate.</param>
/// <param name="ClientAuth">Whether and how client certificates are asked for and checked.</param>
/// <param name="ClientCaFile">PEM CA certificates client certificates must chain to, or null.</param>
/// <param name="MinVersion">Lowest TLS version accepted (default TLS 1.2, as the toolkit).</param>
/// <param name="MaxVersion">Highest TLS version accepted (default TLS 1.3).</param>
public sealed record TlsServerConfig(
    string CertFile,
    string KeyFile,
    ClientAuthType ClientAuth,
    string? ClientCaFile,
    SslProtocols MinVersion,
    SslProtocols MaxVersion)
{
    /// <summary>The protocols from <see cref="MinVersion"/> to <see cref="MaxVersion"/>.</summary>
    public SslProtocols EnabledProtocols =>
        (MinVersion <= SslProtocols.Tls12 && MaxVersion >= SslProtocols.Tls12 ? SslProtocols.Tls12 : SslProtocols.None)
        | (MaxVersion >= SslProtocols.Tls13 ? SslProtocols.Tls13 : SslProtocols.None);

    /// <summary>True when client certificates must chain to <see cref="ClientCaFile"/>.</summary>
    public bool VerifiesClients => ClientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;

    /// <summary>True when a client without a certificate is refused.</summary>
    public bool RequiresClientCertificate => ClientAuth is ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert;
}
