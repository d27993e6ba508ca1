#!/usr/bin/env python3
"""fit.py SCALING.DAT - the cost model of bench/scaling.sh's runs.

Fits wall = c x frame-hops (least squares through the origin) over the
points of the time, hosts and load axes (W1's topology, UDP, nothing lost),
prints c in ns per frame-hop, the fit's worst residual, the same fit with a
constant (the start-up cost), and for every other point (W4, the breaks)
how far its wall time lies from c x its frame-hops.  Prints "c_ns = X" on a
line of its own for the graphs.
"""
import sys

FIT_GROUPS = ("time", "hosts", "load")


def main(path):
    pts = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        g, label, hosts, rate, sim_s, wall, rss, ev, fh, dlv = line.split()
        pts.append(dict(group=g, label=label.replace("_", " "), hosts=int(hosts),
                        rate=float(rate), sim_s=float(sim_s), wall=float(wall),
                        rss=float(rss), events=int(ev), fh=int(fh), delivered=int(dlv)))
    fit = [p for p in pts if p["group"] in FIT_GROUPS and p["fh"] > 0]
    if not fit:
        print("no points to fit")
        return 1
    c = sum(p["wall"] * p["fh"] for p in fit) / sum(p["fh"] ** 2 for p in fit)
    n = len(fit)
    mx = sum(p["fh"] for p in fit) / n
    my = sum(p["wall"] for p in fit) / n
    sxx = sum((p["fh"] - mx) ** 2 for p in fit)
    c1 = sum((p["fh"] - mx) * (p["wall"] - my) for p in fit) / sxx if sxx else c
    a1 = my - c1 * mx
    worst = max(fit, key=lambda p: abs(p["wall"] - c * p["fh"]))
    worst_rel = max(fit, key=lambda p: abs(p["wall"] - c * p["fh"]) / p["wall"])
    print("Cost model: wall = c x frame-hops, fitted over %d runs (simulated time, hosts, "
          "offered load; W1 topology, UDP, lossless)" % n)
    print("c_ns = %.1f" % (c * 1e9))
    print("  c = %.1f ns per frame-hop (%.2f M frame-hops per wall second)" % (c * 1e9, 1e-6 / c))
    print("  worst residual: %s, %.3f s measured vs %.3f s model (%+.3f s, %+.0f %%)" % (
        worst["label"] + " (" + worst["group"] + ")", worst["wall"], c * worst["fh"],
        worst["wall"] - c * worst["fh"], (worst["wall"] / (c * worst["fh"]) - 1) * 100))
    if worst_rel is not worst:
        print("  worst relative residual: %s, %.3f s vs %.3f s (%+.0f %%)" % (
            worst_rel["label"] + " (" + worst_rel["group"] + ")", worst_rel["wall"],
            c * worst_rel["fh"], (worst_rel["wall"] / (c * worst_rel["fh"]) - 1) * 100))
    print("  with a constant: wall = %.3f s + %.1f ns x frame-hops" % (a1, c1 * 1e9))
    print()
    print("%-9s %-18s %11s %9s %9s %9s %8s %8s" % (
        "group", "run", "frame-hops", "wall s", "model s", "off by", "ev/f-h", "RSS MiB"))
    for p in pts:
        model = c * p["fh"]
        off = "%+.0f %%" % ((p["wall"] / model - 1) * 100) if model > 0 else "-"
        print("%-9s %-18s %11d %9.3f %9.3f %9s %8.2f %8.1f" % (
            p["group"], p["label"], p["fh"], p["wall"], model, off,
            p["events"] / p["fh"] if p["fh"] else 0, p["rss"]))
    t = sorted((p for p in pts if p["group"] == "time"), key=lambda p: p["sim_s"])
    if len(t) > 1:
        print()
        print("Peak RSS against simulated time (N=16): " + ", ".join(
            "%g s %.1f MiB" % (p["sim_s"], p["rss"]) for p in t) +
            " (%+.0f %% from %g s to %g s)" % ((t[-1]["rss"] / t[0]["rss"] - 1) * 100,
                                              t[0]["sim_s"], t[-1]["sim_s"]))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: fit.py SCALING.DAT\n")
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
