using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

public sealed class HomeNetworksTests
{
    [Fact]
    public void Splits_incoming_outgoing_internal_and_transit()
    {
        var home = HomeNetworks.Parse("10.0.0.0/8, 192.168.1.0/24,2001:db8::/32");
        var inside = QuiescentTraffic.V4(10, 1, 2, 3);
        var lan = QuiescentTraffic.V4(192, 168, 1, 200);
        var outside = QuiescentTraffic.V4(192, 168, 2, 1);
        var v6Inside = KnockSensor.Decode.PacketAddress.FromIPAddress(System.Net.IPAddress.Parse("2001:db8:ffff::1"));
        var v6Outside = KnockSensor.Decode.PacketAddress.FromIPAddress(System.Net.IPAddress.Parse("2001:db9::1"));

        Assert.Equal(FlowDirection.Incoming, home.Classify(outside, inside));
        Assert.Equal(FlowDirection.Outgoing, home.Classify(lan, outside));
        Assert.Equal(FlowDirection.Internal, home.Classify(lan, inside));
        Assert.Equal(FlowDirection.Transit, home.Classify(outside, QuiescentTraffic.V4(8, 8, 8, 8)));
        Assert.Equal(FlowDirection.Incoming, home.Classify(v6Outside, v6Inside));
        Assert.Equal(FlowDirection.Outgoing, home.Classify(v6Inside, v6Outside));
        Assert.Equal(new[] { "10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32" }, home.Prefixes);
    }

    [Fact]
    public void Prefix_boundaries_are_exact()
    {
        var home = HomeNetworks.Parse("172.16.0.0/12,10.9.8.7");
        Assert.True(home.Contains(QuiescentTraffic.V4(172, 31, 255, 255)));
        Assert.False(home.Contains(QuiescentTraffic.V4(172, 32, 0, 0)));
        Assert.False(home.Contains(QuiescentTraffic.V4(172, 15, 255, 255)));
        Assert.True(home.Contains(QuiescentTraffic.V4(10, 9, 8, 7)));
        Assert.False(home.Contains(QuiescentTraffic.V4(10, 9, 8, 6)));
        // An IPv4 prefix never matches an IPv6 address that merely shares low bits.
        Assert.False(home.Contains(new KnockSensor.Decode.PacketAddress(1, QuiescentTraffic.V4(172, 16, 0, 1).Low)));
        Assert.Equal("172.16.0.0/12", HomeNetworks.Parse("172.20.1.1/12").Prefixes[0]);
        Assert.True(HomeNetworks.Parse("0.0.0.0/0").Contains(QuiescentTraffic.V4(1, 2, 3, 4)));
    }

    [Fact]
    public void Without_home_networks_every_flow_is_incoming()
    {
        Assert.Equal(FlowDirection.Incoming, HomeNetworks.None.Classify(QuiescentTraffic.V4(10, 0, 0, 1), QuiescentTraffic.V4(10, 0, 0, 2)));
    }

    [Theory]
    [InlineData("", "empty entry")]
    [InlineData("10.0.0.0/8,", "empty entry")]
    [InlineData("10.0.0.0/33", "prefix length must be a whole number from 0 to 32, not '33'")]
    [InlineData("2001:db8::/129", "from 0 to 128")]
    [InlineData("10.0.0.0/-1", "not '-1'")]
    [InlineData("10.0.0.0/", "not ''")]
    [InlineData("10.0.0/8x", "not an IPv4 or IPv6 address")]
    [InlineData("example.com/24", "'example.com' is not an IPv4 or IPv6 address")]
    [InlineData("fe80::1%eth0/64", "is not an IPv4 or IPv6 address")]
    public void Refuses_bad_input_with_a_message_that_names_it(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => HomeNetworks.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
