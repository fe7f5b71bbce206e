using System.Globalization;
using System.Net;

namespace KnockSensor.Web;

/// <summary>One <c>--web.listen-address</c>: <c>HOST:PORT</c>, <c>[IPv6]:PORT</c>, or <c>:PORT</c> for every address.</summary>
/// <param name="Host">An IP address, <c>localhost</c>, or null for every address (IPv4 and IPv6).</param>
/// <param name="Port">The TCP port.</param>
public sealed record ListenAddress(string? Host, int Port)
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static ListenAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"'{text}' is not HOST:PORT (e.g. :{WebOptions.DefaultPort} or 127.0.0.1:{WebOptions.DefaultPort})");
        }

        var host = text[..colon];
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"'{text}' needs a port from 1 to 65535");
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0)
        {
            return new ListenAddress(null, port);
        }

        if (host != "localhost" && !IPAddress.TryParse(host, out _))
        {
            throw new FormatException($"'{text}': the host must be an IP address or localhost, not '{host}'");
        }

        return new ListenAddress(host, port);
    }

    /// <summary>For messages: the address as an operator would type it.</summary>
    public override string ToString() => Host is null
        ? string.Create(CultureInfo.InvariantCulture, $":{Port}")
        : Host.Contains(':', StringComparison.Ordinal) ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}") : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
