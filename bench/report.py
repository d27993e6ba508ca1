#!/usr/bin/env python3
"""report.py - the numbers of one benchmark run, and the table of them all.

  report.py json REPORT.json   one line of key=value from a bondsim --json report:
                               events, sent, delivered (UDP and TCP flows; TCP:
                               segments), frame_hops, sim_s
  report.py result LINE        the same keys from a RESULT line (ns-3, evbench)
  report.py table RAW QUICK    the table of bench/run.sh from its raw lines

bench/run.sh keeps every run as one line of key=value in RAW (row, prog,
rep, wall_s, rss_kb and the keys above), so the table is computed from what
was measured and nothing else, and RAW can be read again later.

A frame-hop is one frame sent onto one cable: the sum over the hosts' NICs
of tx_packets and over the switches' ports of tx_frames.  On W1 (host -
switch - host, nothing lost) it is delivered packets x 2, plus the few ARP
and flooded frames; on a leaf-spine it counts 4 hops for a packet that goes
through a spine.  That is the unit of the cost model (bench/scaling.sh).

This is a benchmark, not a test: wall times vary with the machine's load.
"""
import json
import statistics
import sys

MIB = 1024.0


def from_json(path):
    d = json.load(open(path))
    hops = sum(n["tx_packets"] for h in d["hosts"] for n in h["nics"])
    hops += sum(p["tx_frames"] for s in d["switches"] for p in s["ports"])
    flows = d.get("flows", []) + d.get("tcp_flows", [])
    return {
        "events": d["events"],
        "sent": sum(f["sent"] for f in flows),
        "delivered": sum(f["received"] for f in flows),
        "frame_hops": hops,
        "sim_s": d["duration_ns"] / 1e9,
    }


def from_result(line):
    kv = dict(w.split("=", 1) for w in line.split() if "=" in w)
    out = {"events": int(kv["events"]), "run_s": float(kv["wall_s"]),
           "sim_s": float(kv["sim_s"])}
    if "pkts_rcvd" in kv:
        out["delivered"] = int(kv["pkts_rcvd"])
        out["sent"] = int(kv["pkts_sent"])
    if "sched" in kv:
        out["sched"] = kv["sched"]
    return out


def kv_line(d):
    return " ".join("%s=%s" % (k, v) for k, v in d.items())


def read_raw(path):
    runs = []
    for line in open(path):
        line = line.strip()
        if line.startswith("# bench/run.sh"):
            runs.append({"header": line[2:]})
        if not line or line.startswith("#"):
            continue
        kv = dict(w.split("=", 1) for w in line.split())
        for k, v in kv.items():
            try:
                kv[k] = float(v)
            except ValueError:
                pass
        runs.append(kv)
    return runs


class Row:
    """The runs of one program on one workload: medians of each quantity."""

    def __init__(self, runs):
        self.runs = runs
        self.n = len(runs)

    def med(self, key):
        vals = [r[key] for r in self.runs if key in r]
        return statistics.median(vals) if vals else None

    def first(self, key):
        v = self.runs[0].get(key) if self.runs else None
        return v.replace("_", " ") if key == "label" else v

    def wall(self):
        # the kernel benchmark times its own loop (init excluded, as ns-3's does)
        return self.med("run_s") if self.first("kind") == "kernel" else self.med("wall_s")

    def ev_per_s(self):
        return statistics.median(r["events"] / max(self.runwall(r), 1e-6) for r in self.runs)

    def pkts_per_s(self):
        if self.first("delivered") is None:
            return None
        return statistics.median(r["delivered"] / max(self.runwall(r), 1e-6) for r in self.runs)

    def core(self):
        """Seconds on a core of its own: the CPU time (user + sys) when it
        was measured, else the wall time.  On a shared machine the wall
        time adds the wait for a core."""
        return self.med("cpu_s") or self.wall()

    def runwall(self, r):
        return r["run_s"] if r.get("kind") == "kernel" else r["wall_s"]


def fmt(v, spec="%.3g", none="-"):
    if v is None:
        return none
    return spec % v


def si(v):
    if v is None:
        return "-"
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(v) >= div:
            return "%.3g %s" % (v / div, unit)
    return "%.3g" % v


