namespace KnockSensor.Cli;

/// <summary>The text of <c>--help</c>.</summary>
public static class HelpText
{
    public const string Usage = """
        knocksensor - passive detection of port-knocking backdoors and quiescent-port anomalies

        Usage:
          knocksensor -r PATH [-r PATH ...] [--events FILE]   find knocking doors in capture files
          knocksensor -i IFACE [--capture afpacket|libpcap] [--threads N] [--events FILE] [-F FILE | 'BPF']
                                                              the same, live, until SIGINT or SIGTERM
          knocksensor demo [--events FILE]                    the same on the sample capture built into the binary
          knocksensor advise -r PATH [-r PATH ...]            suggest knock-mining parameters for this traffic
          knocksensor -c FILE [options]                       run as configured (the daemon: capture.interface)
          knocksensor -c FILE --config.check                  check the configuration file and exit
          knocksensor --help | --version

        Configuration and daemon (docs/configuration.md):
          -c, --config FILE   YAML file with the same options (capture, knock, quiescent, events, log, ...);
                              options on the command line win. Errors name the file's line and the key.
          --config.check      Check the file (and that the capture filter compiles) and exit: 0 if good.
          --log.level LEVEL   debug, info (default), warn or error.
          --log.format FMT    text (default), logfmt or json, on standard error.
          --pidfile FILE      Write the process id to FILE while capturing.
          Live runs reload the file on SIGHUP (and reopen the event log, for logrotate); a bad file is
          refused and the running configuration stays. Under systemd (Type=notify) they report READY=1,
          STOPPING=1 and ping the watchdog. Run as a user with CAP_NET_RAW only, not as root.

        Inputs:
          -r, --read PATH     A pcap or pcapng file (gzip-compressed is fine), a directory (its capture
                              files in name order), or - for a capture stream on standard input, e.g.
                              tcpdump -i eth0 -w - | knocksensor -r -
                              Repeat -r to read several inputs as one continuous run.
          -i, --interface IFACE  Capture live (needs CAP_NET_RAW: setcap cap_net_raw+ep, or the systemd unit).
          --capture BACKEND   afpacket (default: native TPACKET_V3 rings) or libpcap (one thread; -i any).
          --threads N         AF_PACKET capture threads in one fanout group (default: cores - 1, at least 1).
          -F FILE, 'BPF'      A tcpdump-syntax filter, from FILE or as the trailing arguments.
          --ring-block-size BYTES, --ring-blocks N, --ring-frame-size BYTES, --ring-block-timeout-ms MS
                              AF_PACKET ring per thread (defaults 1 MiB, 32, 2048, 10); libpcap's buffer
                              gets block size x blocks. See docs/live-capture.md.

        Web endpoint (live runs; docs/web.md, docs/metrics.md):
          --web.listen-address HOST:PORT  Serve Prometheus metrics there (repeatable; default :10642;
                              '' or none: off). Endpoints /, /metrics, /-/healthy, POST /-/reload.
          --web.telemetry-path PATH  Where the metrics are (default /metrics).
          --web.config.file FILE  TLS and bcrypt basic auth (Prometheus exporter-toolkit format).
          --web.top-n N       Series in the top-N rule and port gauges (default 20).

        Knock detector (Hommes, State & Engel 2012, made to run unattended; docs/knocks.md):
          Needs no tuning: minSupp and minInte follow the traffic; a value given here wins.
          --window-size N     Port accesses per window, ws (default 250 connection attempts; 1000 with
                              --every-packet or --paper; 100 for demo, whose sample lasts five minutes).
          --every-packet      Count every TCP/UDP/ICMP packet's destination port, as the paper does; by default
                              only connection attempts count (TCP SYN without ACK, UDP requests, ICMP echo).
          --history N         Windows in the mining history, L (default 256, at most 1024).
          --min-activations N Fewest activations a door needs to be found (default 3).
          --min-support X     Fix minSupp (0..1).    --min-interest X   Fix minInte (0..1).
          --min-confidence X  minConf, Wu's CPIR (default 0.9).
          --max-itemset-size K  Mine itemsets of up to K items, as Algorithm 1 allows (default 2: pairs; up to 6).
          --paper             The paper's own setup, for comparison: every packet, windows of 1000, no scanner
                              filter, minSupp 0.3, minInte 0.17, minConf 0.9, every mined rule reported.

        Advise (Hommes, State & Engel 2012, section 5.1):
          Counts the port accesses t and distinct (protocol, port) items u, prints l = t/ws, p = 1-(1-1/u)^ws,
          the binomial curve p(x) of eq. 8 and a suggested minSupp, then mines with it and prints how many rules
          each minInte keeps (Table 2) and a suggested minInte. Reads its inputs twice (files only, not -).
          Takes --window-size and --every-packet as above.

        Quiescent ports (McNutt & De Shon 2005; docs/quiescent.md), with -r, demo or -i:
          Either option below turns on the quiescent-port monitor: it counts flows, packets, bytes and hosts
          per port and time bin, learns which ports move together (robust correlation clusters) and reports
          ports far above their cluster's median as port_anomaly events: localized, horizontal_scan or worm.
          Alerts start after a 72-bin learning period.
          --home-net CIDR[,CIDR...]  Your networks: flows into them are "incoming", the ones watched.
          --bin-seconds N     Length of a time bin, 60 to 86400 seconds (default 3600; without
                              --home-net every flow counts as incoming).

        Output:
          --events FILE       Append events as NDJSON (one JSON object per line) to FILE; - is stdout.
                              knock_rule and knock events as they are found; the last event of a run is
                              {"event_type":"stats",...}. See docs/events.md.
          --progress          Show progress on standard error even when it is not a terminal.
          --no-progress       Never show progress (default: shown only when stderr is a terminal).
          --stage-threads on|off  -r, demo, advise: run each detector on a thread of its own beside the
                              reader (on), or everything on one thread (off). Default: on with more than
                              one core. The results are the same either way.

        State (docs/state.md), with -r or -i:
          --state-dir DIR     Keep the detectors' state in DIR/knocksensor.state: restored at start, saved at
                              the end of -r (open windows and the open bin carry over to the next run, so
                              day-by-day files continue one history) and every --state-interval and on
                              SIGTERM/SIGINT with -i. A corrupt or incompatible snapshot is reported, moved
                              aside and the run starts clean. Default: no state.
          --state-interval S  Seconds between snapshots of a live run (default 60).

        A summary of what was read and the knocks found is printed on standard output.

        Damaged input: a truncated or corrupt capture is analysed up to the damage, then the run reports
        one line "knocksensor: error: FILE: offset N: REASON" and exits 1. Nothing before the damage is lost.

        Exit status:
          0   all inputs read and analysed
          1   an input could not be opened or was damaged (the rest was still analysed)
          2   the command line was wrong

        Documentation: docs/ in the source tree (cli.md, events.md).
        """;
}
