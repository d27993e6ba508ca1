# runs.gp - how the outage of each flow is spread over a batch of runs.
#
# bondsim calls it as
#   gnuplot -e "csv='out/runs.csv'; out='out/runs.png'; panels=1; \
#               cols1='7 10 13'; labels1='to_server from_server ping'; \
#               title1='fault 1 at 2.050000 s: link server.eth0 down'; \
#               bw1=10; xmin1=190; xmax1=330; ystep1=1; ymax1=7; p95_1=310; \
#               head='Outage of each flow over 20 runs (seeds 1-20)'" runs.gp
# One panel per fault that hurt a flow: for each flow or ping (runs.csv
# columns in colsN), how many runs saw an outage in each bin of bwN ms,
# the flows side by side within a bin.  The dashed line is the fault's p95
# (failover.N.outage_ms.p95: the worst flow of each run).
if (!exists("csv")) csv = 'runs.csv'
if (!exists("out")) out = 'runs.png'
if (!exists("panels")) panels = 1
if (!exists("cols1")) cols1 = '2'
if (!exists("labels1")) labels1 = 'outage'
if (!exists("title1")) title1 = ''
if (!exists("bw1")) bw1 = 1
if (!exists("xmin1")) xmin1 = 0
if (!exists("xmax1")) xmax1 = 1000
if (!exists("ystep1")) ystep1 = 1
if (!exists("ymax1")) ymax1 = 10
if (!exists("p95_1")) p95_1 = NaN
if (!exists("head")) head = 'Outage of each flow over the runs'
set datafile separator ','
set terminal pngcairo size 1280,(80 + 320 * panels) noenhanced font ",10"
set output out
set style fill solid 0.85 border lc rgb 'black'
set grid ytics
set key outside right top title 'flow'
set ylabel 'runs'
set lmargin 10
set rmargin 24
set multiplot layout panels,1 title head font ",12"
do for [p = 1:panels] {
	cols = value(sprintf('cols%d', p))
	labels = value(sprintf('labels%d', p))
	bw = value(sprintf('bw%d', p))
	p95 = value(sprintf('p95_%d', p))
	n = words(cols)
	set title value(sprintf('title%d', p))
	set xlabel sprintf('outage (ms), bins of %g ms', bw)
	set xrange [value(sprintf('xmin%d', p)):value(sprintf('xmax%d', p))]
	set ytics value(sprintf('ystep%d', p))
	set yrange [0:value(sprintf('ymax%d', p))]
	set boxwidth bw / n absolute
	unset arrow
	unset label
	if (p95 == p95) {
		set arrow from p95, graph 0 to p95, graph 1 nohead front dt 2 lw 2 lc rgb 'red'
		set label sprintf('p95 (worst flow) %g ms ', p95) at p95, graph 0.94 right tc rgb 'red'
	}
	plot for [i = 1:n] csv using (bw * floor(column(word(cols, i) + 0) / bw) + (i - 0.5) * bw / n):(1) \
		smooth frequency with boxes title word(labels, i)
}
unset multiplot
