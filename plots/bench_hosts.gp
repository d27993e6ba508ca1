# bench_hosts.gp - bondsim's CPU time and peak RSS against the number of hosts.
#
# bench/scaling.sh calls it as
#   gnuplot -e "dat='bench-out/scaling.dat'; out='bench-out/bench_hosts.png'; w4=1" bench_hosts.gp
# dat: see bench_cost.gp.  Group "hosts" (W1, one switch, 4-64 hosts, 2 s)
# and, with w4=1 (the default), group "w4" (the leaf-spine of bench/w4.sh,
# 256-1024 hosts, 1 s); w4=0 when it was not run.  Both axes logarithmic:
# linear growth is a slope of 1.
if (!exists("dat")) dat = 'scaling.dat'
if (!exists("out")) out = 'bench_hosts.png'
if (!exists("w4")) w4 = 1
set terminal pngcairo size 1000,560 noenhanced font ",10"
set output out
set title 'bondsim: cost against the number of hosts'
set xlabel 'hosts'
set ylabel 'CPU time (user + sys), s'
set y2label 'peak RSS, MiB'
set logscale x 2
set logscale y
set logscale y2
set ytics nomirror
set y2tics
set grid
set key top left box opaque
sel(g, c) = (strcol(1) eq g) ? column(c) : NaN
if (!w4) {
	plot dat using (sel('hosts', 3)):(sel('hosts', 11)) with linespoints pt 7 ps 1.4 lw 2 lc rgb '#1f77b4' title 'CPU, one switch, 100 Mbit/s each, 2 s (left)', \
		dat using (sel('hosts', 3)):(sel('hosts', 7)) axes x1y2 with linespoints pt 5 ps 1.4 lw 2 lc rgb '#d62728' title 'peak RSS, one switch (right)'
} else {
	plot dat using (sel('hosts', 3)):(sel('hosts', 11)) with linespoints pt 7 ps 1.4 lw 2 lc rgb '#1f77b4' title 'CPU, one switch, 100 Mbit/s each, 2 s (left)', \
		dat using (sel('hosts', 3)):(sel('hosts', 7)) axes x1y2 with linespoints pt 5 ps 1.4 lw 2 lc rgb '#d62728' title 'peak RSS, one switch (right)', \
		dat using (sel('w4', 3)):(sel('w4', 11)) with linespoints pt 9 ps 1.6 lw 2 dt 2 lc rgb '#1f77b4' title 'CPU, W4 leaf-spine, 1 s (left)', \
		dat using (sel('w4', 3)):(sel('w4', 7)) axes x1y2 with linespoints pt 11 ps 1.6 lw 2 dt 2 lc rgb '#d62728' title 'peak RSS, W4 leaf-spine (right)'
}
