# guest.sh - runs inside the qemu guest (tests/kernel/run.sh): the real
# bonding driver of Debian 12's Linux 6.1, on veth pairs, results in
# /share/res for compare.sh.  Slaves are vethNa, their peers vethNb.
R=/share/res; rm -rf $R; mkdir -p $R
modprobe bonding max_bonds=0
modprobe veth
# no IPv6 of the bond's own (router solicitations, MLD) among the frames compared
echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6
echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6
ip link set lo up
uname -r > $R/kernel
mkslaves() { for i in $(seq 0 $(($1 - 1))); do
	ip link add veth${i}a type veth peer name veth${i}b; ip link set veth${i}b up; done; }
delslaves() { for i in $(seq 0 $(($1 - 1))); do ip link del veth${i}a 2>/dev/null; done; }
enslave() { for i in $(seq 0 $(($1 - 1))); do ip link set veth${i}a master bond0; done; }
ts() { date +%s.%N; }
# A network namespace without IPv6 either (a new one does not inherit the
# setting): a target's bridge would send router solicitations into a
# silence the ARP monitor reads, and a slave that does not validate takes
# any frame as a sign of life.  Devices moved in afterwards get it too.
mkns() { # NAME
	ip netns list | grep -qw "$1" && return
	ip netns add $1
	ip netns exec $1 sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6
		echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
}
# N slaves whose peers are ports of bridge br0 in netns NS (a switch, and
# with ADDR a host on it too).
bridged() { # NS N [ADDR]
	mkns $1
	for i in $(seq 0 $(($2 - 1))); do
		ip link add veth${i}a type veth peer name veth${i}b; ip link set veth${i}b netns $1
	done
	ip netns exec $1 sh -c "ip link add br0 type bridge
		for i in \$(seq 0 $(($2 - 1))); do ip link set veth\${i}b master br0; ip link set veth\${i}b up; done
		ip link set br0 up${3:+; ip addr add $3/24 dev br0}"
}

# Everything the bond sends, captured where it arrives: tcpdump -Q in on the
# peers veth0b.. of N slaves (in netns NS if given), into $R/PREFIX_<i>.pcap;
# the caller kills $pids.
capture() { # PREFIX N [NS]
	pids=""
	for i in $(seq 0 $(($2 - 1))); do
		${3:+ip netns exec $3} tcpdump -Q in -q -U -i veth${i}b -w $R/$1_$i.pcap 2>/dev/null &
		pids="$pids $!"
	done
}

# hash: which slave balance-xor picks, for 400 varied frames a policy; with
# a VLAN id, sent through a VLAN device above the bond (bond0.VID): the tag
# rides outside the bytes (skb_vlan_tag_present), which vlan+srcmac hashes,
# and the device sets the protocol the others start from; the capture puts
# the tag back in.
python3 /share/frames.py 1 400 /tmp/frames.pcap
xorhash() { # PREFIX NSLAVES POLICY [VID]
	n=$2 dev=bond0
	mkslaves $n
	ip link add bond0 type bond mode balance-xor xmit_hash_policy $3 miimon 100
	enslave $n; ip link set bond0 up
	if [ -n "${4:-}" ]; then
		dev=bond0.$4; ip link add link bond0 name $dev type vlan id $4; ip link set $dev up
	fi
	sleep 1
	capture $1_$3_$n $n
	sleep 2
	python3 -c "from scapy.all import rdpcap, sendp; sendp(rdpcap('/tmp/frames.pcap'), iface='$dev', verbose=0)"
	sleep 2; kill $pids; wait
	[ $dev = bond0 ] || ip link del $dev
	ip link del bond0; delslaves $n
}
for pol in layer2 layer2+3 layer3+4 encap2+3 encap3+4 vlan+srcmac; do
	for n in 2 3 4; do xorhash hash $n $pol; done
	xorhash vlanhash 3 $pol 100
done

