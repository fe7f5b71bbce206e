using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

public sealed class FlowTableTests
{
    private const long Second = QuiescentTraffic.SecondNs;

    [Fact]
    public void A_flow_ends_after_its_idle_timeout()
    {
        var table = new FlowTable(1024, idleTimeoutSeconds: 60);
        var a = QuiescentTraffic.External(1);
        var b = QuiescentTraffic.Target(1);
        Assert.True(table.Touch(QuiescentTraffic.Syn(0, a, 5000, b, 80), 80, 0, out var first));
        Assert.True(first);
        Assert.False(table.Touch(QuiescentTraffic.Syn(59 * Second, a, 5000, b, 80), 80, 0, out first));
        Assert.False(first);
        // 60 s after the last packet (not the first) is still the same flow; one nanosecond more is a new one.
        Assert.False(table.Touch(QuiescentTraffic.Syn(119 * Second, a, 5000, b, 80), 80, 0, out _));
        Assert.True(table.Touch(QuiescentTraffic.Syn((179 * Second) + 1, a, 5000, b, 80), 80, 0, out _));
        Assert.Equal(2, table.Started);
        Assert.Equal(0, table.Evicted);
    }

    [Fact]
    public void Flows_are_one_way_five_tuples()
    {
        var table = new FlowTable(1024, 60);
        var a = QuiescentTraffic.External(1);
        var b = QuiescentTraffic.Target(1);
        Assert.True(table.Touch(QuiescentTraffic.Syn(0, a, 5000, b, 80), 80, 0, out _));
        Assert.True(table.Touch(QuiescentTraffic.Syn(1, b, 80, a, 5000), 5000, 0, out _));
        Assert.True(table.Touch(QuiescentTraffic.Syn(2, a, 5001, b, 80), 80, 0, out _));
        Assert.True(table.Touch(QuiescentTraffic.Syn(3, a, 5000, b, 81), 81, 0, out _));
        var udp = QuiescentTraffic.Syn(4, a, 5000, b, 80);
        udp.Protocol = KnockSensor.Decode.IpProtocol.Udp;
        Assert.True(table.Touch(udp, 80, 0, out _));
        Assert.False(table.Touch(QuiescentTraffic.Syn(5, a, 5000, b, 80), 80, 0, out _));
        Assert.Equal(5, table.Started);
    }

    [Fact]
    public void A_flow_is_first_in_each_new_bin_once()
    {
        var table = new FlowTable(1024, 600);
        static KnockSensor.Decode.PortEvent PortEventAt(long t) => QuiescentTraffic.Syn(t, QuiescentTraffic.External(1), 5000, QuiescentTraffic.Target(1), 80);
        table.Touch(PortEventAt(10 * Second), 80, binStartNs: 0, out var first);
        Assert.True(first);
        table.Touch(PortEventAt(20 * Second), 80, binStartNs: 0, out first);
        Assert.False(first);
        Assert.False(table.Touch(PortEventAt(70 * Second), 80, binStartNs: 60 * Second, out first));
        Assert.True(first);
        Assert.False(table.Touch(PortEventAt(80 * Second), 80, binStartNs: 60 * Second, out first));
        Assert.False(first);
    }

    [Fact]
    public void A_full_table_evicts_the_stalest_flow_and_counts_it()
    {
        const int Capacity = 64;
        const int Flows = 1000;
        var table = new FlowTable(Capacity, idleTimeoutSeconds: 3600);
        for (var i = 0; i < Flows; i++)
        {
            Assert.True(table.Touch(QuiescentTraffic.Syn(i, QuiescentTraffic.External(i), 5000, QuiescentTraffic.Target(1), 80), 80, 0, out _));
        }

        Assert.Equal(Flows, table.Started);
        Assert.InRange(table.Evicted, Flows - Capacity, Flows);
        Assert.Equal(Capacity, table.CountLive(Flows));

        // The newest flow survived; the very first was evicted long ago, so it counts as a new flow again.
        Assert.False(table.Touch(QuiescentTraffic.Syn(Flows, QuiescentTraffic.External(Flows - 1), 5000, QuiescentTraffic.Target(1), 80), 80, 0, out _));
        Assert.True(table.Touch(QuiescentTraffic.Syn(Flows + 1, QuiescentTraffic.External(0), 5000, QuiescentTraffic.Target(1), 80), 80, 0, out _));
    }

    [Fact]
    public void Timed_out_slots_are_reused_without_eviction()
    {
        var table = new FlowTable(64, idleTimeoutSeconds: 1);
        for (var i = 0; i < 1000; i++)
        {
            // Each flow starts two seconds after the previous one: every older flow has timed out.
            table.Touch(QuiescentTraffic.Syn(i * 2 * Second, QuiescentTraffic.External(i), 5000, QuiescentTraffic.Target(1), 80), 80, 0, out _);
        }

        Assert.Equal(1000, table.Started);
        Assert.Equal(0, table.Evicted);
    }
}
