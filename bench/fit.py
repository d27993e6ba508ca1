#!/usr/bin/env python3
"""fit.py SCALING.DAT - the cost model of bench/scaling.sh's runs.

Fits time = c x frame-hops (least squares through the origin) over the
points of the time, hosts and load axes (W1's topology, UDP, nothing lost),
to the CPU time of each run (user + sys: what a run costs on a core of its
own, which the wall time of a shared machine is not) and, for comparison,
to its wall time.  Prints c in ns per frame-hop, the fit's worst residual,
the same fit with a constant (the start-up cost), and for every other point
(W4, the breaks) how far it lies from c x its frame-hops.  Prints
"c_ns = X" (the CPU fit) on a line of its own for the graphs.
"""
import sys

FIT_GROUPS = ("time", "hosts", "load")


def fit(pts, key):
    c = sum(p[key] * p["fh"] for p in pts) / sum(p["fh"] ** 2 for p in pts)
    n = len(pts)
    mx = sum(p["fh"] for p in pts) / n
    my = sum(p[key] for p in pts) / n
    sxx = sum((p["fh"] - mx) ** 2 for p in pts)
    c1 = sum((p["fh"] - mx) * (p[key] - my) for p in pts) / sxx if sxx else c
    return c, my - c1 * mx, c1


def show(pts, key, what):
    c, a1, c1 = fit(pts, key)
    worst = max(pts, key=lambda p: abs(p[key] - c * p["fh"]))
    worst_rel = max(pts, key=lambda p: abs(p[key] - c * p["fh"]) / max(p[key], 1e-3))
    name = lambda p: "%s (%s)" % (p["label"], p["group"])
    print("  %s: c = %.1f ns per frame-hop (%.2f M frame-hops per second)" % (
        what, c * 1e9, 1e-6 / c))
    print("    worst residual: %s, %.3f s measured vs %.3f s model (%+.3f s, %+.0f %%)" % (
        name(worst), worst[key], c * worst["fh"], worst[key] - c * worst["fh"],
        (worst[key] / (c * worst["fh"]) - 1) * 100))
    if worst_rel is not worst:
        print("    worst relative residual: %s, %.3f s vs %.3f s (%+.0f %%)" % (
            name(worst_rel), worst_rel[key], c * worst_rel["fh"],
            (worst_rel[key] / (c * worst_rel["fh"]) - 1) * 100))
    print("    with a constant: %s = %.3f s + %.1f ns x frame-hops" % (key, a1, c1 * 1e9))
    return c


def main(path):
    pts = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        f = line.split()
        g, label, hosts, rate, sim_s, wall, rss, ev, fh, dlv = f[:10]
        pts.append(dict(group=g, label=label.replace("_", " "), hosts=int(hosts),
                        rate=float(rate), sim_s=float(sim_s), wall=float(wall),
                        rss=float(rss), events=int(ev), fh=int(fh), delivered=int(dlv),
                        cpu=float(f[10]) if len(f) > 10 else float(wall)))
    fitted = [p for p in pts if p["group"] in FIT_GROUPS and p["fh"] > 0]
    if not fitted:
        print("no points to fit")
        return 1
    print("Cost model: time = c x frame-hops, fitted over %d runs (simulated time, hosts, "
          "offered load; W1 topology, UDP, lossless)" % len(fitted))
    c = show(fitted, "cpu", "CPU time (user + sys)")
    show(fitted, "wall", "wall time")
    print("c_ns = %.1f" % (c * 1e9))
    print()
    print("%-9s %-18s %11s %8s %8s %8s %8s %7s %8s" % (
        "group", "run", "frame-hops", "wall s", "CPU s", "model s", "CPU off", "ev/f-h", "RSS MiB"))
    for p in pts:
        model = c * p["fh"]
        off = "%+.0f %%" % ((p["cpu"] / model - 1) * 100) if model > 0 else "-"
        print("%-9s %-18s %11d %8.3f %8.3f %8.3f %8s %7.2f %8.1f" % (
            p["group"], p["label"], p["fh"], p["wall"], p["cpu"], model, off,
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
