using System.Security.Authentication;
using KnockSensor.Configuration;
using KnockSensor.Web;

namespace KnockSensor.Tests.Metrics;

/// <summary>The exporter-toolkit web config: what it accepts, and errors that name the line and the reason.</summary>
public sealed class WebConfigTests
{
    private const string Hash = "$2y$10$rXeXIsFwmoFvm8oCpi4UI.BjEV26zHfrxVALOsz17mr9DajtoYKp6";

    [Fact]
    public void A_full_config_is_read_with_paths_relative_to_its_directory()
    {
        var config = WebConfig.Parse(
            $"""
            # the toolkit's example, trimmed
            tls_server_config:
              cert_file: tls/server.crt
              key_file: /etc/knocksensor/server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.pem
              min_version: TLS13
            basic_auth_users:
              prometheus: {Hash}
              "grafana": '{Hash}'
            """,
            "web.yml",
            "/etc/knocksensor");

        var tls = Assert.IsType<TlsServerConfig>(config.Tls);
        Assert.Equal("/etc/knocksensor/tls/server.crt", tls.CertFile);
        Assert.Equal("/etc/knocksensor/server.key", tls.KeyFile);
        Assert.Equal("/etc/knocksensor/ca.pem", tls.ClientCaFile);
        Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, tls.ClientAuth);
        Assert.Equal(SslProtocols.Tls13, tls.EnabledProtocols);
        Assert.True(tls.VerifiesClients);
        Assert.True(tls.RequiresClientCertificate);
        Assert.Equal(["grafana", "prometheus"], config.Users.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Defaults_are_TLS_1_2_and_up_without_client_certificates()
    {
        var tls = WebConfig.Parse("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n", "web.yml", "/x").Tls!;
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, tls.EnabledProtocols);
        Assert.Equal(ClientAuthType.NoClientCert, tls.ClientAuth);
        Assert.Null(WebConfig.Parse("basic_auth_users:\n  a: " + Hash + "\n", "web.yml", "/x").Tls);
        Assert.Null(WebConfig.Parse("# nothing\n", "web.yml", "/x").Tls);
    }

    [Theory]
    [InlineData("tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suitez: [x]\n", "web.yml:4: unknown key 'cipher_suitez' in 'tls_server_config'")]
    [InlineData("basic_auth_users:\n  a: x\nhttp_server_config:\n  http2: false\n", "web.yml:3: unknown key 'http_server_config' at the top level")]
    [InlineData("tls_server_config:\n  key_file: b\n", "web.yml:2: tls_server_config.cert_file: is required")]
    [InlineData("basic_auth_users:\n  alice: plaintext\n", "web.yml:2: basic_auth_users.alice: needs a bcrypt hash")]
    [InlineData("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n", "web.yml:2: tls_server_config.client_ca_file: is required with client_auth_type RequireAndVerifyClientCert")]
    [InlineData("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n", "web.yml:4: tls_server_config.client_auth_type: needs one of NoClientCert")]
    [InlineData("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS10\n", "web.yml:4: tls_server_config.min_version: needs one of TLS12, TLS13")]
    [InlineData("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n", "web.yml:5: tls_server_config.max_version: is below min_version")]
    public void Mistakes_name_their_line_and_reason(string text, string expectedStart)
    {
        var error = Assert.Throws<ConfigurationException>(() => WebConfig.Parse(text, "web.yml", "/x"));
        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_that_cannot_be_loaded_fails_when_the_config_is_loaded()
    {
        var config = WebConfig.Parse("tls_server_config:\n  cert_file: /nonexistent/a.crt\n  key_file: /nonexistent/a.key\n", "web.yml", "/x");
        var error = Assert.Throws<ConfigurationException>(() => WebSecurity.Create(config, "web.yml"));
        Assert.StartsWith("web.yml: tls_server_config: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(":10642", null, 10642)]
    [InlineData("127.0.0.1:9", "127.0.0.1", 9)]
    [InlineData("[::1]:10642", "::1", 10642)]
    [InlineData("localhost:8080", "localhost", 8080)]
    public void Listen_addresses_parse(string text, string? host, int port) => Assert.Equal(new ListenAddress(host, port), ListenAddress.Parse(text));

    [Theory]
    [InlineData("10642")]
    [InlineData(":0")]
    [InlineData(":65536")]
    [InlineData("example.org:80")]
    public void Bad_listen_addresses_are_refused(string text) => Assert.Throws<FormatException>(() => ListenAddress.Parse(text));
}