# balance-rr: the slave each frame the bond sends takes, in order (an ARP
# request, then 10 echo requests 200 ms apart), 3 slaves, a bridge with
# 10.0.0.2 in netns peer over their peers; captured where they arrive.
rrseq() { # NAME OPTIONS...
	name=$1; shift
	bridged peer 3 10.0.0.2
	ip link add bond0 type bond "$@"; enslave 3; ip addr add 10.0.0.1/24 dev bond0; ip link set bond0 up
	sleep 2
	capture rr_$name 3 peer
	sleep 2
	ping -c 10 -i 0.2 -q 10.0.0.2 > /dev/null
	sleep 1; kill $pids; wait
	ip link del bond0; ip netns exec peer ip link del br0; delslaves 3
}
rrseq pps1 mode balance-rr miimon 100
rrseq pps3 mode balance-rr miimon 100 packets_per_slave 3

# balance-alb: the slave that answers each client (rlb_choose_channel())
# and the one its echo replies leave by: 4 clients, each in its own netns
# behind a bridge (netns sw) over the 3 slaves' peers, ping the bond once
# each, 500 ms apart; everything the bond sends, captured where it arrives.
albrlb() {
	bridged sw 3
	for c in 1 2 3 4; do
		mkns c$c
		ip link add cl$c type veth peer name cp$c
		ip link set cl$c netns c$c; ip link set cp$c netns sw
		ip netns exec sw sh -c "ip link set cp$c master br0; ip link set cp$c up"
		ip netns exec c$c sh -c "ip addr add 10.0.0.1$c/24 dev cl$c; ip link set cl$c up"
	done
	ip link add bond0 type bond mode balance-alb miimon 100; enslave 3
	ip addr add 10.0.0.1/24 dev bond0; ip link set bond0 up
	sleep 2
	capture alb 3 sw
	sleep 2
	for c in 1 2 3 4; do ip netns exec c$c ping -c 1 -W 1 10.0.0.1 > /dev/null; sleep 0.5; done
	sleep 2; kill $pids; wait
	ip link del bond0; delslaves 3
	for ns in c1 c2 c3 c4 sw; do ip netns del $ns; done
}
albrlb

# proc: /proc/net/bonding/bond0 of every mode and of a few option sets, 5 s after up
proc() { # NAME NSLAVES OPTIONS...
	name=$1 n=$2; shift 2
	mkslaves $n; ip link add bond0 type bond "$@"; enslave $n; ip link set bond0 up
	sleep 5; cat /proc/net/bonding/bond0 > $R/proc_$name.txt
	ip link del bond0; delslaves $n
}
for m in balance-rr active-backup balance-xor broadcast 802.3ad balance-tlb balance-alb; do
	proc $m 2 mode $m miimon 100
done
proc 3ad_options 3 mode 802.3ad lacp_rate fast ad_select bandwidth xmit_hash_policy layer3+4 \
	min_links 1 miimon 100 updelay 200 downdelay 100
proc alb_options 3 mode balance-alb miimon 100 primary veth1a lp_interval 2
proc rr_options 3 mode balance-rr miimon 100 packets_per_slave 3
proc ab_options 2 mode active-backup miimon 100 updelay 100 fail_over_mac follow primary veth1a \
	primary_reselect better num_grat_arp 3 peer_notify_delay 200
proc tlb_static 2 mode balance-tlb miimon 100 tlb_dynamic_lb 0 xmit_hash_policy layer3+4
proc xor_vlan 2 mode balance-xor miimon 100 xmit_hash_policy vlan+srcmac
proc 3ad_actor 2 mode 802.3ad miimon 100 ad_actor_sys_prio 100 ad_actor_system 02:11:22:33:44:55 \
	ad_user_port_key 5

# sysfs: the option files, and whether ns_ip6_target has one
ip link add bond0 type bond mode active-backup arp_interval 100 arp_ip_target 10.0.0.2 \
	ns_ip6_target fd00::2 arp_validate all
ls /sys/class/net/bond0/bonding > $R/sysfs_files.txt
sed -n '/^ARP/,/^NS/p' /proc/net/bonding/bond0 > $R/proc_ns_target.txt
ip link del bond0

# monitor timings: active-backup's MII monitor in the kernel log when a
# slave's peer goes down and comes back (downdelay, updelay, the failover,
# a primary's return); the log's timestamps are the kernel's own.
mon() { # NAME OPTIONS...
	name=$1; shift
	mkslaves 2; ip link add bond0 type bond "$@"; enslave 2; ip link set bond0 up
	sleep 3
	echo "bondsim: $name pull" > /dev/kmsg
	ip link set veth0b down; sleep 2
	echo "bondsim: $name plug" > /dev/kmsg
	ip link set veth0b up; sleep 2
	echo "bondsim: $name end" > /dev/kmsg
	ip link del bond0; delslaves 2
}
mon mii_delays mode active-backup miimon 100 downdelay 200 updelay 300
mon mii_plain mode active-backup miimon 100
mon mii_primary mode active-backup miimon 100 updelay 200 primary veth0a

