# peers.gp - balance-tlb/alb: which slave does each peer use, each way?
#
# bondsim runs it as
#   gnuplot -e "csv='out/peer_slaves.csv'; out='out/peers.png'; names='server.bond0'; \
#               modes='balance-alb'; peers='6'; sn1='eth0 eth1'" peers.gp
# peer_slaves.csv: per bond two blocks (gnuplot "index" 2i-2: received from
# each peer, 2i-1: sent to it), one line per peer: its name, then the MB on
# each slave; sn<i>: the slave names of bond i; peers: how many peers each
# bond has (for the width).
# One row of panels per bond, received on the left, sent on the right: a
# bar per peer, its MB stacked by slave in the colours of bonds.png.  A bar
# of one colour is a peer that used one slave: in balance-alb that is the
# receive table's choice for it, and a big peer makes its slave busy.
if (!exists("csv")) csv = 'peer_slaves.csv'
if (!exists("out")) out = 'peers.png'
if (!exists("names")) names = 'bond'
if (!exists("modes")) modes = ''
if (!exists("peers")) peers = '4'
if (!exists("sn1")) sn1 = 'eth0 eth1'
n = words(names)
maxp = 1
do for [i=1:n] { if (word(peers, i) + 0 > maxp) { maxp = word(peers, i) + 0 } }
set datafile separator ','
array C[9] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
set style data histograms
set style histogram rowstacked
set style fill solid 1.0 border -1
set boxwidth 0.7
set grid ytics
set key outside right top
set ylabel 'MB'
set yrange [0:*]
set xtics rotate by -30 noenhanced
set terminal pngcairo size (700 + 2 * 40 * maxp),(90 + 330 * n) noenhanced font ",10"
set output out
set multiplot layout n,2 title 'Per peer: the MB it exchanged with the bond, by slave (one colour: one slave)' font ',12'
do for [i=1:n] {
	sn = value(sprintf('sn%d', i))
	k = words(sn)
	do for [dir=0:1] {
		set title sprintf('%s (%s): %s', word(names, i), word(modes, i), dir == 0 ? 'received from each peer' : 'sent to each peer')
		if (word(peers, i) + 0 > 0) {
			plot for [s=1:k] csv index (2 * (i - 1) + dir) using (column(s + 1)):xtic(1) lc rgb C[(s - 1) % 9 + 1] title word(sn, s)
		} else {
			# no bar to draw: an empty panel that says so, not a gnuplot error
			set label 1 "no peer exchanged\na frame with this bond" at graph 0.5, 0.5 center
			set xrange [0:1]; set yrange [0:1]; unset xtics; unset ytics; unset ylabel
			plot NaN notitle
			unset label 1; set autoscale x; set yrange [0:*]; set xtics; set ytics; set ylabel 'MB'
		}
	}
}
unset multiplot