def table(raw, quick):
    runs = read_raw(raw)
    header = [r["header"] for r in runs if "header" in r]
    runs = [r for r in runs if "header" not in r]
    ns3_missing = any(r.get("prog") == "ns3-missing" for r in runs)
    rows = {}
    order = []
    for r in runs:
        if r.get("prog") == "ns3-missing":
            continue
        key = (r["row"], r["prog"])
        if r["row"] not in order:
            order.append(r["row"])
        rows.setdefault(key, []).append(r)
    rows = {k: Row(v) for k, v in rows.items()}
    out = []
    p = out.append
    p("| workload | bondsim wall s | ns-3 wall s | bondsim events/s | ns-3 events/s | "
      "bondsim delivered/wall s | ns-3 delivered/wall s | bondsim peak RSS MiB | "
      "ns-3 peak RSS MiB | ratio | target met? |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    notes = []
    hop_lines = []
    for name in order:
        if name.startswith("rss-"):
            continue
        b = rows.get((name, "bondsim"))
        if b is None:
            continue
        kind = b.first("kind")
        ns3 = None
        ns3_label = ""
        if kind == "kernel":
            cands = [(rows[(name, pr)], pr) for pr in ("ns3-map", "ns3-heap") if (name, pr) in rows]
            if cands:
                ns3, ns3_label = max(cands, key=lambda c: c[0].ev_per_s())
                ns3_label = " (%s)" % ns3_label[4:]
                notes.append("%s: ns-3 events/s %s" % (
                    b.first("label"),
                    ", ".join("%s %s" % (pr[4:], si(c.ev_per_s())) for c, pr in cands)))
        else:
            ns3 = rows.get((name, "ns3"))
        ratio = None
        target = "-"
        if kind == "kernel" and ns3:
            ratio = b.ev_per_s() / ns3.ev_per_s()
            target = "%s (>= 5x)" % ("yes" if ratio >= 5 else "no")
        elif kind == "switched" and ns3:
            ratio = b.pkts_per_s() / ns3.pkts_per_s()
            target = "%s (>= 20x)" % ("yes" if ratio >= 20 else "no")
        elif kind == "w3":
            if quick:
                target = "quick: n/a"
            else:
                ok = b.core() <= 30 and b.med("rss_kb") / 1024 <= 200
                target = "%s (CPU %.1f s <= 30 s, <= 200 MB)" % ("yes" if ok else "no", b.core())
        elif kind == "w4":
            ok = b.med("rss_kb") / 1024 <= 1000
            target = "%s (<= 1 GB)" % ("yes" if ok else "no")
        if ns3 is None and kind in ("kernel", "switched"):
            ns3_text = "not installed" if ns3_missing else "-"
        else:
            ns3_text = None
        p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            b.first("label"),
            fmt(b.wall(), "%.3f"),
            ns3_text or (fmt(ns3.wall(), "%.3f") + ns3_label if ns3 else "-"),
            si(b.ev_per_s()),
            ns3_text or (si(ns3.ev_per_s()) if ns3 else "-"),
            si(b.pkts_per_s()),
            ns3_text or (si(ns3.pkts_per_s()) if ns3 else "-"),
            fmt(b.med("rss_kb") / MIB, "%.1f"),
            ns3_text or (fmt(ns3.med("rss_kb") / MIB, "%.1f") if ns3 else "-"),
            fmt(ratio, "%.1fx"),
            target))
        if kind != "kernel":
            fh = b.med("frame_hops")
            ev = b.med("events")
            per = ev / fh if fh else None
            hop_lines.append("%-22s %12d events %12d frame-hops %6.2f events per frame-hop %s" % (
                b.first("label"), ev, fh, per or 0,
                "(<= 2: yes)" if per and per <= 2 else "(<= 2: no)"))
        if kind == "switched" and ns3 and b.med("cpu_s") and ns3.med("cpu_s"):
            # milliseconds: the CPU times are to the microsecond (bench/rusage.c)
            notes.append("%s: CPU time (user + sys) bondsim %.3f s, ns-3 %.3f s: %.1fx" % (
                b.first("label"), b.med("cpu_s"), ns3.med("cpu_s"),
                ns3.med("cpu_s") / max(b.med("cpu_s"), 1e-6)))
        if kind == "switched" and ns3:
            bs, bd = b.first("sent"), b.first("delivered")
            ns, nd = ns3.first("sent"), ns3.first("delivered")
            same = "the same" if (bs, bd) == (ns, nd) else "DIFFERENT (%+d sent, %+d delivered)" % (
                bs - ns, bd - nd)
            notes.append("%s: sent/delivered bondsim %d/%d, ns-3 %d/%d: %s" % (
                b.first("label"), bs, bd, ns, nd, same))
    kinds = set(r.first("kind") for r in rows.values())
    for kind, what in (("w3", "W3"), ("w4", "W4")):
        if kind not in kinds:
            p("| %s | not yet: bench/%s.sh is missing | - | - | - | - | - | - | - | - | - |"
              % (what, kind))
    p("")
    if ns3_missing:
        p("ns-3: not installed (bench/ns3/build.sh says how to get it); bondsim's side ran alone.")
    # the table's rows only: the RSS checks below run 5 times whatever PAIRS
    n_pairs = max((r.n for (name, _), r in rows.items() if not name.startswith("rss-")),
                  default=0)
    p("Medians of %d run%s each, A B A B ... alternating bondsim and ns-3 per workload. "
      "Wall: the whole process (W2: the timed event loop only, as ns-3's evbench)."
      % (n_pairs, "" if n_pairs == 1 else "s"))
    if header:
        p("Run: " + header[0] + ".")
    for n in notes:
        p("  " + n)
    p("")
    p("Events per delivered packet per hop (bondsim; frame-hops = frames sent onto cables, "
      "2 per packet host-switch-host):")
    for h in hop_lines:
        p("  " + h)
    doubling = [("W1 N=16", "rss-half", "rss-full"), ("W3, with its queue_full loss", "rss-w3-half", "w3"),
                ("W4, 256 hosts", "w4-256", "rss-w4-double")]
    blank = True
    for what, half, full in doubling:
        r5, r10 = rows.get((half, "bondsim")), rows.get((full, "bondsim"))
        if not (r5 and r10):
            continue
        a, b = r5.med("rss_kb"), r10.med("rss_kb")
        g = (b - a) / a * 100
        if blank:
            p("")
            blank = False
        p("Peak RSS when the simulated time doubles (%s, %g s -> %g s): %.1f -> %.1f MiB, "
          "%+.1f %% (<= 10 %%: %s)" % (what, r5.first("sim_s"), r10.first("sim_s"), a / MIB, b / MIB,
                                     g, "yes" if g <= 10 else "no"))
    r = rows.get(("w3", "bondsim"))
    if r and not quick:
        hours = 10000 * r.core() / 3600

        def span(h):
            if h >= 1:
                return "%.1f h" % h
            return "%.0f min" % (h * 60) if h * 60 >= 1 else "%.0f s" % (h * 3600)
        p("")
        p("A sweep of 10,000 W3 runs (%g s simulated each, %.2f s of CPU each, %.2f s wall "
          "here): %.1f core-hours; %s on 2 cores, %s on 32, %s on 256 (the runs are "
          "independent: bondsim sweep --engine parallel|slurm)" % (
              r.first("sim_s"), r.core(), r.wall(), hours, span(hours / 2), span(hours / 32),
              span(hours / 256)))
    w4 = sorted(((rows[k].first("hosts"), rows[k]) for k in rows
                 if rows[k].first("kind") == "w4"), key=lambda t: t[0])
    if len(w4) > 1:
        p("")
        p("W4 growth with hosts (CPU time and RSS should grow with delivered frame-hops):")
        base = None
        for hosts, r in w4:
            nsfh = r.core() * 1e9 / r.med("frame_hops")
            base = base or nsfh
            p("  %5d hosts: wall %.3f s, CPU %.2f s, %d frame-hops, %.0f ns of CPU per "
              "frame-hop (%.2fx of the smallest), peak RSS %.1f MiB (%.1f KiB per host)" % (
                  hosts, r.wall(), r.core(), r.med("frame_hops"), nsfh, nsfh / base,
                  r.med("rss_kb") / MIB, r.med("rss_kb") / hosts))
        p("  linear in delivered frames (ns per frame-hop at %d hosts within 1.25x of %d): %s" % (
            w4[-1][0], w4[0][0], "yes" if nsfh <= 1.25 * base else "no"))
        p("  (instructions and cache misses per frame-hop, counted: bench/work.sh, "
          "after the cost model, in work.txt)")
    return "\n".join(out)


def main(argv):
    if len(argv) >= 3 and argv[1] == "json":
        print(kv_line(from_json(argv[2])))
    elif len(argv) >= 3 and argv[1] == "result":
        print(kv_line(from_result(argv[2])))
    elif len(argv) >= 3 and argv[1] == "table":
        print(table(argv[2], len(argv) > 3 and argv[3] == "1"))
    else:
        sys.stderr.write("usage: report.py json FILE | result LINE | table RAW [QUICK]\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
