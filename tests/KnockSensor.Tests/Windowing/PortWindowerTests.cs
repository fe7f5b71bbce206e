using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Windowing;

public sealed class PortWindowerTests
{
    [Fact]
    public void Windows_close_every_ws_accesses_and_ignore_non_accesses()
    {
        var random = new Random(11);
        var sink = new RecordingSink();
        var windower = new PortWindower(new WindowingOptions { WindowSize = 37, KeepKnocksWhole = false, ScannerDistinctItems = 0 }, sink);
        var expected = new List<HashSet<KnockItem>>();
        var current = new HashSet<KnockItem>();
        var accesses = 0;
        var events = 0;
        for (var i = 0; i < 5000; i++)
        {
            events++;
            if (random.Next(3) == 0)
            {
                windower.Add(TestPortEvents.NonAccess(random));
                continue;
            }

            var item = KnockItem.Create((ItemProtocol)random.Next(2), random.Next(200));
            windower.Add(TestPortEvents.AccessTo(item, i));
            current.Add(item);
            if (++accesses % 37 == 0)
            {
                expected.Add(current);
                current = [];
            }
        }

        Assert.Equal(expected.Count, sink.Windows.Count);
        for (var w = 0; w < expected.Count; w++)
        {
            Assert.True(expected[w].SetEquals(sink.Windows[w].Items), $"window {w}");
            Assert.Equal(37, sink.Windows[w].Accesses);
            Assert.Equal(w, sink.Windows[w].Sequence);
        }

        windower.Flush();
        Assert.Equal(expected.Count + 1, sink.Windows.Count);
        Assert.True(current.SetEquals(sink.Windows[^1].Items));
        Assert.Equal(accesses % 37, sink.Windows[^1].Accesses);
        var counters = windower.Counters;
        Assert.Equal((events, accesses, events - accesses, expected.Count + 1L),
            (counters.Events, counters.Accesses, counters.Ignored, counters.WindowsClosed));

        windower.Flush();
        Assert.Equal(expected.Count + 1, sink.Windows.Count);
    }

    [Fact]
    public void Every_packet_policy_counts_replies_too()
    {
        var sink = new RecordingSink();
        var windower = new PortWindower(new WindowingOptions { WindowSize = 2, Policy = AccessPolicy.EveryPacket, KeepKnocksWhole = false }, sink);
        windower.Add(TestPortEvents.Tcp(22, 40000, TcpFlags.Syn | TcpFlags.Ack));
        windower.Add(TestPortEvents.Udp(53, 40001));
        Assert.Single(sink.Windows);
        Assert.True(sink.Windows[0].Items.SetEquals([KnockItem.Tcp(40000), KnockItem.Udp(40001)]));
    }

    [Fact]
    public void Adding_events_allocates_nothing()
    {
        var windower = new PortWindower(new WindowingOptions(), new NullSink());
        var events = new PortEvent[4096];
        var random = new Random(3);
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = random.Next(4) == 0
                ? TestPortEvents.NonAccess(random)
                : TestPortEvents.AccessTo(KnockItem.Create((ItemProtocol)random.Next(2), random.Next(65536)), i);

            // Many sources and destinations, so the scanner and episode tables are exercised, not one entry.
            events[i].Source = PacketAddress.FromIPv4((uint)random.Next());
            events[i].Destination = PacketAddress.FromIPv4(0x0A000000u | (uint)random.Next(4096));
        }

        // Warm-up: enough windows for every open-window slot to have been allocated once.
        for (var round = 0; round < 30; round++)
        {
            foreach (var portEvent in events)
            {
                windower.Add(portEvent);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 100; round++)
        {
            foreach (var portEvent in events)
            {
                windower.Add(portEvent);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(windower.Counters.WindowsClosed > 250, $"{windower.Counters.WindowsClosed} windows");
    }

    private sealed class RecordingSink : IWindowSink
    {
        public List<(HashSet<KnockItem> Items, int Accesses, long Sequence)> Windows { get; } = [];

        public void OnWindowClosed(PortWindow window) =>
            Windows.Add(([.. window.Items.ToArray()], window.AccessCount, window.Sequence));
    }

    private sealed class NullSink : IWindowSink
    {
        public void OnWindowClosed(PortWindow window)
        {
        }
    }
}
