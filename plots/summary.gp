# summary.gp - a metric of a sweep against the first grid axis, with its 95% CI.
#
# bondsim merge calls it as
#   gnuplot -e "dat='out/summary_graph.dat'; out='out/summary.png'; \
#               ylabel='failover.1.outage_ms'; series=2; \
#               titles='server.bond0.mode=1 server.bond0.mode=6'; \
#               xlabel='server.bond0.miimon (ms)'; numeric=1; dx=0.5" summary.gp
# summary_graph.dat holds one block per series (the other axes' values),
# blocks two blank lines apart, rows "x mean ci_low ci_high label": the
# mean over the seeds of each grid point and the bounds of its 95%
# confidence interval.  numeric=0: the axis values are names (modes,
# policies) drawn at 0, 1, 2 ... with their labels.  Series i is drawn dx
# to the side of the one before, so that error bars at one x do not hide
# each other.
if (!exists("dat")) dat = 'summary_graph.dat'
if (!exists("out")) out = 'summary.png'
if (!exists("ylabel")) ylabel = 'metric'
if (!exists("xlabel")) xlabel = ''
if (!exists("series")) series = 1
if (!exists("titles")) titles = 'mean'
if (!exists("numeric")) numeric = 1
if (!exists("dx")) dx = 0
set terminal pngcairo size 1024,640 noenhanced font ",10"
set output out
set title sprintf('%s: mean over the seeds, 95%% confidence interval', ylabel) font ",12"
set xlabel xlabel
set ylabel ylabel
set grid
set key outside right top
set offsets graph 0.05, graph 0.05, graph 0.08, graph 0.08
set bars 2
if (numeric) {
	plot for [i = 0:series - 1] dat index i using ($1 + (i - (series - 1) / 2.0) * dx):2:3:4 \
		with yerrorlines lw 2 pt 7 ps 1.2 \
		title word(titles, i + 1)
} else {
	set offsets 0.5, 0.5, graph 0.08, graph 0.08
	# the names once, at the values' own places, from every series
	plot for [i = 0:series - 1] dat index i using 1:(NaN):xtic(5) notitle, \
	     for [i = 0:series - 1] dat index i using ($1 + (i - (series - 1) / 2.0) * dx):2:3:4 \
		with yerrorlines lw 2 pt 7 ps 1.2 lc i + 1 title word(titles, i + 1)
}
