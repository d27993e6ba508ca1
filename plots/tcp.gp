# tcp.gp - what did each TCP flow get, and what did its congestion window do?
#
# bondsim runs it as
#   gnuplot -e "csv='out/tcp.csv'; out='out/tcp.png'; faults='out/faults.csv'; \
#               tmax=5; interval=0.1; flows='0 1'" tcp.gp
# tcp.csv: time_s, then 5 columns per TCP flow, in the report's order:
#   NAME.goodput_mbps, NAME.retrans, NAME.cwnd, NAME.ssthresh, NAME.srtt_ms
# Top: goodput (bytes delivered in order to the application), with an x in
# a strip along the bottom, one row per flow, wherever the sender
# retransmitted; bottom: the sender's
# cwnd (solid) and ssthresh (dashed, absent while infinite), in segments.
# Faults: a dashed red line each, numbered as in faults.csv.
if (!exists("csv")) csv = 'tcp.csv'
if (!exists("out")) out = 'tcp.png'
if (!exists("flows")) flows = '0'
if (!exists("faults")) faults = ''
if (!exists("tmax")) tmax = 0
if (!exists("interval")) interval = 0.1
set datafile separator ','
set datafile columnheaders
set datafile missing ''
set terminal pngcairo size 1280,760 noenhanced font ",10"
set output out
array C[9] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
col(i, k) = 2 + 5 * word(flows, i) + k
name(h) = h[1:strstrt(h, '.goodput_mbps') - 1]
nf = 0
if (strlen(faults) > 0) { stats faults using 2 nooutput; nf = STATS_records }
flabel(n, text) = nf <= 6 ? sprintf('%d: %s', n, text) : sprintf('%d', n)
FAULTS = nf > 0 ? \
	", faults using 2:(0):(0):(1) axes x1y2 with vectors nohead dt 2 lw 1.5 lc rgb '#d62728' title 'fault'" . \
	", faults using 2:(0.97 - 0.07 * (int($1 - 1) % 4)):(tmax <= 0 || $2 < 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels left offset 0.4,0 font ',9' tc rgb '#d62728' notitle" . \
	", faults using 2:(0.97 - 0.07 * (int($1 - 1) % 4)):(tmax > 0 && $2 >= 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels right offset -0.4,0 font ',9' tc rgb '#d62728' notitle" : ""
FAULTLINES = nf > 0 ? \
	", faults using 2:(0):(0):(1) axes x1y2 with vectors nohead dt 2 lw 1.5 lc rgb '#d62728' notitle" : ""
set multiplot layout 2,1 margins 0.07,0.80,0.08,0.95 spacing 0,0.08
set grid
set key outside right top
if (tmax > 0) { set xrange [0:tmax] }
set y2range [0:1]
unset y2tics
if (nf > 0) { set offsets 0, 0, graph 0.3, 0 }
set title 'TCP goodput per flow (in-order bytes to the application); x along the bottom: retransmissions in that interval'
set ylabel 'Mbit/s'
set yrange [0:*]
unset xlabel
plot \
	for [i=1:words(flows)] csv using 1:(column(col(i, 0))) with fsteps lw 2 lc rgb C[(i - 1) % 9 + 1] title name(columnhead(col(i, 0))), \
	for [i=1:words(flows)] csv every ::0::0 using ($1 - interval):(column(col(i, 0))):(interval):(0) with vectors nohead lw 2 lc rgb C[(i - 1) % 9 + 1] notitle, \
	for [i=1:words(flows)] csv using ($1 - interval / 2):(column(col(i, 1)) > 0 ? 0.04 + 0.04 * (i - 1) : 1/0) axes x1y2 with points pt 2 ps 1.1 lw 1.5 lc rgb C[(i - 1) % 9 + 1] title (i == 1 ? 'retransmitted' : '') @FAULTS
set offsets 0, 0, 0, 0
set title "Sender's congestion window (solid) and slow-start threshold (dashed)"
set ylabel 'segments'
set xlabel 'simulated time (s)'
set yrange [0:*]
plot \
	for [i=1:words(flows)] csv using 1:(column(col(i, 2))) with steps lw 2 lc rgb C[(i - 1) % 9 + 1] title name(columnhead(col(i, 0))).' cwnd', \
	for [i=1:words(flows)] csv using 1:(column(col(i, 3))) with steps lw 1 dt 2 lc rgb C[(i - 1) % 9 + 1] title name(columnhead(col(i, 0))).' ssthresh' @FAULTLINES
unset multiplot