# ... and the gratuitous ARPs an active-backup failover sends (num_grat_arp,
# peer_notif_delay): every frame the bond sends after the active slave's
# peer goes down, captured where it arrives.
garp() { # NAME OPTIONS...
	name=$1; shift
	mkslaves 2; ip link add bond0 type bond "$@"; enslave 2
	ip addr add 10.0.0.1/24 dev bond0; ip link set bond0 up
	sleep 3
	capture garp_$name 2
	sleep 2
	ip link set veth0b down; sleep 3
	kill $pids; wait
	ip link del bond0; delslaves 2
}
garp one mode active-backup miimon 100
garp three mode active-backup miimon 100 num_grat_arp 3
garp delay mode active-backup miimon 100 num_grat_arp 3 peer_notify_delay 300

# ... and the ARP monitor's: active-backup with arp_interval=100 and one
# target, a bridge with 10.0.0.2 in netns peer over both slaves' peers.
# The target's address is taken away (no replies; the bridge still floods
# the probes to the other slave) and 3 s later given back.
arpmon() { # NAME OPTIONS...
	name=$1; shift
	bridged peer 2 10.0.0.2
	ip link add bond0 type bond "$@"; enslave 2; ip addr add 10.0.0.1/24 dev bond0; ip link set bond0 up
	sleep 4
	echo "bondsim: $name pull" > /dev/kmsg
	ip netns exec peer ip addr del 10.0.0.2/24 dev br0
	sleep 3
	echo "bondsim: $name plug" > /dev/kmsg
	ip netns exec peer ip addr add 10.0.0.2/24 dev br0
	sleep 3
	echo "bondsim: $name end" > /dev/kmsg
	ip link del bond0; ip netns exec peer ip link del br0; delslaves 2
}
arpmon arp_plain mode active-backup arp_interval 100 arp_ip_target 10.0.0.2
arpmon arp_validate mode active-backup arp_interval 100 arp_ip_target 10.0.0.2 arp_validate all
arpmon arp_missed3 mode active-backup arp_interval 100 arp_ip_target 10.0.0.2 arp_missed_max 3
for v in active backup; do
	arpmon arp_$v mode active-backup arp_interval 100 arp_ip_target 10.0.0.2 arp_validate $v
done

# ... and 802.3ad's MII monitor with updelay (and without, the control):
# bond0's two slaves on veth pairs whose peers are bond1's in netns peer
# (802.3ad, up first, so LACP aggregates).  bond0 is enslaved 1 s after
# bond1 came up, opened 1 s later, and 3 s after that a slave's peer is
# pulled for 2 s.  The open is an ioctl made right after its mark (no
# fork between them), so its lines can be timed from the mark: whether
# updelay is skipped at the first pass (no active aggregator) is a matter
# of when, not of which lines.
ad_open() { # NAME
	python3 -c "
import fcntl, socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
req = lambda flags: struct.pack('16sH22x', b'bond0', flags)
flags = struct.unpack('16sH22x', fcntl.ioctl(s, 0x8913, req(0)))[1]    # SIOCGIFFLAGS
k = open('/dev/kmsg', 'w')
k.write('bondsim: $1 open\\n'); k.flush()
fcntl.ioctl(s, 0x8914, req(flags | 1))    # SIOCSIFFLAGS, IFF_UP
k.write('bondsim: $1 opened\\n'); k.flush()"
}
admon() { # NAME OPTIONS...
	name=$1; shift
	mkns peer
	for i in 0 1; do ip link add veth${i}a type veth peer name veth${i}b; ip link set veth${i}b netns peer; done
	ip netns exec peer sh -c 'ip link add bond1 type bond mode 802.3ad miimon 100
		ip link set veth0b master bond1; ip link set veth1b master bond1; ip link set bond1 up'
	sleep 1
	echo "bondsim: $name enslave" > /dev/kmsg
	ip link add bond0 type bond "$@"; enslave 2
	sleep 1
	ad_open $name
	sleep 3
	echo "bondsim: $name pull" > /dev/kmsg
	ip netns exec peer ip link set veth0b down; sleep 2
	echo "bondsim: $name plug" > /dev/kmsg
	ip netns exec peer ip link set veth0b up; sleep 2
	echo "bondsim: $name end" > /dev/kmsg
	cat /proc/net/bonding/bond0 > $R/admon_$name.txt
	ip link del bond0; ip netns exec peer ip link del bond1; delslaves 2
}
admon ad_updelay mode 802.3ad miimon 100 updelay 300
admon ad_plain mode 802.3ad miimon 100
dmesg > $R/monitor_dmesg.txt

