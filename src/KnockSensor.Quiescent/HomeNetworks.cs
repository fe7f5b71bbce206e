using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// The operator's own networks (<c>--home-net</c>), which split flows into incoming and outgoing. IPv4 prefixes are
/// held IPv4-mapped like <see cref="PacketAddress"/>, so one 128-bit mask test serves both families.
/// </summary>
/// <remarks>A handful of prefixes is the expected case, so membership is a linear scan over two parallel arrays.</remarks>
public sealed class HomeNetworks
{
    private readonly ulong[] _high;
    private readonly ulong[] _low;
    private readonly ulong[] _maskHigh;
    private readonly ulong[] _maskLow;
    private readonly string[] _text;

    private HomeNetworks(ulong[] high, ulong[] low, ulong[] maskHigh, ulong[] maskLow, string[] text)
    {
        _high = high;
        _low = low;
        _maskHigh = maskHigh;
        _maskLow = maskLow;
        _text = text;
    }

    /// <summary>No home networks: every flow counts as incoming.</summary>
    public static HomeNetworks None { get; } = new([], [], [], [], []);

    public int Count => _text.Length;

    /// <summary>The prefixes as given, normalised (host bits cleared).</summary>
    public IReadOnlyList<string> Prefixes => _text;

    /// <summary>
    /// Parses <c>CIDR[,CIDR…]</c>, e.g. <c>10.0.0.0/8,2001:db8::/32</c>. A bare address is a /32 or /128.
    /// </summary>
    /// <exception cref="FormatException">A prefix is empty, not an address, or has a bad length; the message names it.</exception>
    public static HomeNetworks Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var high = new ulong[parts.Length];
        var low = new ulong[parts.Length];
        var maskHigh = new ulong[parts.Length];
        var maskLow = new ulong[parts.Length];
        var normalised = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                throw new FormatException($"home network list '{text}' has an empty entry");
            }

            var slash = part.IndexOf('/', StringComparison.Ordinal);
            var addressText = slash < 0 ? part : part[..slash];
            if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
            {
                throw new FormatException($"home network '{part}': '{addressText}' is not an IPv4 or IPv6 address");
            }

            var isV4 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
            if (isV4 && addressText.Count(static c => c == '.') != 3)
            {
                // IPAddress also takes "10.1" or "167772161"; a home network is written as a dotted quad.
                throw new FormatException($"home network '{part}': '{addressText}' is not an IPv4 or IPv6 address (write IPv4 as a.b.c.d)");
            }

            var maxLength = isV4 ? 32 : 128;
            var length = maxLength;
            if (slash >= 0)
            {
                var lengthText = part[(slash + 1)..];
                if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > maxLength)
                {
                    throw new FormatException($"home network '{part}': prefix length must be a whole number from 0 to {maxLength}, not '{lengthText}'");
                }
            }

            var packet = PacketAddress.FromIPAddress(address);
            var mappedLength = isV4 ? 96 + length : length;
            (maskHigh[i], maskLow[i]) = Mask(mappedLength);
            high[i] = packet.High & maskHigh[i];
            low[i] = packet.Low & maskLow[i];
            normalised[i] = string.Create(CultureInfo.InvariantCulture, $"{new PacketAddress(high[i], low[i])}/{length}");
        }

        return new HomeNetworks(high, low, maskHigh, maskLow, normalised);
    }

    /// <summary>True when <paramref name="address"/> lies in one of the prefixes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(in PacketAddress address)
    {
        var high = _high;
        for (var i = 0; i < high.Length; i++)
        {
            if ((address.High & _maskHigh[i]) == high[i] && (address.Low & _maskLow[i]) == _low[i])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Which way a packet goes relative to the home networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FlowDirection Classify(in PacketAddress source, in PacketAddress destination)
    {
        if (_high.Length == 0)
        {
            return FlowDirection.Incoming;
        }

        var fromHome = Contains(source);
        var toHome = Contains(destination);
        return (fromHome, toHome) switch
        {
            (false, true) => FlowDirection.Incoming,
            (true, false) => FlowDirection.Outgoing,
            (true, true) => FlowDirection.Internal,
            _ => FlowDirection.Transit,
        };
    }

    public override string ToString() => string.Join(',', _text);

    private static (ulong High, ulong Low) Mask(int length) => length switch
    {
        0 => (0, 0),
        < 64 => (ulong.MaxValue << (64 - length), 0),
        64 => (ulong.MaxValue, 0),
        < 128 => (ulong.MaxValue, ulong.MaxValue << (128 - length)),
        _ => (ulong.MaxValue, ulong.MaxValue),
    };
}
