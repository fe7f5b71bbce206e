using KnockSensor.IntegrationTests.Infrastructure;
using KnockSensor.IntegrationTests.Live;

namespace KnockSensor.IntegrationTests.Web;

/// <summary>
/// The web config on the published binary: HTTPS with a certificate made by openssl, renewed on disk and served
/// without a restart; bcrypt basic auth (hashes made by htpasswd) that admits the right user and refuses the rest,
/// and takes new users at <c>POST /-/reload</c>.
/// </summary>
public sealed class WebSecurityTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void HTTPS_serves_the_certificate_and_a_renewed_one_without_a_restart()
    {
        var cert = _scratch.File("sensor.crt");
        var key = _scratch.File("sensor.key");
        WebLab.MakeCertificate(cert, key, "knocksensor-first");
        File.Copy(cert, _scratch.File("first-ca.crt"));
        File.WriteAllText(_scratch.File("web.yml"), "tls_server_config:\n  cert_file: sensor.crt\n  key_file: sensor.key\n");

        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, "--web.config.file", _scratch.File("web.yml"));
        Assert.Equal(200, WebLab.Status(lab, $"--cacert {_scratch.File("first-ca.crt")} https://{WebLab.Endpoint}/-/healthy"));
        Assert.Equal(200, WebLab.Status(lab, $"--cacert {_scratch.File("first-ca.crt")} https://{WebLab.Endpoint}/metrics"));
        Assert.NotEqual(200, WebLab.Status(lab, $"http://{WebLab.Endpoint}/metrics"));

        // Renew: a new pair written beside the old one, then renamed over it (key first, as a renewal tool may).
        WebLab.MakeCertificate(_scratch.File("new.crt"), _scratch.File("new.key"), "knocksensor-second");
        File.Copy(_scratch.File("new.crt"), _scratch.File("second-ca.crt"));
        File.Move(_scratch.File("new.key"), key, overwrite: true);
        File.Move(_scratch.File("new.crt"), cert, overwrite: true);

        WebLab.WaitFor(
            () => WebLab.Status(lab, $"--cacert {_scratch.File("second-ca.crt")} https://{WebLab.Endpoint}/-/healthy") == 200,
            TimeSpan.FromSeconds(10),
            () => "the renewed certificate was never served: " + sensor.StandardError);

        // The old certificate is no longer what the server presents, and the process never restarted.
        Assert.Equal(0, WebLab.Status(lab, $"--cacert {_scratch.File("first-ca.crt")} https://{WebLab.Endpoint}/-/healthy"));
        var subject = WebLab.InB(lab, $"openssl s_client -connect {WebLab.Endpoint} </dev/null 2>/dev/null | openssl x509 -noout -subject").StandardOutput;
        Assert.Contains("knocksensor-second", subject, StringComparison.Ordinal);
        var run = sensor.Terminate(TimeSpan.FromSeconds(3));
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Single(run.StandardError.Split('\n'), static line => line.Contains("serving metrics", StringComparison.Ordinal));
    }

    [Fact]
    public void Basic_auth_admits_the_right_credentials_refuses_others_and_reloads_its_users()
    {
        var webConfig = _scratch.File("web.yml");
        File.WriteAllText(webConfig, $"basic_auth_users:\n  prometheus: {WebLab.BcryptHash("prometheus", "right horse")}\n");

        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, "--web.config.file", webConfig);
        var metrics = $"http://{WebLab.Endpoint}/metrics";
        Assert.Equal(200, WebLab.Status(lab, $"-u 'prometheus:right horse' {metrics}"));
        Assert.Equal(200, WebLab.Status(lab, $"-u 'prometheus:right horse' {metrics}"));
        Assert.Equal(401, WebLab.Status(lab, $"-u 'prometheus:wrong horse' {metrics}"));
        Assert.Equal(401, WebLab.Status(lab, $"-u 'grafana:right horse' {metrics}"));
        Assert.Equal(401, WebLab.Status(lab, metrics));
        Assert.Equal(401, WebLab.Status(lab, $"http://{WebLab.Endpoint}/"));

        // New users at POST /-/reload: the old password stops working, the new one works; GET is not a reload.
        File.WriteAllText(webConfig, $"basic_auth_users:\n  prometheus: {WebLab.BcryptHash("prometheus", "battery staple")}\n");
        Assert.Equal(405, WebLab.Status(lab, $"-u 'prometheus:right horse' http://{WebLab.Endpoint}/-/reload"));
        Assert.Equal(200, WebLab.Status(lab, $"-u 'prometheus:right horse' -X POST http://{WebLab.Endpoint}/-/reload"));
        Assert.Equal(401, WebLab.Status(lab, $"-u 'prometheus:right horse' {metrics}"));
        Assert.Equal(200, WebLab.Status(lab, $"-u 'prometheus:battery staple' {metrics}"));

        // A broken config is refused with its line; the users in force stay, and the reload gauge says it failed.
        File.WriteAllText(webConfig, "basic_auth_users:\n  prometheus: not-a-hash\n");
        var reload = WebLab.InB(lab, $"curl -s -u 'prometheus:battery staple' -X POST http://{WebLab.Endpoint}/-/reload");
        Assert.Contains("web.yml:2: basic_auth_users.prometheus: needs a bcrypt hash", reload.StandardOutput, StringComparison.Ordinal);
        var exposition = WebLab.InB(lab, $"curl -s -u 'prometheus:battery staple' {metrics}").StandardOutput;
        Assert.Matches("(?m)^knocksensor_config_last_reload_successful 0$", exposition);
        sensor.Terminate(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Landing_page_health_and_a_disabled_endpoint()
    {
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, "--web.telemetry-path", "/stats");
        var landing = WebLab.InB(lab, $"curl -sf http://{WebLab.Endpoint}/").StandardOutput;
        Assert.Contains("<a href=\"/stats\">", landing, StringComparison.Ordinal);
        Assert.Contains("0.1.0", landing, StringComparison.Ordinal);
        Assert.Equal("OK\n", WebLab.InB(lab, $"curl -sf http://{WebLab.Endpoint}/-/healthy").StandardOutput);
        Assert.Equal(200, WebLab.Status(lab, $"http://{WebLab.Endpoint}/stats"));
        Assert.Equal(404, WebLab.Status(lab, $"http://{WebLab.Endpoint}/metrics"));
        sensor.Terminate(TimeSpan.FromSeconds(3));

        var quiet = lab.StartSensor(_scratch, "--web.listen-address", "none");
        Assert.Equal(0, WebLab.Status(lab, $"http://{WebLab.Endpoint}/metrics"));
        quiet.Terminate(TimeSpan.FromSeconds(3));
    }
}
