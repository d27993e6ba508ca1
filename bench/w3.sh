#!/bin/sh
# w3.sh [LOAD_PERCENT] [TRAFFIC_SECONDS] - print the W3 scenario (issue 13):
# 16 servers, each an 802.3ad bond (lacp_rate=fast, layer3+4) of 2 x 10
# Gbit/s to one switch that runs every server's pair as an LACP
# port-channel (mode active, src-dst-port hash), 1 us cables.
# 64 flows, 4 per server, to the next servers round the ring:
#  - 48 UDP CBR flows (server i -> i+1, i+2, i+3), 1472-byte payloads;
#  - 16 TCP request/response flows (server i -> i+4: a 200-byte request, a
#    64 KB response, the next request 1 ms after the response is in;
#    about 0.4 Gbit/s each, a few % of the total).
# Offered load: LOAD_PERCENT (default 50) of the servers' line rate, i.e.
# of 16 x 20 Gbit/s = 320 Gbit/s, all carried by the UDP flows (each at
# LOAD% of 320G / 48); the TCP flows come on top.  The bonds bundle at
# about 2.4 s, so traffic starts at 2.5 s and runs TRAFFIC_SECONDS
# (default 7.5: the run is 10 s of simulated time).
load=${1:-50}; secs=${2:-7.5}
n=16
# per UDP flow, in Mbit/s: load% of n * 20000 Mb/s over 3n flows
rate=$((load * n * 20000 / 100 / (3 * n)))
end=$(awk "BEGIN { print 2.5 + $secs }")
printf '[sim]\nduration = %ss\n\n' "$end"
printf '[switch sw]\nports = Te1/%s-%s\nlag_hash = src-dst-port\n' 1 $((2 * n))
i=1
while [ "$i" -le "$n" ]; do
	printf 'lag Po%s = Te1/%s Te1/%s mode=active\n' "$i" $((2 * i - 1)) $((2 * i))
	i=$((i + 1))
done
printf 'lacp_rate Te1/1-%s = fast\n\n' $((2 * n))
i=1
while [ "$i" -le "$n" ]; do
	printf '[host s%s]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n' "$i"
	printf 'options bond0 = mode=802.3ad lacp_rate=fast miimon=100 xmit_hash_policy=layer3+4\n'
	printf 'ip bond0 = 10.0.0.%s/24\n\n' "$i"
	i=$((i + 1))
done
printf '[links]\n'
i=1
while [ "$i" -le "$n" ]; do
	printf 's%s.eth0 = sw.Te1/%s speed=10G delay=1us\n' "$i" $((2 * i - 1))
	printf 's%s.eth1 = sw.Te1/%s speed=10G delay=1us\n' "$i" $((2 * i))
	i=$((i + 1))
done
i=1
while [ "$i" -le "$n" ]; do
	for k in 1 2 3; do
		j=$(((i + k - 1) % n + 1))
		printf '\n[flow u%s_%s]\nfrom = s%s\nto = s%s\nrate = %sM\nsize = 1472\nstart = 2.5s\n' \
			"$i" "$k" "$i" "$j" "$rate"
	done
	j=$(((i + 3) % n + 1))
	printf '\n[flow t%s]\ntype = tcp_rr\nfrom = s%s\nto = s%s\nrequest = 200\nresponse = 64KB\nthink = 1ms\nstart = 2.5s\n' \
		"$i" "$i" "$j"
	i=$((i + 1))
done
