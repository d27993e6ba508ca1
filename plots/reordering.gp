# reordering.gp - when did packets of each flow arrive out of order?
#
# bondsim runs it as
#   gnuplot -e "csv='out/flows.csv'; out='out/reordering.png'; faults='out/faults.csv'; \
#               tmax=5; interval=0.1; flows='0'; totals='15000'" reordering.gp
# flows.csv: time_s, then 6 columns per flow or ping, in the report's order:
#   NAME.sent, NAME.received, NAME.lost, NAME.reordered, NAME.tx_mbps, NAME.rx_mbps
# received and reordered count the packets that arrived in the row's interval
# (the one that ends at time_s) and, of those, the ones reordered (RFC 4737:
# a lower sequence number than one already received).  flows: which flows to
# draw (0 = the first; bondsim passes the ones with any reordering);
# totals: how many each had reordered in the whole run, for the key; faults:
# faults.csv or ''; tmax: end of the run (s); interval: of a row (s).
if (!exists("csv")) csv = 'flows.csv'
if (!exists("out")) out = 'reordering.png'
if (!exists("flows")) flows = '0'
if (!exists("totals")) totals = '?'
if (!exists("faults")) faults = ''
if (!exists("tmax")) tmax = 0
if (!exists("interval")) interval = 0.1
set datafile separator ','
set datafile columnheaders
set terminal pngcairo size 1280,560 noenhanced font ",10"
set output out
array C[9] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
set grid
set key outside right top
set title sprintf('Reordering per flow: packets received in each %g ms that came after a later one', interval * 1000)
set xlabel 'simulated time (s)'
set ylabel '% of the packets received'
set yrange [0:100]
set ytics 10
if (tmax > 0) { set xrange [0:tmax] }
set y2range [0:1]
unset y2tics
if (strlen(faults) > 0) { set yrange [0:130]; set ytics 0,10,100 }
# More than 6 faults: their numbers only (failover-N.png, faults.csv say which).
nf = 0
if (strlen(faults) > 0) { stats faults using 2 nooutput; nf = STATS_records }
flabel(n, text) = nf <= 6 ? sprintf('%d: %s', n, text) : sprintf('%d', n)
FAULTS = strlen(faults) > 0 ? \
	", faults using 2:(0):(0):(1) axes x1y2 with vectors nohead dt 2 lw 1.5 lc rgb '#d62728' title 'fault'" . \
	", faults using 2:(0.97 - 0.06 * (int($1 - 1) % 4)):(tmax <= 0 || $2 < 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels left offset 0.4,0 font ',9' tc rgb '#d62728' notitle" . \
	", faults using 2:(0.97 - 0.06 * (int($1 - 1) % 4)):(tmax > 0 && $2 >= 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels right offset -0.4,0 font ',9' tc rgb '#d62728' notitle" : ""
name(h) = h[1:strstrt(h, '.reordered') - 1]
# no packet received in an interval: no point (not 0 %)
pct(n, received) = received > 0 ? 100.0 * n / received : NaN
plot \
	for [i=1:words(flows)] csv using 1:(pct(column(2 + 6 * word(flows, i) + 3), column(2 + 6 * word(flows, i) + 1))) \
		with fsteps lw 2 lc rgb C[(i - 1) % 9 + 1] title sprintf('%s: %s reordered', name(columnhead(2 + 6 * word(flows, i) + 3)), word(totals, i)), \
	for [i=1:words(flows)] csv every ::0::0 using ($1 - interval):(pct(column(2 + 6 * word(flows, i) + 3), column(2 + 6 * word(flows, i) + 1))):(interval):(0) \
		with vectors nohead lw 2 lc rgb C[(i - 1) % 9 + 1] notitle @FAULTS
