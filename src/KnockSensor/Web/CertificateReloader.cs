using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace KnockSensor.Web;

/// <summary>
/// The server certificate of one <see cref="TlsServerConfig"/>, re-read from disk when the certificate or key file
/// changes (modification time or size), so a renewed certificate is served without a restart.
/// </summary>
/// <remarks>
/// Looked at during TLS handshakes, at most once per <see cref="CheckInterval"/>: a stat of two files, no watcher.
/// A pair that does not load (the key written before the certificate, say) keeps the previous certificate in
/// service and is tried again at the next check, so a half-finished swap never breaks HTTPS. Thread-safe.
/// </remarks>
public sealed class CertificateReloader
{
    /// <summary>How often the files' stamps are looked at, at most.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TlsServerConfig _config;
    private readonly Action<string>? _report;
    private readonly Lock _lock = new();
    private SslStreamCertificateContext _context;
    private (DateTime, long, DateTime, long) _stamp;
    private long _nextCheck;

    /// <summary>Loads the pair now; throws <see cref="System.Security.Cryptography.CryptographicException"/> or <see cref="IOException"/> when it cannot.</summary>
    /// <param name="config">The files.</param>
    /// <param name="report">Told once about each failed reload (the previous certificate stays in service).</param>
    public CertificateReloader(TlsServerConfig config, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _report = report;
        _stamp = Stamp();
        _context = Load();
        _nextCheck = Environment.TickCount64 + (long)CheckInterval.TotalMilliseconds;
    }

    /// <summary>The certificate served now.</summary>
    public X509Certificate2 Certificate => _context.TargetCertificate;

    /// <summary>The last reload failure, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>The certificate to present, reloaded first if its files changed.</summary>
    public SslStreamCertificateContext Current()
    {
        if (Environment.TickCount64 >= Volatile.Read(ref _nextCheck))
        {
            Check();
        }

        return Volatile.Read(ref _context);
    }

    /// <summary>Loads the certificate and key pair (for the start and for a reload that must fail loudly).</summary>
    public static X509Certificate2 LoadPair(TlsServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var pem = X509Certificate2.CreateFromPemFile(config.CertFile, config.KeyFile);

        // A PEM key is ephemeral; exporting to PKCS#12 and back gives SslStream a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private void Check()
    {
        lock (_lock)
        {
            if (Environment.TickCount64 < _nextCheck)
            {
                return;
            }

            _nextCheck = Environment.TickCount64 + (long)CheckInterval.TotalMilliseconds;
            (DateTime, long, DateTime, long) stamp;
            try
            {
                stamp = Stamp();
                if (stamp == _stamp)
                {
                    return;
                }

                Volatile.Write(ref _context, Load());
                _stamp = stamp;
                LastError = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                var error = FileErrors.Describe(e, $"{_config.CertFile} / {_config.KeyFile}");
                if (error != LastError)
                {
                    _report?.Invoke($"cannot reload the TLS certificate, the previous one stays in service: {error}");
                }

                LastError = error;
            }
        }
    }

    private SslStreamCertificateContext Load()
    {
        var certificate = LoadPair(_config);

        // The rest of the chain, if the file holds one, is sent along so clients can build it.
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(_config.CertFile);
        var intermediates = new X509Certificate2Collection();
        foreach (var extra in chain)
        {
            if (extra.Thumbprint != certificate.Thumbprint)
            {
                intermediates.Add(extra);
            }
        }

        return SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
    }

    private (DateTime, long, DateTime, long) Stamp()
    {
        var cert = new FileInfo(_config.CertFile);
        var key = new FileInfo(_config.KeyFile);
        return (cert.LastWriteTimeUtc, cert.Exists ? cert.Length : -1, key.LastWriteTimeUtc, key.Exists ? key.Length : -1);
    }
}
