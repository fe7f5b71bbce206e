using System.Buffers.Text;

namespace KnockSensor.Generator;

/// <summary>HTTP/1.1 request templates and the response stream (header, then a text body) that segments slice.</summary>
internal static class HttpText
{
    private static readonly byte[][] Requests =
    [
        "GET / HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:119.0) Gecko/20100101 Firefox/119.0\r\nAccept: */*\r\n\r\n"u8.ToArray(),
        "GET /index.html HTTP/1.1\r\nHost: intranet.home.arpa\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"u8.ToArray(),
        "GET /api/v1/status HTTP/1.1\r\nHost: api.example.net\r\nUser-Agent: python-requests/2.28.1\r\nAccept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n"u8.ToArray(),
        "GET /debian/dists/bookworm/InRelease HTTP/1.1\r\nHost: deb.debian.org\r\nUser-Agent: Debian APT-HTTP/1.3 (2.6.1)\r\n\r\n"u8.ToArray(),
    ];

    private static ReadOnlySpan<byte> ResponsePrefix => "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "u8;

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    public static int RequestLength(uint seed) => Requests[seed % (uint)Requests.Length].Length;

    public static void WriteRequest(Span<byte> destination, uint seed) => Requests[seed % (uint)Requests.Length].CopyTo(destination);

    /// <summary>Total bytes of a response stream whose body is <paramref name="bodyLength"/> bytes.</summary>
    public static int ResponseLength(int bodyLength) => HeaderLength(bodyLength) + bodyLength;

    /// <summary>Writes bytes [offset, offset + destination.Length) of the response stream for the given body length.</summary>
    public static void WriteResponseSlice(Span<byte> destination, int offset, int bodyLength)
    {
        Span<byte> header = stackalloc byte[160];
        int headerLength = FormatHeader(header, bodyLength);
        int written = 0;
        if (offset < headerLength)
        {
            int count = Math.Min(headerLength - offset, destination.Length);
            header.Slice(offset, count).CopyTo(destination);
            written = count;
        }

        PayloadWriter.WriteText(destination[written..], offset + written - headerLength);
    }

    private static int HeaderLength(int bodyLength)
    {
        Span<byte> header = stackalloc byte[160];
        return FormatHeader(header, bodyLength);
    }

    private static int FormatHeader(Span<byte> header, int bodyLength)
    {
        ResponsePrefix.CopyTo(header);
        int length = ResponsePrefix.Length;
        Utf8Formatter.TryFormat(bodyLength, header[length..], out int digits);
        length += digits;
        HeaderEnd.CopyTo(header[length..]);
        return length + HeaderEnd.Length;
    }
}
