using System.Diagnostics;
using System.Globalization;
using KnockSensor.IntegrationTests.Infrastructure;
using KnockSensor.IntegrationTests.Live;

namespace KnockSensor.IntegrationTests.Web;

/// <summary>
/// Helpers for the web endpoint tests: commands inside the sensor's namespace (B, where it listens on 127.0.0.1:10642),
/// certificates and bcrypt hashes made with the system's tools, and background programs (Prometheus, wrk) that are
/// stopped by their own process id.
/// </summary>
internal static class WebLab
{
    public const string Endpoint = "127.0.0.1:10642";

    /// <summary>Runs a shell command line in namespace B.</summary>
    public static ProcessResult InB(LiveLab lab, string command, TimeSpan? timeout = null) =>
        ProcessRunner.Run("ip", ["netns", "exec", lab.NamespaceB, "/bin/bash", "-c", command], timeout: timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>An HTTP status code from curl in namespace B (000 when no HTTP answer came).</summary>
    public static int Status(LiveLab lab, string curlArguments)
    {
        var result = InB(lab, $"curl -s -o /dev/null -w '%{{http_code}}' --max-time 5 {curlArguments}");
        return int.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling every 200 ms, or fails with <paramref name="what"/>.</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail(what());
            }

            Thread.Sleep(200);
        }
    }

    /// <summary>A self-signed certificate for 127.0.0.1 (EC P-256), written as PEM to <paramref name="certFile"/> and <paramref name="keyFile"/>.</summary>
    public static void MakeCertificate(string certFile, string keyFile, string commonName)
    {
        var result = ProcessRunner.Run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=" + commonName, "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyFile, "-out", certFile]);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    /// <summary>A bcrypt hash of <paramref name="password"/> made by htpasswd (apache2-utils), cost 10.</summary>
    public static string BcryptHash(string user, string password)
    {
        var result = ProcessRunner.Run("htpasswd", ["-nbBC", "10", user, password]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var line = result.StandardOutput.Trim();
        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>Starts <paramref name="program"/> in namespace B in the background; dispose to stop it (SIGTERM, then kill).</summary>
    public static BackgroundProcess StartInB(LiveLab lab, string program, params string[] arguments) =>
        BackgroundProcess.StartIn(lab.NamespaceB, [program, .. arguments]);
}
