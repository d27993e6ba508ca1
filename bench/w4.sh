#!/bin/sh
# w4.sh N [RATE] [TRAFFIC_SECONDS] - print the W4 scenario (issue 13): N
# hosts (256, 512 or 1024; a multiple of 64, >= 128) in a leaf-spine fabric.
#
# The L2 design, loop-free with what bondsim's switches do (no spanning
# tree, so no cycle of plain links may exist): the 4 spines are two MLAG
# pairs, sp1+sp2 (domain A) and sp3+sp4 (domain B), each joined by a peer
# link (a 2 x 100G port-channel, Po100).  Every leaf is dual-homed to one
# pair: its bonded uplink is one LACP port-channel Po1 of 2 x 100G, one
# cable to each spine of the pair, which the pair answers as one partner
# (mlag=K on both spines' PoK).  Leaves 1..L/2 hang off pair A, the others
# off pair B.  The two pairs are joined by ONE port-channel of 4 x 100G
# (sp1 and sp2 to sp3 and sp4, full mesh), an MLAG channel on both sides
# (Po200, mlag=200), so each domain sees the other as one partner: the
# fabric is a tree of port-channels.  Leaves have 32 hosts each (N/32
# leaves: 8, 16, 32), 10G host cables, 1 us everywhere, lacp rate fast.
#
# Traffic: every host sends UDP CBR at RATE (default 100M, IP level,
# 1472-byte payloads) to the host with the same place on another leaf,
# half of them (odd places) on a leaf of the other pair (through the
# inter-pair channel), half (even places) on the next leaf of the same
# pair (through one spine); every 8th host also runs a TCP request/response
# flow (200-byte request, 64 KB response, 1 ms think) to the host on the
# opposite leaf.  Offered UDP load: N x RATE (102.4 Gbit/s at N=1024).
# LACP bundles everything by about 2.3 s; traffic runs from 2.5 s for
# TRAFFIC_SECONDS (default 1).  Host i starts i us after 2.5 s: N hosts
# starting in the same nanosecond would flood N ARP requests at once, more
# than a switch port's 128-frame queue holds, and the ones lost would only
# be asked again (Linux: 1 s later) after the traffic is over.
n=${1:-1024}; rate=${2:-100M}; secs=${3:-1}
case $n in
''|*[!0-9]*) echo "w4.sh: N must be a number of hosts (256, 512, 1024), not '$n'" >&2; exit 2 ;;
esac
if [ "$n" -lt 128 ] || [ $((n % 64)) -ne 0 ]; then
	echo "w4.sh: N must be a multiple of 64, at least 128 (two leaves of 32 hosts per MLAG pair), not $n" >&2
	exit 2
fi
per=32
leaves=$((n / per)); half=$((leaves / 2))
end=$(awk "BEGIN { print 2.5 + $secs }")
printf '[sim]\nduration = %ss\n\n' "$end"

spine() { # spine NAME: ports, the leaves' channels, peer link, inter-pair channel
	printf '[switch %s]\nports = Hu1/1-%s Hu2/1-2 Hu3/1-2\nlag_hash = src-dst-port\n' "$1" "$half"
	k=1
	while [ "$k" -le "$half" ]; do
		printf 'lag Po%s = Hu1/%s mode=active mlag=%s\n' "$k" "$k" "$k"
		k=$((k + 1))
	done
	printf 'lag Po100 = Hu2/1 Hu2/2 mode=active\n'
	printf 'lag Po200 = Hu3/1 Hu3/2 mode=active mlag=200\n'
	printf 'lacp_rate Hu1/1-%s = fast\nlacp_rate Hu2/1-2 = fast\nlacp_rate Hu3/1-2 = fast\n\n' "$half"
}
for s in sp1 sp2 sp3 sp4; do spine $s; done
printf '[mlag A]\nswitches = sp1 sp2\npeer_link = Po100\n\n'
printf '[mlag B]\nswitches = sp3 sp4\npeer_link = Po100\n\n'
l=1
while [ "$l" -le "$leaves" ]; do
	printf '[switch lf%s]\nports = Te1/1-%s Hu1/1-2\nlag_hash = src-dst-port\n' "$l" "$per"
	printf 'lag Po1 = Hu1/1 Hu1/2 mode=active\nlacp_rate Hu1/1-2 = fast\n\n'
	l=$((l + 1))
done
i=1
while [ "$i" -le "$n" ]; do
	printf '[host h%s]\nip = 10.%s.%s.%s/8\n\n' "$i" $((i / 65536)) $((i / 256 % 256)) $((i % 256))
	i=$((i + 1))
done
printf '[links]\n'
printf 'sp1.Hu2/1 = sp2.Hu2/1 speed=100G\nsp1.Hu2/2 = sp2.Hu2/2 speed=100G\n'
printf 'sp3.Hu2/1 = sp4.Hu2/1 speed=100G\nsp3.Hu2/2 = sp4.Hu2/2 speed=100G\n'
printf 'sp1.Hu3/1 = sp3.Hu3/1 speed=100G\nsp1.Hu3/2 = sp4.Hu3/1 speed=100G\n'
printf 'sp2.Hu3/1 = sp3.Hu3/2 speed=100G\nsp2.Hu3/2 = sp4.Hu3/2 speed=100G\n'
l=1
while [ "$l" -le "$leaves" ]; do
	if [ "$l" -le "$half" ]; then a=sp1; b=sp2; k=$l; else a=sp3; b=sp4; k=$((l - half)); fi
	printf 'lf%s.Hu1/1 = %s.Hu1/%s speed=100G\nlf%s.Hu1/2 = %s.Hu1/%s speed=100G\n' \
		"$l" "$a" "$k" "$l" "$b" "$k"
	p=1
	while [ "$p" -le "$per" ]; do
		printf 'h%s.eth0 = lf%s.Te1/%s speed=10G\n' $(((l - 1) * per + p)) "$l" "$p"
		p=$((p + 1))
	done
	l=$((l + 1))
done
i=1
while [ "$i" -le "$n" ]; do
	l=$(((i - 1) / per)); p=$(((i - 1) % per))	# leaf and place, from 0
	if [ $((p % 2)) -eq 1 ]; then
		tl=$(((l + half) % leaves))		# the other pair
	else
		tl=$(((l / half) * half + (l % half + 1) % half))	# next leaf, same pair
	fi
	printf '\n[flow u%s]\nfrom = h%s\nto = h%s\nrate = %s\nsize = 1472\nstart = %sus\n' \
		"$i" "$i" $((tl * per + p + 1)) "$rate" $((2500000 + i))
	if [ $((i % 8)) -eq 0 ]; then
		tl=$(((l + half) % leaves))
		printf '\n[flow t%s]\ntype = tcp_rr\nfrom = h%s\nto = h%s\nrequest = 200\nresponse = 64KB\nthink = 1ms\nstart = %sus\n' \
			"$i" "$i" $((tl * per + p + 1)) $((2500000 + i))
	fi
	i=$((i + 1))
done
