using System.Net;

namespace KnockSensor.Web;

/// <summary>The HTML of <c>/</c>: what this is, its version, and where the metrics are.</summary>
public static class LandingPage
{
    public static string Html(string telemetryPath)
    {
        var path = WebUtility.HtmlEncode(telemetryPath);
        var version = WebUtility.HtmlEncode($"{BuildInfo.Version} (revision {BuildInfo.Revision})");
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>KnockSensor</title></head>
            <body>
            <h1>KnockSensor</h1>
            <p>Passive detection of port-knocking backdoors and quiescent-port anomalies. Version {version}.</p>
            <ul>
            <li><a href="{path}">Metrics</a> ({path})</li>
            <li><a href="/-/healthy">Health</a> (/-/healthy)</li>
            </ul>
            </body>
            </html>

            """;
    }
}
