#!/bin/sh
# seeds.sh - (re)make the seed corpora fuzz/corpus/<target>/ from the tree.
#
# Run from the top of the tree after `make bondsim`; needs xxd (Debian: xxd).
# Seeds are valid inputs, so that the fuzzer starts deep inside each parser:
#   scenario      scenarios/, tests/worlds/, tests/bad/ (refused ones too), tests/golden/
#   bond_options  every "options ... = " line of those, and a few by hand
#   modprobe      modprobe.d files as HOWTOs write them
#   ifcfg         the modprobe.d / ifcfg-* blocks of the scenarios, "### KEY" form
#   networkd      .netdev / .network files as systemd.netdev(5) shows them, "### NAME" form
#   nm            NetworkManager keyfiles of a bond and its ports, "### NAME" form
#   interfaces    /etc/network/interfaces files with ifenslave's bond-* options
#   netplan       tests/netplan/*.yaml, and two files in the "### NAME.yaml" form
#   ios           the switch configs (config =) of the scenarios and tests/bad, and by hand
#   hash_cmd      `bondsim hash` command lines, one argument a line
#   dissect, bond_hash, lag_hash, host_rx
#                 frames `bondsim hash -v` builds (the simulator's own layouts:
#                 ARP, IPv4/IPv6, UDP, TCP, ICMP, tags, fragments) with each
#                 target's leading bytes (see fuzz_frames.c)
# Existing seeds are kept; a seed's name is a hash of its content.
set -eu
BONDSIM=${BONDSIM:-./bondsim}
C=fuzz/corpus

put() {
	mkdir -p "$C/$1"
	tmp=$(mktemp)
	cat >"$tmp"
	mv "$tmp" "$C/$1/$(sha1sum "$tmp" | cut -c1-16)"
}
hex() { xxd -r -p; }

# ---- texts
for f in scenarios/*.ini tests/worlds/*.ini tests/bad/*.ini tests/golden/*.ini; do
	put scenario <"$f"
done
cat scenarios/*.ini tests/worlds/*.ini |
	sed -n 's/^[[:space:]]*options [^=]*= *//p' | sort -u |
	while IFS= read -r l; do printf '%s\n' "$l" | put bond_options; done
for l in "mode=4 miimon=100 arp_ip_target=10.0.0.1,10.0.0.2" \
	"mode=802.3ad lacp_rate=fast xmit_hash_policy=layer3+4 ad_select=bandwidth" \
	"mode=balance-alb tlb_dynamic_lb=0 lp_interval=2 num_grat_arp=3" \
	"mode=1 fail_over_mac=active primary=eth0 primary_reselect=failure use_carrier=0" \
	"mode=0 packets_per_slave=0 all_slaves_active=1 resend_igmp=5 min_links=2" \
	"mode=1 arp_interval=100 arp_ip_target=+10.0.0.1 arp_validate=filter_backup arp_all_targets=all arp_missed_max=3" \
	"mode=4 ad_actor_sys_prio=100 ad_actor_system=02:00:00:00:00:01 ad_user_port_key=7 lacp_active=off" \
	"max_bonds=2 tx_queues=4 peer_notif_delay=200 ns_ip6_target=fe80::1,2001:db8::1 \"miimon=50\""; do
	printf '%s\n' "$l" | put bond_options
done

printf '# bonding for the backup LAN\nalias bond0 bonding\noptions bonding mode=1 miimon=200\n' | put modprobe
printf 'alias bond0 bonding\nalias bond1 bonding\noptions bonding max_bonds=2 miimon=200 mode=1\n' | put modprobe
printf 'alias bond0 bonding\noptions bonding miimon=100 mode=1 miimon=250\noptions bond0 "miimon=50" updelay=100\n' | put modprobe
printf 'alias bond0 bonding\noptions bond0 miimon=100 mode=1\ninstall bond1 /sbin/modprobe bonding -o bond1 miimon=200 mode=0\n' | put modprobe
printf 'alias bond0 bonding\noptions bonding mode=1 miimon=100\ninstall bond1 /sbin/modprobe --ignore-install bonding -o bond1 mode=0\n' | put modprobe
printf '   # indented comment\nalias bond0 bonding\noptions bonding mode=802.3ad \\\n    lacp_rate=fast\noptions bonding miimon=100 # trailing words\n' | put modprobe
printf 'blacklist bonding\nalias bond0 bonding\noptions bond0 -o bond0 mode=balance-rr miimon=100\n' | put modprobe

