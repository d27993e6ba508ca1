# failover.gp - what happened after each fault, and how long was each flow
# without service?  One file per fault: failover-1.png, failover-2.png, ...
#
# bondsim runs it as
#   gnuplot -e "csv='out/failover.csv'; out='out/failover-%s.png'; nums='1 2'; \
#               times='2.050000 4.050000'" failover.gp
# (plus faults=, tmax= and interval=, which a timeline does not need).
# failover.csv: fault_time_s,fault,scope,name,event,time_s,after_fault_ms,
#   outage_ms,lost,detail,lane - the report's "Failover timing" table, one row
#   per bond, switch and flow for each fault, in that order.
# nums: the number of each fault (failover.<n> in the report, faults.csv);
# times: its fault_time_s, as failover.csv writes it.
# Each row is a lane, in time after the fault (ms): a dot and its time when
# the event happened (slave down, active slave changed, FDB learnt, first
# packet delivered after the fault), grey text when it did not.  A flow's
# outage is a red bar from its last packet before the gap to its first one
# after, labelled with its length; a flow that never recovered is a hatched
# bar to the end of the fault's window.  A blue dash-dot line marks the next
# fault when it falls within the picture.
if (!exists("csv")) csv = 'failover.csv'
if (!exists("out")) out = 'failover-%s.png'
if (!exists("nums")) nums = '1'
if (!exists("times")) times = ''
set datafile separator ','
set datafile columnheaders
set grid xtics
set key outside bottom center horizontal
unset y2tics
# Empty fields are events that did not happen.  They are read with strcol():
# gnuplot drops a whole row whose using spec names an empty column as $N.
has(c) = strcol(c) ne ''
num(c) = has(c) ? real(strcol(c)) : NaN
is_flow(s) = s eq 'flow' || s eq 'ping'
lossy(d) = strstrt(d, 'lossy') == 1
# A row a labels element must skip goes far off the x range: gnuplot 5.4
# crashes on a labels element whose points are all NaN.
OFF = -1e30
# the text beside an event: a flow with an outage says how long and how much
# (a lossy window has no one outage: the longest of its gaps)
event(scope, ms, outage, lost, detail) = !is_flow(scope) || outage <= 0 ? sprintf('+%.3f ms  %s', ms, detail) : \
	lossy(detail) ? sprintf('+%.3f ms  lossy window: %s lost, longest gap %.1f ms', ms, lost, outage) : \
	sprintf('+%.3f ms  outage %.3f ms, %s lost', ms, outage, lost)
