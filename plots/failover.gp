# failover.gp - a timeline of each fault and what followed it.
#
# bondsim calls it as
#   gnuplot -e "csv='out/throughput.csv'; events='out/failover.csv'; out='out/failover.png'; \
#               cols='9 10'; faults='2.05 4.05'; tmax=6" failover.gp
# Top: the flows' received rate (throughput.csv columns in cols) over time.
# Bottom: one lane per bond, switch and flow; a point at each event of the
# failover report (slave down/up, active slave changed, FDB learnt, first
# delivery) with its name.  Dashed red lines: the faults.
if (!exists("csv")) csv = 'throughput.csv'
if (!exists("events")) events = 'failover.csv'
if (!exists("out")) out = 'failover.png'
if (!exists("cols")) cols = '2'
if (!exists("faults")) faults = ''
if (!exists("tmax")) tmax = 0
set datafile separator ','
set terminal pngcairo size 1280,900 noenhanced font ",10"
set output out
set grid
do for [t in faults] {
	set arrow from t+0, graph 0 to t+0, graph 1 nohead dt 2 lw 1.5 lc rgb 'red'
}
if (tmax > 0) { set xrange [0:tmax] }
set lmargin 40
set rmargin 30
set multiplot layout 2,1
set title 'Received rate per flow (dashed: faults)'
set key outside right top
set ylabel 'Mbit/s'
set yrange [0:*]
set xlabel ''
plot for [c in cols] csv using 1:(column(c+0)) with lines lw 1.5 title columnhead(c+0)
set title 'Failover events (failover.csv)'
set ylabel ''
set xlabel 'simulated time (s)'
set autoscale y
set offsets 0, 0, 0.5, 0.5
unset key
# failover.csv: fault_time_s,fault,scope,name,event,time_s,after_fault_ms,outage_ms,lost,detail,lane
plot events using 6:11:ytic(sprintf('%s %s: %s', strcol(3), strcol(4), strcol(5))) with points pt 7 ps 1 lc rgb 'black', \
     events using 6:11:(sprintf(' +%s ms', strcol(7))) with labels left font ',8'
unset multiplot
