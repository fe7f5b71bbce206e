namespace KnockSensor.Generator;

/// <summary>
/// How a packet's payload bytes are made. Payloads look like their protocol where the port would make a
/// dissector expect it (DNS, NTP, HTTP, TLS records), so tshark decodes the sample capture cleanly.
/// </summary>
internal enum PayloadKind : byte
{
    None,

    /// <summary>Pseudo-random bytes (encrypted or binary traffic).</summary>
    Opaque,

    /// <summary>Printable ASCII lines.</summary>
    Text,

    /// <summary>An HTTP/1.1 GET request; <see cref="PacketSpec.PayloadSeed"/> picks the template.</summary>
    HttpRequest,

    /// <summary>A slice of an HTTP/1.1 response stream (header then body) at <see cref="PacketSpec.PayloadOffset"/>.</summary>
    HttpResponse,

    /// <summary>One TLS 1.2/1.3 application-data record filling the segment.</summary>
    TlsRecord,

    /// <summary>A DNS query; over TCP when the packet is TCP (with the two-byte length prefix).</summary>
    DnsQuery,

    /// <summary>The DNS answer to the matching query.</summary>
    DnsResponse,

    /// <summary>An NTPv4 client request (48 bytes).</summary>
    NtpRequest,

    /// <summary>An NTPv4 server response (48 bytes).</summary>
    NtpResponse,

    /// <summary>A QUIC short-header packet (opaque after the first byte).</summary>
    Quic,
}
