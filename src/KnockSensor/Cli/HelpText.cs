namespace KnockSensor.Cli;

/// <summary>The text of <c>--help</c>.</summary>
public static class HelpText
{
    public const string Usage = """
        knocksensor - passive detection of port-knocking backdoors and quiescent-port anomalies

        Usage:
          knocksensor -r PATH [-r PATH ...] [--events FILE]   analyse capture files
          knocksensor demo [--events FILE]                    analyse the sample capture built into the binary
          knocksensor advise -r PATH [-r PATH ...]            suggest knock-mining parameters for this traffic
          knocksensor --help | --version

        Inputs:
          -r, --read PATH     A pcap or pcapng file (gzip-compressed is fine), a directory (its capture
                              files in name order), or - for a capture stream on standard input, e.g.
                              tcpdump -i eth0 -w - | knocksensor -r -
                              Repeat -r to read several inputs as one continuous run.

        Advise (Hommes, State & Engel 2012, section 5.1):
          Counts the port accesses t and distinct (protocol, port) items u, prints l = t/ws, p = 1-(1-1/u)^ws,
          the binomial curve p(x) of eq. 8 and a suggested minSupp, then mines with it and prints how many rules
          each minInte keeps (Table 2) and a suggested minInte. Reads its inputs twice (files only, not -).
          --window-size N     Port accesses per window, ws (default 1000).
          --every-packet      Count every TCP/UDP/ICMP packet's destination port, as the paper does; by default
                              only connection attempts count (TCP SYN without ACK, UDP requests, ICMP echo).

        Quiescent ports (McNutt & De Shon 2005; docs/quiescent.md), with -r or demo:
          Either option below turns on the quiescent-port monitor: it counts flows, packets, bytes and hosts
          per port and time bin, learns which ports move together (robust correlation clusters) and reports
          ports far above their cluster's median as port_anomaly events: localized, horizontal_scan or worm.
          Alerts start after a 72-bin learning period.
          --home-net CIDR[,CIDR...]  Your networks: flows into them are "incoming", the ones watched.
          --bin-seconds N     Length of a time bin, 60 to 86400 seconds (default 3600; without
                              --home-net every flow counts as incoming).

        Output:
          --events FILE       Append events as NDJSON (one JSON object per line) to FILE; - is stdout.
                              The last event of a run is {"event_type":"stats",...}. See docs/events.md.
          --progress          Show progress on standard error even when it is not a terminal.
          --no-progress       Never show progress (default: shown only when stderr is a terminal).

        A summary of what was read is printed on standard output.

        Damaged input: a truncated or corrupt capture is analysed up to the damage, then the run reports
        one line "knocksensor: error: FILE: offset N: REASON" and exits 1. Nothing before the damage is lost.

        Exit status:
          0   all inputs read and analysed
          1   an input could not be opened or was damaged (the rest was still analysed)
          2   the command line was wrong

        Documentation: docs/ in the source tree (cli.md, events.md).
        """;
}
