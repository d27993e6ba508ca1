# compare.gp - the bonding modes side by side (bondsim compare).
#
# bondsim compare --out DIR runs it as
#   gnuplot -e "dat='DIR/compare_graph.dat'; out='DIR/compare.png'; \
#               head='scenarios/mode0_vs_mode6.ini'; faults=1" compare.gp
# compare_graph.dat: one row per mode, "label" aggregate_mbps best_flow_mbps
# jain reordered_pct mac_moves outage_median_ms outage_p95_ms (NaN: no fault,
# or a run in which a flow never recovered) "never recovered" (or "").
# Panels of grouped bars, one group per mode: throughput (aggregate and the
# best single flow), fairness across the slaves (Jain), reordering, MAC
# moves and, when the scenario has faults (faults=1; 2: every mode lost a
# flow for good, no bar at all), the failover outage (median, p95).  A mode
# in which a flow never recovered gets no bar there, whose height would be
# only the time to the next fault or the end of the run, but a red label.
if (!exists("dat")) dat = 'compare_graph.dat'
if (!exists("out")) out = 'compare.png'
if (!exists("head")) head = ''
if (!exists("faults")) faults = 1
set terminal pngcairo size 1280,900 noenhanced font ",10"
set output out
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border lc rgb 'black'
set boxwidth 0.9
set grid ytics
set key below
set xtics rotate by 25 right nomirror
set yrange [0:*]
set multiplot layout 2,3 title sprintf('Bonding modes compared: %s', head) font ",12"
set title 'Throughput (mean over the runs)'
set ylabel 'Mbit/s'
plot dat using 2:xtic(1) title 'aggregate' lc rgb '#1f77b4', \
     '' using 3 title 'best single flow' lc rgb '#ff7f0e'
set title 'Fairness across the slaves (Jain: 1 even, 1/n one slave)'
set ylabel 'Jain index'
set yrange [0:1.05]
plot dat using 4:xtic(1) title 'Jain' lc rgb '#2ca02c'
set yrange [0:*]
set title 'Packets reordered'
set ylabel '% of received'
plot dat using 5:xtic(1) title 'reordered' lc rgb '#d62728'
set title 'MAC moves on the switches'
set ylabel 'moves'
plot dat using 6:xtic(1) title 'MAC moves' lc rgb '#9467bd'
if (faults) {
	set title 'Failover outage (worst fault of each run)'
	set ylabel 'ms'
	if (faults == 2) {
		# no bar at all: a histogram of nothing is an error, so the labels alone
		set yrange [0:1]
		unset ytics
		set offsets 0.5, 0.5, 0, 0
		plot dat using 0:(0):9:xtic(1) with labels rotate by 90 left offset 0,0.5 \
		     tc rgb '#d62728' font ",11" notitle
	} else {
		plot dat using 7:xtic(1) title 'median' lc rgb '#8c564b', \
		     '' using 8 title 'p95' lc rgb '#e377c2', \
		     '' using 0:(0):9 with labels rotate by 90 left offset 0,0.5 \
		     tc rgb '#d62728' font ",11" notitle
	}
}
unset multiplot
