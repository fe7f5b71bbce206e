#!/usr/bin/env python3
"""The paper's batch Algorithm 1 (Hommes, State & Engel 2012), pairs only, as a reference for --paper mode.

   tshark -r paper.pcap -T fields -E separator=, -e tcp.dstport -e udp.dstport -e icmp.type -e icmpv6.type > f.csv
   bench/evaluation/paper-batch.py f.csv paper.truth.json [minSupp minInte minConf]     (default 0.3 0.17 0.9)

Every packet's destination port (ICMP: type; the outermost header, not one quoted in an ICMP error) is an access;
windows are l = floor(t/1000) consecutive runs of 1000 accesses over the whole capture; an item is infrequent when
its support is at most minSupp; a pair of infrequent items is kept when its interest |supp(XY) - supp(X)supp(Y)| is
at least minInte; X => Y when lift > 1 and CPIR(Y|X) >= minConf. Scored like knocksensor-eval: recall over the
door's n(n-1) sequence pairs (and with the shell port as an item), precision over all rules.
"""
import collections
import itertools
import json
import sys


def accesses(path):
    for line in open(path):
        tcp, udp, icmp, icmp6 = (line.rstrip("\n").split(",") + [""] * 4)[:4]
        # ICMP first: an ICMP error quotes the TCP or UDP header that caused it, and tshark reports its ports too.
        for proto, value in (("icmp", icmp), ("ipv6-icmp", icmp6), ("tcp", tcp), ("udp", udp)):
            if value:
                yield proto, int(value.split(";")[0])
                break


def main():
    fields, truth_path = sys.argv[1], sys.argv[2]
    min_supp, min_inte, min_conf = (float(x) for x in (sys.argv[3:6] + ["0.3", "0.17", "0.9"][len(sys.argv[3:6]):]))
    door = json.load(open(truth_path))["knocks"][0]
    sequence = [(s["proto"], s["port"]) for s in door["sequence"]]
    shell = (door["shell_port"]["proto"], door["shell_port"]["port"])
    items = set(sequence) | {shell}

    acc = list(accesses(fields))
    ws = 1000
    l = len(acc) // ws
    windows = [set(acc[i * ws:(i + 1) * ws]) for i in range(l)]
    count = collections.Counter(item for window in windows for item in window)
    supp = {item: c / l for item, c in count.items()}
    infrequent = {item for item, s in supp.items() if s <= min_supp}
    pairs = collections.Counter()
    for window in windows:
        for a, b in itertools.combinations(sorted(i for i in window if i in infrequent), 2):
            pairs[(a, b)] += 1

    rules = []
    for (a, b), c in pairs.items():
        sxy, sa, sb = c / l, supp[a], supp[b]
        if abs(sxy - sa * sb) < min_inte or sxy <= sa * sb:
            continue
        if sb < 1 and (sxy - sa * sb) / (sa * (1 - sb)) >= min_conf:
            rules.append((a, b))
        if sa < 1 and (sxy - sa * sb) / (sb * (1 - sa)) >= min_conf:
            rules.append((b, a))

    found = set(rules)
    sequence_pairs = {(a, b) for a in sequence for b in sequence if a != b}
    all_items = list(dict.fromkeys(sequence + [shell]))
    shell_pairs = {(a, b) for a in all_items for b in all_items if a != b}
    correct = sum(1 for a, b in rules if a in items and b in items)
    print(f"accesses t {len(acc)}, windows l {l}, items u {len(count)}, infrequent {len(infrequent)}; "
          f"minSupp {min_supp} minInte {min_inte} minConf {min_conf}")
    print(f"rules {len(rules)}, correct {correct}, precision {correct / len(rules) if rules else float('nan'):.3f}; "
          f"recall {len(sequence_pairs & found)}/{len(sequence_pairs)}, "
          f"with the shell port {len(shell_pairs & found)}/{len(shell_pairs)}")
    print("supports: knock " + " ".join(f"{supp.get(i, 0):.3f}" for i in sequence) + f", shell {supp.get(shell, 0):.3f}")


if __name__ == "__main__":
    main()
