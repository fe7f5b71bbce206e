using KnockSensor.Windowing;

namespace KnockSensor.Tests.Windowing;

public sealed class PortWindowTests
{
    [Fact]
    public void Bitmaps_items_and_first_seen_match_a_set_of_the_accesses()
    {
        var random = new Random(7);
        var window = new PortWindow(500);
        for (var round = 0; round < 20; round++)
        {
            var expectedFirstSeen = new Dictionary<KnockItem, long>();
            var accesses = random.Next(1, 501);
            for (var i = 0; i < accesses; i++)
            {
                var item = KnockItem.Create((ItemProtocol)random.Next(3), random.Next(round % 2 == 0 ? 65536 : 40));
                var isNew = window.Add(item, 1000 + i);
                Assert.Equal(!expectedFirstSeen.ContainsKey(item), isNew);
                expectedFirstSeen.TryAdd(item, 1000 + i);
            }

            Assert.Equal(accesses, window.AccessCount);
            Assert.Equal(expectedFirstSeen.Count, window.ItemCount);
            Assert.Equal(1000, window.StartNs);
            Assert.Equal(1000 + accesses - 1, window.EndNs);
            for (var i = 0; i < window.ItemCount; i++)
            {
                Assert.Equal(expectedFirstSeen[window.Items[i]], window.FirstSeenNs[i]);
            }

            // Every bitmap bit, read back plane by plane, is exactly the item set.
            var fromBitmaps = new HashSet<KnockItem>();
            foreach (var protocol in new[] { ItemProtocol.Tcp, ItemProtocol.Udp, ItemProtocol.Icmp })
            {
                var plane = window.Bitmap(protocol);
                Assert.Equal(1024, plane.Length);
                for (var port = 0; port < 65536; port++)
                {
                    if ((plane[port >> 6] & (1UL << port)) != 0)
                    {
                        fromBitmaps.Add(KnockItem.Create(protocol, port));
                    }
                }
            }

            Assert.True(fromBitmaps.SetEquals(expectedFirstSeen.Keys));
            Assert.All(expectedFirstSeen.Keys, item => Assert.True(window.Contains(item)));

            window.Clear();
            Assert.Equal(0, window.ItemCount);
            Assert.Equal(0, window.AccessCount);
            foreach (var protocol in new[] { ItemProtocol.Tcp, ItemProtocol.Udp, ItemProtocol.Icmp })
            {
                Assert.True(window.Bitmap(protocol).IndexOfAnyExcept(0UL) < 0);
            }
        }
    }

    [Fact]
    public void Same_port_on_two_protocols_is_two_items()
    {
        var window = new PortWindow(10);
        Assert.True(window.Add(KnockItem.Tcp(999), 1));
        Assert.True(window.Add(KnockItem.Udp(999), 2));
        Assert.False(window.Add(KnockItem.Tcp(999), 3));
        Assert.Equal(2, window.ItemCount);
        Assert.Equal(3, window.AccessCount);
    }

    [Fact]
    public void SwapLog_hands_over_the_log_and_the_window_goes_on_with_the_replacement()
    {
        var window = new PortWindow(capacity: 4, answerCapacity: 2);
        Assert.Equal(6, window.LogCapacity);
        window.Add(KnockItem.Tcp(1), 10);
        window.Add(KnockItem.Udp(2), 20);

        var replacement = new WindowAccess[window.LogCapacity];
        var log = window.SwapLog(replacement);

        Assert.NotSame(replacement, log);
        Assert.Equal([KnockItem.Tcp(1), KnockItem.Udp(2)], log.Take(2).Select(a => a.Item));
        Assert.True(window.Accesses.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => window.SwapLog(new WindowAccess[5]));

        window.Clear();
        window.Add(KnockItem.Tcp(3), 30);
        Assert.Equal(KnockItem.Tcp(3), window.Accesses[0].Item);
        Assert.Equal(KnockItem.Tcp(3), replacement[0].Item);
        Assert.Equal(KnockItem.Tcp(1), log[0].Item);
    }
}
