# throughput.gp - per-interface throughput over time, from throughput.csv.
# Called by bondsim as: gnuplot -e "csv='out/throughput.csv'; out='out/throughput.png'; ncols=N" throughput.gp
# (column 1 is time in seconds, every other column a rate in Mbit/s).
if (!exists("csv")) csv = 'throughput.csv'
if (!exists("out")) out = 'throughput.png'
if (!exists("ncols")) ncols = 5
set datafile separator ','
set terminal pngcairo size 1280,720 noenhanced font ",10"
set output out
set title 'Throughput per interface (Mbit/s, per sample)'
set xlabel 'simulated time (s)'
set ylabel 'Mbit/s'
set key outside right top
set grid
plot for [i=2:ncols] csv using 1:i with lines lw 1.5 title columnhead(i)
