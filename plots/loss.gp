# loss.gp - when did each flow lose packets?
#
# bondsim runs it as
#   gnuplot -e "csv='out/flows.csv'; out='out/loss.png'; faults='out/faults.csv'; \
#               tmax=5; interval=0.1; flows='1 2'; totals='120 3'" loss.gp
# flows.csv: time_s, then 6 columns per flow or ping, in the report's order:
#   NAME.sent, NAME.received, NAME.lost, NAME.reordered, NAME.tx_mbps, NAME.rx_mbps
# sent and lost count the packets sent in the row's interval (the one that
# ends at time_s) and, of those, the ones that never arrived.  flows: which
# flows to draw (0 = the first; bondsim passes the ones that lost any);
# totals: what each of them lost in the whole run, for the key; faults:
# faults.csv or ''; tmax: end of the run (s); interval: of a row (s).
if (!exists("csv")) csv = 'flows.csv'
if (!exists("out")) out = 'loss.png'
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
set title sprintf('Loss per flow: packets sent in each %g ms that never arrived', interval * 1000)
set xlabel 'simulated time (s)'
set ylabel '% of the packets sent'
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
name(h) = h[1:strstrt(h, '.lost') - 1]
# Flows that lose alike draw one curve: each is drawn thinner than the one
# before, on top of it, so that every colour shows along the shared line.
LW(i) = words(flows) > 1 ? 2 + 4.0 * (words(flows) - i) / (words(flows) - 1) : 2
# no packet sent in an interval: no point (not 0 %)
pct(lost, sent) = sent > 0 ? 100.0 * lost / sent : NaN
plot \
	for [i=1:words(flows)] csv using 1:(pct(column(2 + 6 * word(flows, i) + 2), column(2 + 6 * word(flows, i)))) \
		with fsteps lw LW(i) lc rgb C[(i - 1) % 9 + 1] title sprintf('%s: %s lost', name(columnhead(2 + 6 * word(flows, i) + 2)), word(totals, i)), \
	for [i=1:words(flows)] csv every ::0::0 using ($1 - interval):(pct(column(2 + 6 * word(flows, i) + 2), column(2 + 6 * word(flows, i)))):(interval):(0) \
		with vectors nohead lw LW(i) lc rgb C[(i - 1) % 9 + 1] notitle @FAULTS
