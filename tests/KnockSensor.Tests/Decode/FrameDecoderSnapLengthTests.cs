using System.Buffers.Binary;
using KnockSensor.Capture;
using KnockSensor.Decode;

namespace KnockSensor.Tests.Decode;

/// <summary>
/// A snap length cuts the captured bytes but not the wire length: the decoder must give the same answer as for the
/// whole frame (plus <see cref="PortEventFlags.Truncated"/> when the cut is inside the IP packet) as long as every
/// header it reads was captured, and Malformed as soon as one was not. No oracle here: the whole frame is the reference.
/// </summary>
public sealed class FrameDecoderSnapLengthTests
{
    [Fact]
    public void Cut_frames_decode_like_the_whole_frame_while_their_headers_are_captured()
    {
        var generator = new DifferentialFrameGenerator(seed: 4_242);
        var rng = new Random(4_243);
        var checkedCuts = 0;
        var truncatedAndDecoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var frame = generator.Next();
            if (frame.IpOffset < 0)
            {
                continue;
            }

            var info = new FrameInfo(0, frame.Bytes.Length, frame.LinkType);
            var wholeStatus = FrameDecoder.Decode(frame.Bytes, info, out var whole, out _);
            var needed = BytesNeeded(frame, wholeStatus);
            var ipEnd = IpEnd(frame);
            var cuts = new HashSet<int> { rng.Next(frame.Bytes.Length), needed - 1, needed, needed + 1 };
            foreach (var boundary in frame.Boundaries)
            {
                cuts.UnionWith([boundary - 1, boundary, boundary + 1]);
            }

            foreach (var cut in cuts.Where(c => c >= 0 && c < frame.Bytes.Length))
            {
                var status = FrameDecoder.Decode(frame.Bytes.AsSpan(0, cut), info, out var cutEvent, out _);
                var context = $"{frame.Description}, cut at {cut} of {frame.Bytes.Length} (needs {needed}): {Convert.ToHexString(frame.Bytes)}";
                checkedCuts++;
                if (cut < needed)
                {
                    Assert.True(status == DecodeStatus.Malformed, $"{status} for {context}");
                    continue;
                }

                Assert.True(status == wholeStatus, $"{status} instead of {wholeStatus} for {context}");
                Assert.True(DecodeView.FromOurs(status, cutEvent) == DecodeView.FromOurs(wholeStatus, whole), $"fields differ for {context}");
                if (status == DecodeStatus.Malformed)
                {
                    continue;
                }

                var truncated = (cutEvent.Flags & PortEventFlags.Truncated) != 0;
                Assert.True(truncated == (cut < ipEnd), $"Truncated={truncated} for {context}");
                truncatedAndDecoded += truncated ? 1 : 0;
            }
        }

        Assert.True(checkedCuts > 100_000 && truncatedAndDecoded > 10_000, $"{checkedCuts} cuts, {truncatedAndDecoded} decoded with Truncated");
    }

    /// <summary>How many captured bytes the decoder needs for <paramref name="status"/>: every header up to the fields it reads.</summary>
    private static int BytesNeeded(GeneratedFrame frame, DecodeStatus status)
    {
        switch (status)
        {
            case DecodeStatus.Transport:
                return frame.TransportOffset + frame.Protocol switch
                {
                    6 => 20,
                    17 => 8,
                    _ => 4,
                };
            case DecodeStatus.LaterFragment when frame.IpVersion == 6:
                // The fragment header is the one whose predecessor's next-header field says 44.
                for (var k = 0; k < frame.ExtensionHeaderOffsets.Length; k++)
                {
                    if (ExtensionType(frame, k) == 44)
                    {
                        return frame.ExtensionHeaderOffsets[k] + 8;
                    }
                }

                throw new InvalidOperationException($"no fragment header in {frame.Description}");
            case DecodeStatus.OtherIpProtocol when frame.ExtensionHeaderOffsets.Length > 0:
                // The protocol is the last extension header's first byte; the rest of that header need not be captured,
                // except for a fragment header, whose offset field is read too.
                var last = frame.ExtensionHeaderOffsets.Length - 1;
                return frame.ExtensionHeaderOffsets[last] + (ExtensionType(frame, last) == 44 ? 8 : 2);
            default:
                return frame.TransportOffset;
        }
    }

    /// <summary>The type of extension header <paramref name="k"/>: its predecessor's next-header field.</summary>
    private static byte ExtensionType(GeneratedFrame frame, int k) =>
        k == 0 ? frame.Bytes[frame.IpOffset + 6] : frame.Bytes[frame.ExtensionHeaderOffsets[k - 1]];

    private static int IpEnd(GeneratedFrame frame) => frame.IpVersion == 4
        ? frame.IpOffset + BinaryPrimitives.ReadUInt16BigEndian(frame.Bytes.AsSpan(frame.IpOffset + 2))
        : frame.IpOffset + 40 + BinaryPrimitives.ReadUInt16BigEndian(frame.Bytes.AsSpan(frame.IpOffset + 4));
}
