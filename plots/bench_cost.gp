# bench_cost.gp - bondsim's cost model: CPU time against frame-hops.
#
# bench/scaling.sh calls it as
#   gnuplot -e "dat='bench-out/scaling.dat'; out='bench-out/bench_cost.png'; c_ns=95.3" bench_cost.gp
# dat: one run a line, "group label hosts rate_mbps sim_s wall_s rss_mib
# events frame_hops delivered cpu_s"; c_ns: the fitted ns per frame-hop
# (bench/fit.py).  CPU time (user + sys), not wall: on a shared machine the
# wall time is mostly waiting for a core.  A frame-hop is one frame sent onto one cable.  The runs of
# the time, hosts and load axes were fitted; W4 and the breaks (TCP, queue
# overflow, flooding) are drawn to show how far they are off the line.
if (!exists("dat")) dat = 'scaling.dat'
if (!exists("out")) out = 'bench_cost.png'
if (!exists("c_ns")) c_ns = 100
if (!exists("w4")) w4 = 1
set terminal pngcairo size 1100,700 noenhanced font ",10"
set output out
set title sprintf('bondsim: CPU time against frames sent onto cables (line: %.1f ns x frame-hops)', c_ns)
set logscale xy
set format x '%.0e'
set format y '%g'
set xlabel 'frame-hops (frames sent onto a cable, summed over the cables)'
set ylabel 'CPU time (user + sys), s'
set grid xtics ytics mxtics mytics
set key top left box opaque
sel(g) = (strcol(1) eq g) ? $11 : NaN
plot c_ns * 1e-9 * x with lines lw 2 lc rgb 'black' title sprintf('model: %.1f ns per frame-hop', c_ns), \
	dat using 9:(sel('time')) with points pt 7 ps 1.4 lc rgb '#1f77b4' title 'simulated time 1-8 s (N=16)', \
	dat using 9:(sel('hosts')) with points pt 5 ps 1.4 lc rgb '#2ca02c' title 'hosts 4-64 (2 s)', \
	dat using 9:(sel('load')) with points pt 9 ps 1.6 lc rgb '#ff7f0e' title 'load 50-800 Mbit/s per host (N=16, 2 s)', \
	dat using 9:(sel('w4')) with points pt 11 ps 1.6 lc rgb '#9467bd' title (w4 ? 'W4 leaf-spine 256-1024 hosts' : ''), \
	dat using 9:(sel('tcp')) with points pt 3 ps 2.2 lw 2 lc rgb '#d62728' title 'break: TCP bulk', \
	dat using 9:(sel('overflow')) with points pt 2 ps 2.2 lw 2 lc rgb '#8c564b' title 'break: queue overflow (1200 Mbit/s on 1G)', \
	dat using 9:(sel('flood')) with points pt 1 ps 2.2 lw 2 lc rgb '#e377c2' title 'break: flooding (aging 1 us)'
