namespace KnockSensor.Generator;

/// <summary>
/// Scripts one TCP connection into a <see cref="ScriptBuilder"/>, keeping both sides' sequence numbers,
/// IP ids and the segment size consistent. Segments are added in logical order; each carries its own time.
/// </summary>
internal sealed class TcpConversation
{
    private readonly ScriptBuilder _script;
    private readonly DeterministicRandom _random;
    private readonly Endpoint _client;
    private readonly Endpoint _server;
    private readonly VlanTags _vlan;
    private readonly byte _clientTtl;
    private readonly byte _serverTtl;
    private uint _clientNext;
    private uint _serverNext;
    private ushort _clientIpId;
    private ushort _serverIpId;

    public TcpConversation(ScriptBuilder script, DeterministicRandom random, Endpoint client, ushort clientPort, Endpoint server, ushort serverPort, VlanTags vlan, byte clientTtl = 64, byte serverTtl = 64)
    {
        _script = script;
        _random = random;
        _client = client;
        _server = server;
        _vlan = vlan;
        ClientPort = clientPort;
        ServerPort = serverPort;
        _clientTtl = clientTtl;
        _serverTtl = serverTtl;
        _clientNext = random.NextUInt32();
        _serverNext = random.NextUInt32();
        _clientIpId = (ushort)random.Next(65536);
        _serverIpId = (ushort)random.Next(65536);
        MaxSegment = client.Address.IsV6 ? 1440 : 1460;
    }

    public ushort ClientPort { get; }

    public ushort ServerPort { get; }

    /// <summary>Largest payload per segment (an MSS fitting a 1500-byte MTU).</summary>
    public int MaxSegment { get; }

    /// <summary>Adds one segment and returns the time it carries.</summary>
    public long Segment(bool fromClient, long timeNs, TcpFlagBits flags, PayloadKind payload = PayloadKind.None, int length = 0, int offset = 0, uint seed = 0, TcpOptionSet options = TcpOptionSet.None)
    {
        int payloadLength = PayloadWriter.LengthOf(payload, seed, length, overTcp: true);
        ref uint next = ref fromClient ? ref _clientNext : ref _serverNext;
        var packet = new PacketSpec
        {
            TimestampNs = timeNs,
            Kind = PacketKind.Tcp,
            SourceMac = fromClient ? _client.Mac : _server.Mac,
            DestinationMac = fromClient ? _server.Mac : _client.Mac,
            Vlan = _vlan,
            Source = fromClient ? _client.Address : _server.Address,
            Destination = fromClient ? _server.Address : _client.Address,
            Ttl = fromClient ? _clientTtl : _serverTtl,
            IpId = fromClient ? _clientIpId++ : _serverIpId++,
            SourcePort = fromClient ? ClientPort : ServerPort,
            DestinationPort = fromClient ? ServerPort : ClientPort,
            Sequence = next,
            Acknowledgment = (flags & TcpFlagBits.Ack) != 0 ? (fromClient ? _serverNext : _clientNext) : 0,
            Flags = flags,
            Window = (flags & TcpFlagBits.Syn) != 0 ? (ushort)64240 : (ushort)502,
            Options = options,
            Payload = payload,
            PayloadLength = payloadLength,
            PayloadOffset = offset,
            PayloadSeed = seed,
        };
        long stamped = _script.Add(packet);
        next += (uint)payloadLength;
        if ((flags & (TcpFlagBits.Syn | TcpFlagBits.Fin)) != 0)
        {
            next++;
        }

        return stamped;
    }

    /// <summary>The client's SYN again, same sequence number (only the time and IP id move).</summary>
    public long RetransmitSyn(long timeNs)
    {
        // Segment() counts the SYN's sequence number again; step back first so the value repeats.
        _clientNext--;
        return Segment(true, timeNs, TcpFlagBits.Syn, options: TcpOptionSet.LinuxSyn);
    }

    /// <summary>SYN, SYN-ACK, ACK; returns the time of the client's ACK.</summary>
    public long Handshake(long timeNs, long rttNs, TcpOptionSet synOptions = TcpOptionSet.LinuxSyn)
    {
        Segment(true, timeNs, TcpFlagBits.Syn, options: synOptions);
        long synAck = Segment(false, timeNs + rttNs, TcpFlagBits.SynAck, options: TcpOptionSet.LinuxSyn);
        return Segment(true, synAck + Jitter(), TcpFlagBits.Ack);
    }

    /// <summary>
    /// Sends a byte stream of <paramref name="totalBytes"/> in full segments from one side, the other side acking
    /// every second segment half a round trip later. Returns the time of the last segment or ack.
    /// </summary>
    public long Stream(bool fromClient, long timeNs, long rttNs, PayloadKind payload, int totalBytes, uint seed)
    {
        long t = timeNs;
        long last = t;
        int sent = 0;
        int segments = 0;
        while (sent < totalBytes)
        {
            int length = Math.Min(MaxSegment, totalBytes - sent);
            // TLS records are never shorter than the 5-byte header plus one byte.
            if (payload == PayloadKind.TlsRecord && length < 6)
            {
                length = 6;
            }

            uint segmentSeed = payload == PayloadKind.HttpResponse ? seed : seed + (uint)sent;
            bool final = sent + length >= totalBytes;
            t = Segment(fromClient, t, final ? TcpFlagBits.PshAck : TcpFlagBits.Ack, payload, length, sent, segmentSeed);
            last = Math.Max(last, t);
            sent += length;
            segments++;
            if (segments % 2 == 0 || final)
            {
                last = Math.Max(last, Segment(!fromClient, t + (rttNs / 2) + Jitter(), TcpFlagBits.Ack));
            }

            t += 12_000 + _random.Next(0, 40_000);
        }

        return last;
    }

    /// <summary>FIN from one side, FIN-ACK back a round trip later, final ACK; returns the last time.</summary>
    public long Close(bool clientFirst, long timeNs, long rttNs)
    {
        long fin = Segment(clientFirst, timeNs, TcpFlagBits.FinAck);
        long finAck = Segment(!clientFirst, fin + rttNs, TcpFlagBits.FinAck);
        return Segment(clientFirst, finAck + Jitter(), TcpFlagBits.Ack);
    }

    /// <summary>A small host turnaround delay: 20–400 µs.</summary>
    public long Jitter() => _random.Next(20_000, 400_000);
}
