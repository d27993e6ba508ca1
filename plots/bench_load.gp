# bench_load.gp - bondsim's CPU time, wall time and peak RSS against offered load.
#
# bench/scaling.sh calls it as
#   gnuplot -e "dat='bench-out/scaling.dat'; out='bench-out/bench_load.png'" bench_load.gp
# dat: see bench_cost.gp; group "load" (W1, 16 hosts, 50-800 Mbit/s of UDP
# per host, 2 s).  CPU time (solid) should grow in proportion to the load
# (the frames), RSS should not; wall time dashed.
if (!exists("dat")) dat = 'scaling.dat'
if (!exists("out")) out = 'bench_load.png'
set terminal pngcairo size 1000,560 noenhanced font ",10"
set output out
set title 'bondsim, 16 hosts on one switch, 2 s: cost against offered load'
set xlabel 'offered UDP load per host, Mbit/s'
set ylabel 'time, s'
set y2label 'peak RSS, MiB'
set xrange [0:*]
set yrange [0:*]
set y2range [0:*]
set ytics nomirror
set y2tics
set grid
set key bottom right box opaque
sel(c) = (strcol(1) eq 'load') ? column(c) : NaN
plot dat using (sel(4)):(sel(11)) with linespoints pt 7 ps 1.4 lw 2 lc rgb '#1f77b4' title 'CPU time, user + sys (left)', \
	dat using (sel(4)):(sel(6)) with linespoints pt 6 ps 1.4 lw 1 dt 2 lc rgb '#1f77b4' title 'wall time (left)', \
	dat using (sel(4)):(sel(7)) axes x1y2 with linespoints pt 5 ps 1.4 lw 2 lc rgb '#d62728' title 'peak RSS (right)'
