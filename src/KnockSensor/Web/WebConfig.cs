using System.Security.Authentication;
using KnockSensor.Configuration;

namespace KnockSensor.Web;

/// <summary>
/// The <c>--web.config.file</c>, in the Prometheus exporter toolkit's schema: <c>tls_server_config</c> (HTTPS, optional
/// client certificates) and <c>basic_auth_users</c> (user → bcrypt hash). Immutable; a reload builds a new one.
/// </summary>
public sealed record WebConfig
{
    /// <summary>No file: plain HTTP, no authentication.</summary>
    public static WebConfig None { get; } = new();

    /// <summary>HTTPS settings, or null for plain HTTP.</summary>
    public TlsServerConfig? Tls { get; init; }

    /// <summary>User name → bcrypt hash; empty when no authentication is asked for.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Reads and checks <paramref name="path"/>; throws <see cref="ConfigurationException"/> ("file:line: reason").</summary>
    public static WebConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(path, 0, $"cannot read the web config: {FileErrors.Describe(e, path)}", e);
        }

        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/");
    }

    /// <summary>Parses the web config <paramref name="text"/>; relative file names are resolved against <paramref name="baseDirectory"/>, as the toolkit does.</summary>
    public static WebConfig Parse(string text, string fileName, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return None;
        }

        var root = MappingReader.Parse(text, fileName);
        root.RejectUnknownKeys("tls_server_config", "basic_auth_users");
        var tls = root.Mapping("tls_server_config") is { } tlsMapping ? ParseTls(tlsMapping, baseDirectory) : null;
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Mapping("basic_auth_users") is { } usersMapping)
        {
            foreach (var (user, hash, line) in usersMapping.Pairs())
            {
                if (!Bcrypt.IsBcryptHash(hash))
                {
                    throw new ConfigurationException(fileName, line, $"basic_auth_users.{user}: needs a bcrypt hash ($2y$..., 60 characters; make one with htpasswd -nBC 10 USER)");
                }

                users[user] = hash;
            }
        }

        return new WebConfig { Tls = tls, Users = users };
    }

    private static TlsServerConfig ParseTls(MappingReader tls, string baseDirectory)
    {
        tls.RejectUnknownKeys("cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version", "max_version");
        var certFile = tls.String("cert_file") ?? throw tls.Invalid("cert_file", "is required with tls_server_config (a PEM certificate file)");
        var keyFile = tls.String("key_file") ?? throw tls.Invalid("key_file", "is required with tls_server_config (a PEM private key file)");
        var clientAuth = tls.Choice("client_auth_type", Enum.GetNames<ClientAuthType>()) is { } name ? Enum.Parse<ClientAuthType>(name) : ClientAuthType.NoClientCert;
        var clientCa = tls.String("client_ca_file");
        var min = Version(tls, "min_version") ?? SslProtocols.Tls12;
        var max = Version(tls, "max_version") ?? SslProtocols.Tls13;
        if (max < min)
        {
            throw tls.Invalid("max_version", "is below min_version");
        }

        var config = new TlsServerConfig(Resolve(certFile, baseDirectory), Resolve(keyFile, baseDirectory), clientAuth, clientCa is null ? null : Resolve(clientCa, baseDirectory), min, max);
        if (config.VerifiesClients && clientCa is null)
        {
            throw tls.Invalid("client_ca_file", $"is required with client_auth_type {clientAuth}");
        }

        return config;
    }

    private static SslProtocols? Version(MappingReader tls, string key) => tls.Choice(key, "TLS12", "TLS13") switch
    {
        null => null,
        "TLS12" => SslProtocols.Tls12,
        _ => SslProtocols.Tls13,
    };

    private static string Resolve(string path, string baseDirectory) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
}
