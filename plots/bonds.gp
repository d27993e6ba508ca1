# bonds.gp - how does each bond spread its traffic over its slaves?
#
# bondsim runs it as
#   gnuplot -e "csv='out/bonds.csv'; out='out/bonds.png'; faults='out/faults.csv'; tmax=5; interval=0.1; \
#               names='server.bond0 server.bond1'; first='2 8'; slaves='2 2'; \
#               modes='balance-rr active-backup'; jtx='- 0.61'; jrx='- 0.97'" bonds.gp
# bonds.csv: time_s, then per bond HOST.BOND.tx_mbps, HOST.BOND.SLAVE.tx_mbps for
# each slave, HOST.BOND.rx_mbps, HOST.BOND.SLAVE.rx_mbps for each slave; first:
# the column of each bond's tx_mbps, slaves: how many slaves each has;
# interval: the sampling interval in seconds (each row covers the interval
# that ends at its time_s); jtx, jrx: per bond, Jain's fairness index of
# its slaves' bytes over the run each way, '-' where the mode does not
# promise balance (shown in balance-tlb/alb titles).
# One row of panels per bond, transmitted on the left, received on the right:
# each slave's rate a coloured band, stacked; the bond's own rate in black
# runs along the top of the stack, since it is the sum of its slaves.
if (!exists("csv")) csv = 'bonds.csv'
if (!exists("out")) out = 'bonds.png'
if (!exists("names")) names = 'bond'
if (!exists("first")) first = '2'
if (!exists("slaves")) slaves = '2'
if (!exists("modes")) modes = ''
if (!exists("jtx")) jtx = ''
if (!exists("jrx")) jrx = ''
if (!exists("faults")) faults = ''
if (!exists("tmax")) tmax = 0
if (!exists("interval")) interval = 0.1
n = words(first)
set datafile separator ','
set datafile columnheaders
array C[9] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
set grid
set boxwidth interval absolute
set key outside right top
set ylabel 'Mbit/s'
set yrange [0:0.1<*]
if (tmax > 0) { set xrange [0:tmax] }
set y2range [0:1]
unset y2tics
nf = 0
if (strlen(faults) > 0) { stats faults using 2 nooutput; nf = STATS_records }
# The panels are narrow: the lines carry numbers, the title says which fault
# is which (up to 6 faults; failover-N.png and faults.csv say it for more).
flabel(n, text) = sprintf('%d', n)
faultlist = ''
if (nf > 0 && nf <= 6) {
	set table $F
	plot faults using 2:1:(strcol(3)) with table
	unset table
	do for [l=1:|$F|] {
		rest = $F[l][strstrt($F[l], "\t") + 1:]
		faultlist = faultlist . sprintf("\nfault %d at %g s: %s", int(word($F[l], 2)), real(word($F[l], 1)), rest[strstrt(rest, "\t") + 1:])
	}
}
if (strlen(faults) > 0) { set offsets 0, 0, graph 0.3, 0 }
FAULTS = strlen(faults) > 0 ? \
	", faults using 2:(0):(0):(1) axes x1y2 with vectors nohead dt 2 lw 1.5 lc rgb '#d62728' title 'fault'" . \
	", faults using 2:(0.97 - 0.06 * (int($1 - 1) % 4)):(tmax <= 0 || $2 < 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels left offset 0.4,0 font ',9' tc rgb '#d62728' notitle" . \
	", faults using 2:(0.97 - 0.06 * (int($1 - 1) % 4)):(tmax > 0 && $2 >= 0.6 * tmax ? flabel($1, strcol(3)) : '') axes x1y2 with labels right offset -0.4,0 font ',9' tc rgb '#d62728' notitle" : ""
# "server.bond0.eth1.tx_mbps" -> "eth1", given the bond "server.bond0"
slave(h, b) = h[strlen(b) + 2:strlen(h) - 8]
dev(b) = b[strstrt(b, '.') + 1:]
set terminal pngcairo size 1400,(90 + 300 * n + 18 * nf * (nf <= 6)) noenhanced font ",10"
set output out
set multiplot layout n,2 title 'Per bond: what each slave carried (colours) and the bond in all (black)' . faultlist font ',12'
do for [i=1:n] {
	f = word(first, i) + 0
	k = word(slaves, i) + 0
	set xlabel (i == n ? 'simulated time (s)' : '')
	do for [dir=0:1] {
		c0 = f + dir * (k + 1)
		jain = word(dir == 0 ? jtx : jrx, i)
		set title sprintf('%s (%s): %s%s', word(names, i), word(modes, i), dir == 0 ? 'transmitted' : 'received', \
			(strlen(jain) > 0 && jain ne '-') ? sprintf(', Jain %s (1 = even)', jain) : '')
		# stacked: the band of slave k lies on the bands of slaves 1..k-1, so the
		# top of the stack is what the bond itself counted, drawn in black
		plot \
			for [s=k:1:-1] csv using ($1 - interval / 2):(sum [j=1:s] column(c0 + j)) with boxes lc rgb C[(s - 1) % 9 + 1] fs solid 1.0 border lc rgb C[(s - 1) % 9 + 1] title slave(columnhead(c0 + s), word(names, i)), \
			csv using 1:(column(c0)) with fsteps lw 2 lc rgb 'black' title sprintf('%s (sum)', dev(word(names, i))), \
			csv every ::0::0 using ($1 - interval):(column(c0)):(interval):(0) with vectors nohead lw 2 lc rgb 'black' notitle @FAULTS
	}
}
unset multiplot
