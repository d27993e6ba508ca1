# throughput.gp - what rate did each flow get?
#
# bondsim runs it as
#   gnuplot -e "csv='out/flows.csv'; out='out/throughput.png'; faults='out/faults.csv'; \
#               tmax=5; interval=0.1; flows='0 1'" throughput.gp
# flows.csv: time_s, then 6 columns per flow or ping, in the report's order:
#   NAME.sent, NAME.received, NAME.lost, NAME.reordered, NAME.tx_mbps, NAME.rx_mbps
# flows: which of them to draw (0 = the first); faults: faults.csv or '' (no
# fault lines); tmax: the end of the run, in seconds; interval: the sampling
# interval in seconds (each row covers the interval that ends at its time_s).
# Solid: received; dashed, same colour: sent.  A gap between them is loss.
if (!exists("csv")) csv = 'flows.csv'
if (!exists("out")) out = 'throughput.png'
if (!exists("flows")) flows = '0'
if (!exists("faults")) faults = ''
if (!exists("tmax")) tmax = 0
if (!exists("interval")) interval = 0.1
set datafile separator ','
set datafile columnheaders
set terminal pngcairo size 1280,560 noenhanced font ",10"
set output out
# one colour per flow, red kept for the faults
array C[9] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
set grid
set key outside right top
set title 'Throughput per flow: received (solid) and sent (dashed)'
set xlabel 'simulated time (s)'
set ylabel 'Mbit/s (UDP payload)'
set yrange [0:*]
if (tmax > 0) { set xrange [0:tmax] }
set y2range [0:1]
unset y2tics
name(h) = h[1:strstrt(h, '.rx_mbps') - 1]
# flows at the same rate overlap: the earlier ones are drawn wider, so that
# each shows as an edge around the next
nfl = words(flows)
lw(i) = 2 + 1.5 * (nfl - i < 3 ? nfl - i : 3)
# Faults: a dashed red line each, its number and text at the top, in
# headroom kept free of data (four staggered rows of labels).
# More than 6 faults: their numbers only (failover-N.png, faults.csv say which).
nf = 0
if (strlen(faults) > 0) { stats faults using 2 nooutput; nf = STATS_records }
flabel(n, text) = nf <= 6 ? sprintf('%d: %s', n, text) : sprintf('%d', n)
if (strlen(faults) > 0) { set offsets 0, 0, graph 0.3, 0 }
FAULTS = strlen(faults) > 0 ? \
	", faults using 2:(0):(0):(1) axes x1y2 with vectors nohead dt 2 lw 1.5 lc rgb '#d62728' title 'fault'" . \
	", faults using 2:(0.97 - 0.06 * (int($1 - 1) % 4)):(tmax <= 0 || $2 < 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels left offset 0.4,0 font ',9' tc rgb '#d62728' notitle" . \
	", faults using 2:(0.97 - 0.06 * (int($1 - 1) % 4)):(tmax > 0 && $2 >= 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels right offset -0.4,0 font ',9' tc rgb '#d62728' notitle" : ""
# Steps, each row's value over the interval that ends at its time: fsteps
# through the rows draws every interval but the first, which a segment of
# its own draws (histeps would also drop to 0 past the last row, as if the
# traffic stopped at the end of the run).
RX(i) = 2 + 6 * word(flows, i) + 5
plot \
	for [i=1:words(flows)] csv using 1:(column(RX(i))) with fsteps lw lw(i) lc rgb C[(i - 1) % 9 + 1] title name(columnhead(RX(i))), \
	for [i=1:words(flows)] csv every ::0::0 using ($1 - interval):(column(RX(i))):(interval):(0) with vectors nohead lw lw(i) lc rgb C[(i - 1) % 9 + 1] notitle, \
	for [i=1:words(flows)] csv using 1:(column(RX(i) - 1)) with fsteps lw 1 dt 2 lc rgb C[(i - 1) % 9 + 1] notitle, \
	for [i=1:words(flows)] csv every ::0::0 using ($1 - interval):(column(RX(i) - 1)):(interval):(0) with vectors nohead lw 1 dt 2 lc rgb C[(i - 1) % 9 + 1] notitle @FAULTS
