# throughput.gp - what each interface and each flow carried over time.
#
# bondsim calls it as
#   gnuplot -e "csv='out/throughput.csv'; out='out/throughput.png'; ifcols='2 4'; flowcols='9'" throughput.gp
# where ifcols/flowcols are the throughput.csv columns to draw in each panel
# (column 1 is time in seconds, every other column a rate in Mbit/s).
if (!exists("csv")) csv = 'throughput.csv'
if (!exists("out")) out = 'throughput.png'
if (!exists("ifcols")) ifcols = '2'
if (!exists("flowcols")) flowcols = ''
set datafile separator ','
set terminal pngcairo size 1280,900 noenhanced font ",10"
set output out
set key outside right top
set grid
set xlabel 'simulated time (s)'
set ylabel 'Mbit/s'
set yrange [0:*]
panels = (strlen(flowcols) > 0) ? 2 : 1
set multiplot layout panels,1
set title 'Per interface (bonds and their slaves): transmitted and received'
plot for [c in ifcols] csv using 1:(column(c+0)) with lines lw 1.5 title columnhead(c+0)
if (panels == 2) {
	set title 'Per flow: received'
	plot for [c in flowcols] csv using 1:(column(c+0)) with lines lw 1.5 title columnhead(c+0)
}
unset multiplot