# "key =" then indented lines, in the scenarios: one seed per host section
blocks=$(mktemp -d)
for f in scenarios/*.ini tests/worlds/*.ini; do
	awk -v dir="$blocks" -v base="$(basename "$f")" '
	     /^\[/ { n++; grab = 0; next }
	     /^(modprobe\.d|ifcfg-[^ ]*) *= *$/ { print "### " $1 > (dir "/" base "." n); grab = 1; next }
	     grab && /^[ \t]/ { sub(/^[ \t]+/, ""); print > (dir "/" base "." n); next }
	     { grab = 0 }' "$f"
done
for b in "$blocks"/*; do
	[ -e "$b" ] && put ifcfg <"$b"
done
rm -rf "$blocks"
printf 'DEVICE=bond0\nIPADDR=10.0.0.1\nNETMASK=255.255.255.0\nBONDING_OPTS="mode=1 miimon=100"\n### ifcfg-eth0\nDEVICE=eth0\nBOOTPROTO=none\nMASTER=bond0\nSLAVE=yes\n### ifcfg-eth1\nDEVICE='"'eth1'"'\nMASTER="bond0"\nSLAVE=yes\nONBOOT=yes\n' | put ifcfg
printf '### modprobe.d\nalias bond0 bonding\noptions bond0 miimon=100 mode=1\n### ifcfg-bond0\nDEVICE=bond0\nBONDING_OPTS='"'mode=balance-rr miimon=100'"'\nPREFIX=16\nIPADDR=10.1.0.1\n### ifcfg-eth2\nDEVICE=eth2\nMASTER=bond0\nSLAVE=yes\n' | put ifcfg

printf '[NetDev]\nName=bond0\nKind=bond\n\n[Bond]\nMode=802.3ad\nTransmitHashPolicy=layer3+4\nMIIMonitorSec=1s\nLACPTransmitRate=fast\n### 30-nics.network\n[Match]\nName=eth0 eth1\n[Network]\nBond=bond0\n### 40-bond0.network\n[Match]\nName=bond0\n[Network]\nAddress=10.0.0.1/24\n' | put networkd
printf '### 25-bond1.netdev\n# active-backup\n[NetDev]\nName=bond1\nKind=bond\n[Bond]\nMode=active-backup\nMIIMonitorSec=0.1\nUpDelaySec=200ms\nDownDelaySec=1s 500ms\nPrimaryReselectPolicy=better\nFailOverMACPolicy=active\nGratuitousARP=3\n### 30-eth2.network\n[Match]\nName=eth2\n[Network]\nBond=bond1\nPrimarySlave=yes\n### 31-eth3.network\n[Match]\nName=eth3\n[Network]\nBond=bond1\n' | put networkd
printf '### b.netdev\n[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=balance-xor\nARPIntervalSec=200ms\nARPIPTargets=10.0.0.254 10.0.0.253\nARPValidate=all\nARPAllTargets=all\nMinLinks=1\nLearnPacketIntervalSec=2s\nAllSlavesActive=on\n' | put networkd
printf '### 10-eth0.link\n[Match]\nOriginalName=eth0\n[Link]\nBitsPerSecond=100M\nDuplex=full\nWakeOnLan=off\n### 20-rest.link\n[Match]\nOriginalName=eth* en?1\n[Link]\nAutoNegotiation=yes\nAdvertise=100baset-full 1000baset-full\n### 99-zz.link\n[Match]\nOriginalName=*\n[Link]\nAutoNegotiation=no\nBitsPerSecond=10M\nDuplex=half\n' | put networkd
printf '### 10-mac.link\n[Match]\nMACAddress=02:00:00:00:00:02\nPermanentMACAddress=02-00-00-00-00-02\n[Link]\nAdvertise=10baset-half\nAdvertise=\nAdvertise=100baset-half 100baset-full\nBitsPerSecond=1G\n### 20-empty.link\n[Match]\n[Link]\nDuplex=half\n' | put networkd
printf 'auto lo\niface lo inet loopback\n\nauto bond0\niface bond0 inet static\n    address 192.168.1.10\n    netmask 255.255.255.0\n    gateway 192.168.1.1\n    bond-slaves eth0 eth1\n    bond-mode active-backup\n    bond-miimon 100\n    bond-updelay 200\n    bond-downdelay 200\n    bond-primary eth0\n' | put interfaces
printf 'auto eth0\niface eth0 inet manual\n    bond-master bond0\nallow-hotplug eth1\niface eth1 inet manual\n    bond-master bond0\nauto bond0\niface bond0 inet static\n    address 10.0.0.1/24\n    bond-slaves none\n    bond-mode 802.3ad\n    bond-miimon 100\n    bond-lacp-rate fast\n    bond-xmit-hash-policy layer3+4 \\\n\n    bond-ad-select bandwidth\niface bond0 inet6 static\n    address 2001:db8::1/64\n' | put interfaces
for f in tests/netplan/*.yaml; do
	put netplan <"$f"
done
printf 'network:\n  version: 2\n  ethernets:\n    eth0: {}\n    eth1: {}\n### 02-bond.yaml\nnetwork:\n  bonds:\n    bond0:\n      interfaces: [eth0, eth1]\n      addresses: [10.0.0.1/24]\n      parameters:\n        mode: active-backup\n        primary: eth1\n        arp-interval: 100\n        arp-ip-targets: [10.0.0.254]\n        gratuitious-arp: 2\n' | put netplan
printf 'network:\n  renderer: NetworkManager\n  ethernets: {eth0: {}, eth1: {renderer: NetworkManager}}\n  bonds:\n    bond0:\n      interfaces: [eth0, eth1]\n      addresses: [10.0.0.2/24]\n      parameters: {mode: 802.3ad, lacp-rate: fast, gratuitous-arp: 2, learn-packet-interval: 3, arp-ip-targets: [10.0.0.1]}\n' | put netplan
printf 'network:\n  version: 2\n  renderer: networkd\n  ethernets: {eth0: {dhcp4: no}, eth1: {dhcp4: no}}\n  bonds:\n    bond0: {interfaces: [eth0, eth1], dhcp4: true, parameters: {mode: 802.3ad, lacp-rate: fast, mii-monitor-interval: 1.5, up-delay: 1s 500ms, all-slaves-active: on}}\n' | put netplan
printf '[connection]\nid=bond0\nuuid=4a5b0c38-7e35-4e3b-9a27-5a1f8c0e6b11\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=802.3ad\nmiimon=100\nlacp_rate=fast\nxmit_hash_policy=layer3+4\n\n[ipv4]\nmethod=manual\naddress1=10.0.0.1/24,10.0.0.254\n### p1.nmconnection\n[connection]\nid=p1\ntype=ethernet\ninterface-name=eth0\ncontroller=bond0\nport-type=bond\n### p2.nmconnection\n[connection]\nid=p2\ntype=ethernet\ninterface-name=eth1\nmaster=4a5b0c38-7e35-4e3b-9a27-5a1f8c0e6b11\nslave-type=bond\nautoconnect=true\n' | put nm
printf '### b.nmconnection\n[connection]\ntype=bond\ninterface-name=bond1\n[bond]\nmode=active-backup\narp_interval=200\narp_ip_target=10.0.0.254,10.0.0.253\nprimary=eth2\n[ipv6]\nmethod=disabled\n### e.nmconnection\n[connection]\ninterface-name=eth2\nmaster=bond1\nslave-type=bond\n[ethernet]\nmtu=9000\n' | put nm

printf '[connection]\nid=eth0\ntype=ethernet\ninterface-name=eth0\n[ethernet]\nauto-negotiate=true\nspeed=100\nduplex=full\n### eth1.nmconnection\n[connection]\ntype=802-3-ethernet\ninterface-name=eth1\n[802-3-ethernet]\nspeed=10\nduplex=half\nmtu=1500\n' | put nm
printf 'auto eth0\niface eth0 inet manual\n    link-speed 100\n    link-duplex full\n    ethernet-autoneg off\n    bond-master bond0\nauto bond0\niface bond0 inet static\n    address 10.0.0.1/24\n    bond-slaves none\n    bond-mode active-backup\n' | put interfaces
printf 'DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\nETHTOOL_OPTS="-s ${DEVICE} speed 100 duplex full autoneg off; -K ${DEVICE} tso off; --change eth0 wol g"\n### ifcfg-bond0\nDEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\n' | put ifcfg
# VLAN devices on a bond, one seed per format
printf 'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\nBOOTPROTO=none\n### ifcfg-eth0\nDEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n### ifcfg-bond0.100\nDEVICE=bond0.100\nVLAN=yes\nIPADDR=10.0.100.1\nPREFIX=24\n### ifcfg-vlan200\nDEVICE=vlan200\nVLAN=yes\nPHYSDEV=bond0\nVLAN_ID=200\nNETMASK=255.255.255.0\nIPADDR=10.0.200.1\n' | put ifcfg
printf '### 25-bond0.netdev\n[NetDev]\nName=bond0\nKind=bond\n### 26-bond0.100.netdev\n[NetDev]\nName=bond0.100\nKind=vlan\n[VLAN]\nId=100\nGVRP=yes\n### 30-eth0.network\n[Match]\nName=eth0\n[Network]\nBond=bond0\n### 40-bond0.network\n[Match]\nName=bond0\n[Network]\nVLAN=bond0.100\nVLAN=bond0.200\n### 50-bond0.100.network\n[Match]\nName=bond0.100\n[Network]\nAddress=10.0.100.1/24\n' | put networkd
printf 'auto bond0\niface bond0 inet manual\n    bond-slaves eth0\n    bond-mode active-backup\nauto bond0.100\niface bond0.100 inet static\n    address 10.0.100.1\n    netmask 255.255.255.0\nauto vlan300\niface vlan300 inet static\n    vlan-raw-device bond0\n    address 10.0.3.1/24\n' | put interfaces
printf '[connection]\nid=bond0\nuuid=4a5b0c38-7e35-4e3b-9a27-5a1f8c0e6b12\ntype=bond\ninterface-name=bond0\n[ipv4]\nmethod=disabled\n### v.nmconnection\n[connection]\nid=v100\ntype=vlan\ninterface-name=bond0.100\n[vlan]\nid=100\nparent=4a5b0c38-7e35-4e3b-9a27-5a1f8c0e6b12\nflags=1\n[ipv4]\nmethod=manual\naddress1=10.0.100.1/24\n' | put nm
printf 'network:\n  version: 2\n  ethernets: {eth0: {}}\n  bonds:\n    bond0: {interfaces: [eth0]}\n  vlans:\n    bond0.100:\n      id: 100\n      link: bond0\n      addresses: [10.0.100.1/24]\n    eth0.7: {id: 7, link: eth0, renderer: NetworkManager}\n' | put netplan

# ---- switch configs in IOS syntax: each "config =" block, and the files tests/bad reads
blocks=$(mktemp -d)
for f in scenarios/*.ini tests/worlds/*.ini tests/bad/*.ini; do
	awk -v dir="$blocks" -v base="$(basename "$f")" '
	     /^\[/ { n++; grab = 0; next }
	     /^config *= *$/ { grab = 1; next }
	     grab && /^[ \t]/ { sub(/^[ \t]+/, ""); print > (dir "/" base "." n); next }
	     { grab = 0 }' "$f"
done
for b in "$blocks"/* tests/bad/inc/*.cfg; do
	[ -e "$b" ] && put ios <"$b"
done
rm -rf "$blocks"
printf 'hostname sw1\n!\nlacp system-priority 100\nport-channel load-balance src-dst-ip\nmac address-table aging-time 120\nerrdisable detect cause mac-flap\nerrdisable recovery cause mac-flap\nerrdisable recovery interval 60\n!\ninterface Port-channel1\n description to server\n no lacp suspend-individual\n shutdown\n!\ninterface range GigabitEthernet0/1 - 2, Te1/0/1\n channel-group 1 mode active\n lacp rate fast\n lacp port-priority 100\n!\ninterface Gi0/3\n channel-group 2 mode on\n no shutdown\n spanning-tree portfast edge\n switchport mode access\n switchport access vlan 1\nexit\ninterface Fa0/1\n channel-group 3 mode passive\nend\n' | put ios
# pasted MLAG domains: NX-OS's vpc domain with every command, Arista's mlag configuration
printf 'hostname sw1\nfeature lacp\nfeature vpc\nvpc domain 300\n peer-switch\n role priority 100\n system-priority 4000\n system-mac 0023.04ee.bf2c\n peer-keepalive destination 10.1.1.2 source 10.1.1.1 vrf management interval 500 timeout 7 hold-timeout 4\n delay restore 60\n delay restore interface-vlan 20\n delay restore orphan-port 15\n peer-gateway\n auto-recovery reload-delay 300\n ip arp synchronize\n exit\ninterface port-channel1\n vpc 1\ninterface port-channel10\n vpc peer-link\ninterface Ethernet1/1\n channel-group 1 mode active\ninterface Ethernet1/2\n channel-group 10 mode active\n vpc domain 300\n no auto-recovery\n' | put ios
printf 'hostname sw1\ninterface Port-Channel10\ninterface Port-Channel20\n mlag 20\ninterface Ethernet1/1\n channel-group 10 mode active\ninterface Ethernet1/2\n channel-group 20 mode active\nmlag configuration\n domain-id pair1\n local-interface Vlan4094\n peer-address 10.0.0.2\n peer-link Port-Channel10\n reload-delay mlag 300\n' | put ios
printf 'interface range Po1 - 2, Eth1/1 - 4\n description x\ninterface Eth1/1\n channel-group 1 mode on\ninterface Eth1/2\n channel-group 2 mode on\ninterface Twe1/0/1\ninterface Hu1/0/1\ninterface Fo1/0/1\nmac address-table notification mac-move\nmac address-table aging-time 0\n' | put ios
printf 'hostname sw1\nspanning-tree mode rapid-pvst\nspanning-tree portfast edge default\nspanning-tree portfast bpduguard default\nspanning-tree vlan 1,10-20 forward-time 10\ninterface Gi0/1\n switchport mode trunk\n spanning-tree portfast edge trunk\ninterface Gi0/2\n spanning-tree portfast\nend\n' | put ios

# ---- hash command lines and the frames they build
P0=02:00:00:00:02:00 ETH0=02:00:00:00:01:00 ETH1=02:00:00:00:01:01 BC=ff:ff:ff:ff:ff:ff
set -- \
	"--smac $P0 --dmac $BC --ethertype 0x0806 --src 10.0.0.2 --dst 10.0.0.1" \
	"--smac $P0 --dmac $ETH0 --src 10.0.0.2 --dst 10.0.0.1 --proto udp --sport 1000 --dport 9" \
	"--smac $P0 --dmac $ETH0 --src 10.0.0.2 --dst 10.0.0.1 --proto icmp --icmp-type 8 --icmp-id 1" \
	"--smac $P0 --dmac $ETH0 --src 10.0.0.2 --dst 10.0.0.1 --proto icmp --icmp-type 0 --icmp-id 1" \
	"--smac $P0 --dmac $ETH0 --src 10.0.0.2 --dst 10.0.0.1 --proto tcp --sport 40000 --dport 80" \
	"--smac $P0 --dmac $ETH0 --src 10.0.0.2 --dst 10.0.0.1 --proto udp --fragment" \
	"--smac $P0 --dmac $ETH1 --src 10.0.1.2 --dst 10.0.1.1 --proto udp --sport 7 --dport 9 --tag 5" \
	"--smac $P0 --dmac $BC --ethertype 0x0806 --src 10.0.1.2 --dst 10.0.1.1" \
	"--smac $P0 --dmac $ETH1 --src fe80::2 --dst fe80::1 --proto udp --sport 5 --dport 9" \
	"--smac $P0 --dmac $ETH1 --src 2001:db8::2 --dst 2001:db8::1 --proto icmp --icmp-type 128" \
	"--smac $P0 --dmac $ETH0 --src 10.0.0.2 --dst 10.0.0.1 --proto udp --vlan 10 --vlan-prio 3"
for args in "$@"; do
	for pol in layer2 layer3+4 encap3+4 vlan+srcmac; do
		# shellcheck disable=SC2086
		printf -- '--policy\n%s\n--slaves\n3\n%s\n' "$pol" "$(printf '%s' "$args" | tr ' ' '\n')" |
			put hash_cmd
	done
	# shellcheck disable=SC2086
	frame=$($BONDSIM hash -v --slaves 2 $args | sed -n 's/.*frame=\([0-9a-f]*\).*/\1/p')
	len=$(( ${#frame} / 2 ))
	printf '%s%s' 00 "$frame" | hex | put dissect
	printf '%s%s' 0d "$frame" | hex | put dissect		# bond_flow_dissect()
	printf '%s%s' 11 "$frame" | hex | put dissect		# the encap policies
	printf '%s%s' 20 "$frame" | hex | put dissect		# layer 2 only
	printf '%s%s' 00000000000000 "$frame" | hex | put bond_hash
	printf '%s%s' 030005deadbeef "$frame" | hex | put bond_hash
	printf '%s%s' 00 "$frame" | hex | put lag_hash
	printf '%s%s' 40 "$frame" | hex | put lag_hash
	# host_rx: mode 1 (MII), then the frame on eth0 and on the bond's eth1
	printf '01%s%02x%s%s%02x%s' 00 "$len" "$frame" 01 "$len" "$frame" | hex | put host_rx
	printf '0b%s%02x%s' 41 "$len" "$frame" | hex | put host_rx
done
# a whole ICMP error (port unreachable) quoting a UDP datagram, as a host sends it
eth=0200000001000200000002000800
ip=45000038000000004001000a0a0000020a000001
icmp=0303000000000000
quoted=4500001c000040004011000a0a0000010a000002
udp=e80300090008e000
printf '0d%s%s%s%s%s' $eth $ip $icmp $quoted $udp | hex | put dissect
printf '0000000000000d%s%s%s%s%s' $eth $ip $icmp $quoted $udp | hex | put bond_hash
printf '01%s%02x%s%s%s%s%s' 00 70 $eth $ip $icmp $quoted $udp | hex | put host_rx
# ---- slow protocols: LACPDU and Marker bodies, from the subtype on
# tlv TYPE PRIO SYSTEM KEY PORT_PRIO PORT STATE: an actor or partner TLV
tlv() { printf '%02x14%04x%s%04x%04x%04x%02x000000' "$1" "$2" "$3" "$4" "$5" "$6" "$7"; }
zeros() { printf '%0*d' $(( $1 * 2 )) 0; }
collector_term() { printf '0310%s%s%s' "$(zeros 14)" 0000 "$(zeros 50)"; }
lacpdu() { printf '0101%s%s%s' "$(tlv 1 "$1" "$2" "$3" 255 "$4" "$5")" "$(tlv 2 "$6" "$7" "$8" 255 "$9" "${10}")" "$(collector_term)"; }
A=020000000001 B=020000000002
# a bond port defaulted (fast), in sync, and a switch's reply; one per chunk: port 1, 0 ticks
for body in "$(lacpdu 65535 $A 15 1 0x47 65535 000000000000 1 1 1)" \
	"$(lacpdu 65535 $A 15 1 0x3f 65535 $B 15 1 0x3f)" \
	"$(lacpdu 32768 $B 1 2 0x05 65535 $A 15 2 0x0f)"; do
	printf '00%02x%s' 110 "$body" | hex | put lacpdu
	printf '01%02x%s28%02x%s' 110 "$body" 110 "$body" | hex | put lacpdu
done
marker() { printf '0201%02x10%04x%s%08x0000%s%s' "$1" "$2" "$3" "$4" 0000 "$(zeros 90)"; }
printf '%s' "$(marker 1 1 $A 7)" | hex | put marker
printf '%s' "$(marker 2 2 $B 4294967295)" | hex | put marker
echo "seeds: $(for d in "$C"/*/; do printf '%s %s  ' "$(basename "$d")" "$(ls "$d" | wc -l)"; done)"