lane(scope, name, ev) = sprintf('%s %s: %s', scope, name, ev)
do for [i=1:words(nums)] {
	ft = word(times, i)
	n = word(nums, i)
	# the rows of this fault, and how far in time its lanes reach (stats obeys the ranges)
	set autoscale xy
	stats csv using (strcol(1) eq ft ? $0 : NaN) nooutput
	r0 = int(STATS_min)
	r1 = int(STATS_max)
	lanes = r1 - r0 + 1
	stats csv every ::r0::r1 using (has(7) ? num(7) : (has(8) ? num(8) : 0)) nooutput
	xmax = STATS_max > 0 ? STATS_max : 0
	stats csv every ::r0::r1 using (has(7) && has(8) && !lossy(strcol(10)) ? num(7) - num(8) : 0) nooutput
	xmin = STATS_min < 0 ? STATS_min : 0
	span = xmax - xmin > 0.01 ? xmax - xmin : 0.01
	stats csv every ::r0::r1 using (strlen(lane(strcol(3), strcol(4), strcol(5)))) nooutput
	left = STATS_max + 3
	# Room on the right for the longest text at its place: a label of n
	# characters (about 6.6 px each in ',9', after a 1-character offset)
	# starting at x ends inside the plot, pw px wide (1280 px less the
	# margins, in characters of ',10', about 8.2 px), when the x range
	# [x0:x1] has x1 >= x0 + (x - x0) * pw / (pw - w).
	x0 = xmin - 0.04 * span
	pw = 1280 - 8.2 * (left + 4)
	fits(x, n) = (w = 6.6 * (n + 2), w = w < 0.8 * pw ? w : 0.8 * pw, x0 + (x - x0) * pw / (pw - w))
	stats csv every ::r0::r1 using (has(7) ? fits(num(7), strlen(event(strcol(3), num(7), has(8) ? num(8) : 0, strcol(9), strcol(10)))) : \
		has(8) ? fits(num(8), strlen(sprintf('never recovered: nothing delivered in the %.0f ms that followed', num(8)))) : \
		fits(0, strlen(strcol(10)))) nooutput
	x1 = STATS_max
	stats csv every ::r0::r0 using (fits(0, strlen(strcol(2)))) nooutput
	x1 = STATS_max > x1 ? STATS_max : x1
	stats csv every ::r0::r0 using (strlen(strcol(2))) nooutput
	flen = STATS_max
	x1 = x1 > xmax + 0.75 * span ? x1 : xmax + 0.75 * span
	# what the key lists: only what this fault has
	stats csv every ::r0::r1 using (has(7) && has(8) && num(8) > 0 && !lossy(strcol(10)) ? 1 : 0) nooutput
	outages = STATS_sum
	stats csv every ::r0::r1 using (!has(7) && has(8) ? 1 : 0) nooutput
	never = STATS_sum
	set terminal pngcairo size 1280,(170 + 34 * (lanes + 1)) noenhanced font ",10"
	set output sprintf(out, n)
	set title sprintf('Failover %s: the fault at %s s and what followed it', n, ft) font ',12'
	set xlabel 'time after the fault (ms)'
	set xrange [x0:x1]
	set yrange [lanes - 0.5:-1.6]
	set ytics scale 0 ('fault' -1)
	set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lw 1.5 lc rgb '#d62728' back
	# the next fault, when it falls in the picture: an outage drawn across
	# it lost only the packets sent before it here (the rest are its)
	unset arrow 2
	unset label 2
	nx = i < words(times) ? (real(word(times, i + 1)) - real(ft)) * 1000 : x1 + 1
	if (nx < x1) {
		set arrow 2 from nx, graph 0 to nx, graph 1 nohead dt 4 lw 1.5 lc rgb '#1f77b4' back
		# in the fault lane when clear of this fault's text (about 6.6 px
		# a character, as fits() reckons), else above the plot
		if (nx > x0 + (flen + 2) * 6.6 * (x1 - x0) / pw) {
			set label 2 sprintf('next fault: failover %s, +%.0f ms', word(nums, i + 1), nx) at nx, -1 \
				offset 1,0 left font ',9' tc rgb '#1f77b4'
		} else {
			set label 2 sprintf('next fault: failover %s, +%.0f ms', word(nums, i + 1), nx) at nx, graph 1 \
				offset 0,0.7 center font ',9' tc rgb '#1f77b4'
		}
	}
	set lmargin left
	set rmargin 4
	set bmargin 5
	plot \
		csv every ::r0::r0 using (0):(-1):(strcol(2)) with labels left offset 1,0 font ',10' tc rgb '#d62728' notitle, \
		csv every ::r0::r0 using (0):(-1) with points pt 7 ps 1.2 lc rgb '#d62728' title 'fault', \
		csv every ::r0::r1 using (has(7) && has(8) && num(8) > 0 && !lossy(strcol(10)) ? num(7) - num(8) / 2 : NaN):0:(num(8) / 2):(0.28):ytic(lane(strcol(3), strcol(4), strcol(5))) \
			with boxxyerror lc rgb '#d62728' fs solid 0.35 border title (outages > 0 ? 'outage' : ''), \
		csv every ::r0::r1 using (!has(7) && has(8) ? num(8) / 2 : NaN):0:(num(8) / 2):(0.28) \
			with boxxyerror lc rgb '#a00000' fs pattern 5 border title (never > 0 ? 'never recovered' : ''), \
		csv every ::r0::r1 using (!has(7) && has(8) ? num(8) : OFF):0:(sprintf('never recovered: nothing delivered in the %.0f ms that followed', num(8))) \
			with labels left offset 1,0 font ',9' tc rgb '#a00000' notitle, \
		csv every ::r0::r1 using (has(7) ? num(7) : NaN):0 with points pt 7 ps 1.1 lc rgb 'black' title 'event', \
		csv every ::r0::r1 using (has(7) ? num(7) : OFF):0:(event(strcol(3), num(7), has(8) ? num(8) : 0, strcol(9), strcol(10))) \
			with labels left offset 1,0 font ',9' notitle, \
		csv every ::r0::r1 using (has(7) || has(8) ? OFF : 0):0:(strcol(10)) \
			with labels left offset 1,0 font ',9' tc rgb '#7f7f7f' notitle
}