# lacp_defaulted: an 802.3ad port with no partner, fast: port states while
# EXPIRED (1.5 s after up) and DEFAULTED (5 s)
mkslaves 1
ip link add bond0 type bond mode 802.3ad lacp_rate fast miimon 100; enslave 1
t0=$(ts); ip link set bond0 up
sleep 1.5; echo "$(ts) $(grep 'port state' /proc/net/bonding/bond0 | tr -s ' \n' ' ')" > $R/lacp_defaulted.txt
sleep 3.5; echo "$(ts) $(grep 'port state' /proc/net/bonding/bond0 | tr -s ' \n' ' ')" >> $R/lacp_defaulted.txt
echo "t0 $t0" >> $R/lacp_defaulted.txt
ip link del bond0; delslaves 1

# lacp_passive: bond0 lacp_active off, slow, against bond1 in netns peer, active, fast
mkns peer
for i in 0 1; do ip link add veth${i}a type veth peer name veth${i}b; ip link set veth${i}b netns peer; done
ip netns exec peer sh -c 'ip link set lo up; ip link add bond1 type bond mode 802.3ad lacp_rate fast miimon 100
	ip link set veth0b master bond1; ip link set veth1b master bond1; ip link set bond1 up'
ip link add bond0 type bond mode 802.3ad lacp_rate slow lacp_active off miimon 100; enslave 2
ip link set bond0 up
sleep 8
tcpdump -q -U -i veth0a -w $R/lacp_passive.pcap ether proto 0x8809 2>/dev/null & tp=$!
sleep 6; kill $tp; wait
grep 'port state' /proc/net/bonding/bond0 | tr -s ' \n' ' ' > $R/lacp_passive.txt
ip link del bond0; ip netns exec peer ip link del bond1; delslaves 2

# lacp exchange: every LACPDU between two back-to-back bonds, bond1 (in netns
# peer) up first and bond0 about 1 s later.  bond0's slaves are enslaved
# while their peers are down (enslaved with a down link, as compare.py's
# world does).  Three attempts per setup: whether the two bonds' 104 ms
# ticks fall too close together to order under emulation is luck.
lx() { # NAME OPTIONS0 OPTIONS1
	for i in 0 1; do ip link add veth${i}a type veth peer name veth${i}b; ip link set veth${i}b netns peer; done
	ip link add bond0 type bond $2; enslave 2
	tcpdump -q -U -i veth0a -w $R/lx_$1_0.pcap ether proto 0x8809 2>/dev/null & p0=$!
	tcpdump -q -U -i veth1a -w $R/lx_$1_1.pcap ether proto 0x8809 2>/dev/null & p1=$!
	sleep 1
	ip netns exec peer sh -c "ip link add bond1 type bond $3
		ip link set veth0b master bond1; ip link set veth1b master bond1; ip link set bond1 up"
	sleep 1
	ip link set bond0 up
	sleep 9
	kill $p0 $p1; wait $p0 $p1
	ip link del bond0; ip netns exec peer ip link del bond1; delslaves 2
}
for n in 1 2 3; do
	lx fastfast_$n "mode 802.3ad lacp_rate fast miimon 100" "mode 802.3ad lacp_rate fast miimon 100"
	lx slowslow_$n "mode 802.3ad miimon 100" "mode 802.3ad miimon 100"
	lx fastslow_$n "mode 802.3ad lacp_rate fast miimon 100" "mode 802.3ad miimon 100"
	lx passive_$n "mode 802.3ad lacp_rate fast lacp_active off miimon 100" "mode 802.3ad lacp_rate fast miimon 100"
done
echo done > $R/done
