using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Output;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Output;

/// <summary>
/// The <c>knock</c> event's fields: issue 3's contract (<c>timestamp</c>, <c>event_type</c>, <c>dest_ip</c>,
/// <c>src_ips</c>, <c>knock</c>) unchanged, and the shell connection's EVE flow fields with its Community ID between
/// <c>src_ips</c> and <c>knock</c> when there is one.
/// </summary>
public sealed class KnockEventTests
{
    private const long LastSeen = 1_700_000_000_005_585_000L;
    private static readonly PacketAddress Host = Address("10.1.0.12");
    private static readonly PacketAddress Knocker = Address("192.178.64.223");

    [Fact]
    public void A_knock_with_a_shell_connection_carries_its_flow_fields_and_community_id()
    {
        var connection = new ShellConnection(Knocker, 51234, Host, KnockItem.Tcp(22), LastSeen);

        var root = Write(Knock(KnockItem.Tcp(22), connection));

        Assert.Equal(
            ["timestamp", "event_type", "dest_ip", "src_ips", "src_ip", "src_port", "dest_port", "proto", "community_id", "knock"],
            root.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("10.1.0.12", root.GetProperty("dest_ip").GetString());
        Assert.Equal("192.178.64.223", root.GetProperty("src_ip").GetString());
        Assert.Equal(51234, root.GetProperty("src_port").GetInt32());
        Assert.Equal(22, root.GetProperty("dest_port").GetInt32());
        Assert.Equal("tcp", root.GetProperty("proto").GetString());
        Assert.Equal(CommunityId.Compute(Knocker, 51234, Host, 22, 6), root.GetProperty("community_id").GetString());
        var knock = root.GetProperty("knock");
        Assert.Equal(
            ["id", "sequence", "shell_port", "activations", "first_seen", "last_seen", "src_ip_count", "update"],
            knock.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("""{"proto":"tcp","port":22}""", knock.GetProperty("shell_port").GetRawText());
    }

    [Fact]
    public void Without_a_shell_connection_the_event_is_issue_3s_contract_alone()
    {
        var root = Write(Knock(shell: null, connection: null));

        Assert.Equal(["timestamp", "event_type", "dest_ip", "src_ips", "knock"], root.EnumerateObject().Select(static p => p.Name));
        Assert.False(root.GetProperty("knock").TryGetProperty("shell_port", out _));
    }

    [Fact]
    public void A_udp_shell_over_ipv6_is_a_udp_flow()
    {
        var host = Address("2001:db8::12");
        var client = Address("2001:db8:ffff::1");
        var connection = new ShellConnection(client, 40000, host, KnockItem.Udp(5353), LastSeen);

        var root = Write(Knock(KnockItem.Udp(5353), connection) with { Destination = host });

        Assert.Equal("2001:db8:ffff::1", root.GetProperty("src_ip").GetString());
        Assert.Equal("udp", root.GetProperty("proto").GetString());
        Assert.Equal(5353, root.GetProperty("dest_port").GetInt32());
        Assert.Equal(CommunityId.Compute(client, 40000, host, 5353, 17), root.GetProperty("community_id").GetString());
    }

    [Fact]
    public void An_icmp_echo_shell_has_a_type_and_a_community_id_and_a_one_way_type_none()
    {
        var echo = Write(Knock(KnockItem.Icmpv6(128), new ShellConnection(Knocker, 0, Host, KnockItem.Icmpv6(128), LastSeen)));
        var oneWay = Write(Knock(KnockItem.Icmpv4(3), new ShellConnection(Knocker, 0, Host, KnockItem.Icmpv4(3), LastSeen)));

        Assert.Equal(["timestamp", "event_type", "dest_ip", "src_ips", "src_ip", "proto", "icmp_type", "community_id", "knock"], echo.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("icmp6", echo.GetProperty("proto").GetString());
        Assert.Equal(128, echo.GetProperty("icmp_type").GetInt32());
        Assert.Equal(CommunityId.ComputeIcmp(Knocker, Host, icmpv6: true, 128, 0), echo.GetProperty("community_id").GetString());

        // Knock items keep no ICMP code, and a one-way type hashes its code: no ID rather than a guessed one.
        Assert.Equal(["timestamp", "event_type", "dest_ip", "src_ips", "src_ip", "proto", "icmp_type", "knock"], oneWay.EnumerateObject().Select(static p => p.Name));
    }

    private static KnockSequence Knock(KnockItem? shell, ShellConnection? connection) => new(
        2,
        Host,
        [KnockItem.Tcp(23042), KnockItem.Tcp(21912), KnockItem.Tcp(14910)],
        shell,
        5,
        LastSeen - 1_000_000_000L,
        LastSeen,
        ImmutableArray.Create(Knocker),
        1,
        IsUpdate: false,
        connection);

    private static JsonElement Write(KnockSequence knock)
    {
        using var buffer = new MemoryStream();
        using (var log = EventLog.Create(buffer))
        {
            KnockEvent.Write(log, knock);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static PacketAddress Address(string text) => PacketAddress.FromIPAddress(IPAddress.Parse(text));
}
