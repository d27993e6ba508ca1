# bench_time.gp - bondsim's CPU time, wall time and peak RSS against simulated time.
#
# bench/scaling.sh calls it as
#   gnuplot -e "dat='bench-out/scaling.dat'; out='bench-out/bench_time.png'" bench_time.gp
# dat: see bench_cost.gp; the rows of group "time" (W1, N=16, 100 Mbit/s
# per host, 1 2 4 8 s simulated).  CPU time (solid) should double with the
# simulated time, RSS should stay flat; wall time (dashed) is CPU time plus
# the wait for a core on a shared machine.
if (!exists("dat")) dat = 'scaling.dat'
if (!exists("out")) out = 'bench_time.png'
set terminal pngcairo size 1000,560 noenhanced font ",10"
set output out
set title 'bondsim, 16 hosts on one switch, UDP 100 Mbit/s each: cost against simulated time'
set xlabel 'simulated time, s'
set ylabel 'time, s'
set y2label 'peak RSS, MiB'
set xrange [0:*]
set yrange [0:*]
set y2range [0:*]
set ytics nomirror
set y2tics
set grid
set key bottom right box opaque
sel(c) = (strcol(1) eq 'time') ? column(c) : NaN
plot dat using (sel(5)):(sel(11)) with linespoints pt 7 ps 1.4 lw 2 lc rgb '#1f77b4' title 'CPU time, user + sys (left)', \
	dat using (sel(5)):(sel(6)) with linespoints pt 6 ps 1.4 lw 1 dt 2 lc rgb '#1f77b4' title 'wall time (left)', \
	dat using (sel(5)):(sel(7)) axes x1y2 with linespoints pt 5 ps 1.4 lw 2 lc rgb '#d62728' title 'peak RSS (right)'
