# mac_moves.gp - is a bond's MAC flapping between switch ports, and where is it?
#
# bondsim runs it as
#   gnuplot -e "csv='out/mac_moves.csv'; ports='out/mac_ports.csv'; out='out/mac_moves.png'; \
#               faults='out/faults.csv'; tmax=5; interval=0.1; cols='2'" mac_moves.gp
# mac_moves.csv: time_s, then SWITCH.HOST.BOND.moves_per_s for every switch and
# bond: how often the bond's MAC moved from one bridge port of the switch to
# another in the interval that ends at time_s.  cols: the columns to draw
# (bondsim passes the ones with any move).  still: "sw1:server.bond0 ..." the
# bonds whose MAC changed port without a move (learnt afresh after a flush),
# named in the top panel's key so that no bond of the lower panel is missing.
# mac_ports.csv: from_s,to_s,switch,host,bond,mac,port,lane - one row per
# interval and port the MAC was on at some moment of it, for the MACs that
# were on more than one port of a switch; lane numbers the (MAC, switch, port)
# lines of the lower panel.
# faults: faults.csv or ''; tmax: end of the run (s); interval: of a row (s).
if (!exists("csv")) csv = 'mac_moves.csv'
if (!exists("ports")) ports = 'mac_ports.csv'
if (!exists("out")) out = 'mac_moves.png'
if (!exists("cols")) cols = ''
if (!exists("still")) still = ''
if (!exists("faults")) faults = ''
if (!exists("tmax")) tmax = 0
if (!exists("interval")) interval = 0.1
set datafile separator ','
set datafile columnheaders
# how many lanes the lower panel needs
stats ports using 8 nooutput
lanes = STATS_records > 0 ? int(STATS_max) + 1 : 0
top = strlen(cols) > 0 ? 360 : 0
bottom = lanes > 0 ? 120 + 36 * lanes + (strlen(faults) > 0 ? 60 : 0) : 0
set terminal pngcairo size 1280,(20 + top + bottom) noenhanced font ",10"
set output out
array C[9] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
do for [i=1:9] { set linetype i lc rgb C[i] }
set grid
if (tmax > 0) { set xrange [0:tmax] }
set y2range [0:1]
unset y2tics
set lmargin 30
set rmargin 32
# More than 6 faults: their numbers only (failover-N.png, faults.csv say which).
nf = 0
if (strlen(faults) > 0) { stats faults using 2 nooutput; nf = STATS_records }
flabel(n, text) = nf <= 6 ? sprintf('%d: %s', n, text) : sprintf('%d', n)
FAULTS = strlen(faults) > 0 ? \
	", faults using 2:(0):(0):(1) axes x1y2 with vectors nohead dt 2 lw 1.5 lc rgb '#d62728' title 'fault'" . \
	", faults using 2:(0.97 - 0.06 * (int($1 - 1) % 4)):(tmax <= 0 || $2 < 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels left offset 0.4,0 font ',9' tc rgb '#d62728' notitle" . \
	", faults using 2:(0.97 - 0.06 * (int($1 - 1) % 4)):(tmax > 0 && $2 >= 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels right offset -0.4,0 font ',9' tc rgb '#d62728' notitle" : ""
# "sw1.server.bond0.moves_per_s" -> "sw1: server.bond0"
who(h) = (p = strstrt(h, '.'), sprintf('%s: %s', h[1:p - 1], h[p + 1:strstrt(h, '.moves_per_s') - 1]))
# "sw1:server.bond0" -> "sw1: server.bond0, 0 (learnt afresh)"
still_who(w) = (p = strstrt(w, ':'), sprintf('%s: %s, 0 (learnt afresh)', w[1:p - 1], w[p + 1:]))
total = 20 + top + bottom
set multiplot
if (top > 0) {
	set size 1, (top + 0.0) / total
	set origin 0, (bottom + 0.0) / total
	set title 'MAC moves per second: a switch saw a bond MAC arrive on another of its ports' font ',12'
	set key outside right top
	set ylabel 'moves/s'
	set yrange [0:*]
	if (strlen(faults) > 0) { set offsets 0, 0, graph 0.3, 0 }
	set xlabel (bottom > 0 ? '' : 'simulated time (s)')
	plot for [i=1:words(cols)] csv using 1:(column(word(cols, i) + 0)) \
		with fsteps lw 2 lc rgb C[(i - 1) % 9 + 1] title who(columnhead(word(cols, i) + 0)), \
		for [i=1:words(cols)] csv every ::0::0 using ($1 - interval):(column(word(cols, i) + 0)):(interval):(0) \
		with vectors nohead lw 2 lc rgb C[(i - 1) % 9 + 1] notitle, \
		for [i=1:words(still)] keyentry with lines lw 2 lc rgb '#bbbbbb' \
		title still_who(word(still, i)) @FAULTS
	set offsets 0, 0, 0, 0
}
if (bottom > 0) {
	set size 1, (bottom + 0.0) / total
	set origin 0, 0
	set title sprintf('Where the MAC was: a bar for each %g ms in which the switch had it on that port', interval * 1000) font (top > 0 ? ',10' : ',12')
	set ylabel ''
	set xlabel 'simulated time (s)'
	# room above the lanes for the fault labels
	head = strlen(faults) > 0 ? (lanes < 3 ? 1 : ceil(lanes * 0.45)) : 0
	set yrange [lanes - 0.5:-0.5 - head]
	set ytics 0, 1, lanes - 1 scale 0
	set mytics 1
	set grid noytics
	set key outside right top
	plot ports using (($1 + $2) / 2):8:(($2 - $1) / 2):(0.3):(int($8) % 9 + 1):ytic(sprintf('%s %s  (%s.%s)', strcol(3), strcol(7), strcol(4), strcol(5))) \
		with boxxyerror fs solid 1.0 noborder lc variable notitle @FAULTS
}
unset multiplot
