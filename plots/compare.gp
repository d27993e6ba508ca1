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
# Each bar carries its value, so a bar of 0 reads as 0, not as missing; in
# a pair of bars (gap 1) each is a third of a group wide, centred 1/6 off.
V(fmt, v) = v == v ? sprintf(fmt, v) : ''
set title 'Throughput (mean over the runs)'
set ylabel 'Mbit/s'
set offsets 0, 0, graph 0.08, 0
plot dat using 2:xtic(1) title 'aggregate' lc rgb '#1f77b4', \
     '' using 3 title 'best single flow' lc rgb '#ff7f0e', \
     '' using ($0 - 1.0 / 6):2:(V('%.0f', $2)) with labels offset 0,0.6 font ',8' notitle, \
     '' using ($0 + 1.0 / 6):3:(V('%.0f', $3)) with labels offset 0,0.6 font ',8' notitle
set title 'Fairness across the slaves (Jain: 1 even, 1/n one slave)'
set ylabel 'Jain index'
set yrange [0:1.12]
plot dat using 4:xtic(1) title 'Jain' lc rgb '#2ca02c', \
     '' using 0:4:(V('%.2f', $4)) with labels offset 0,0.6 font ',8' notitle
set yrange [0:*]
# counts and shares that are 0 everywhere: say so, rather than an empty frame
set title 'Packets reordered'
set ylabel '% of received'
stats dat using 5 nooutput
if (STATS_max == 0) { set yrange [0:1]; set label 1 'none reordered in any mode' at graph 0.5, 0.5 center }
plot dat using 5:xtic(1) title 'reordered' lc rgb '#d62728', \
     '' using 0:5:(V('%.2f', $5)) with labels offset 0,0.6 font ',8' notitle
unset label 1
set yrange [0:*]
set title 'MAC moves on the switches'
set ylabel 'moves'
stats dat using 6 nooutput
# whole moves: tics of 1 while the counts are small
if (STATS_max < 5) { set ytics 1; set yrange [0:STATS_max + 1] }
if (STATS_max == 0) { set label 1 'no MAC moved in any mode' at graph 0.5, 0.5 center }
plot dat using 6:xtic(1) title 'MAC moves' lc rgb '#9467bd', \
     '' using 0:6:(V('%.0f', $6)) with labels offset 0,0.6 font ',8' notitle
unset label 1
set ytics autofreq
set yrange [0:*]
if (faults) {
	set title 'Failover outage (worst fault of each run)'
	set ylabel 'ms'
	set offsets 0, 0, graph 0.15, 0
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
		     '' using ($0 - 1.0 / 6):7:(V('%.0f', $7)) with labels rotate by 90 left offset 0,0.3 font ',8' notitle, \
		     '' using ($0 + 1.0 / 6):8:(V('%.0f', $8)) with labels rotate by 90 left offset 0,0.3 font ',8' notitle, \
		     '' using 0:(0):9 with labels rotate by 90 left offset 0,0.5 \
		     tc rgb '#d62728' font ",11" notitle
	}
}
unset multiplot
