#!/bin/sh
# switched.sh N RATE SECONDS - print the scenario of the ns-3 peer benchmark's
# Program A (bench/ns3/README.md): N hosts on one learning switch,
# 1 Gbit/s cables with 10 us delay, 100-frame queues, host i sends UDP CBR to
# host (i+1) mod N at RATE (IP level), 1500-byte IP packets.  bondsim's
# cables are full duplex, so it compares with the lossless rows.
n=${1:-4}; rate=${2:-500M}; secs=${3:-10}
printf '[sim]\nduration = %ss\n\n[switch sw]\nports = p1-%s\ntxqueuelen = 100\n\n' "$secs" "$n"
i=1
while [ "$i" -le "$n" ]; do
	printf '[host h%s]\nip = 10.0.%s.%s/16\ntxqueuelen eth0 = 100\n\n' "$i" $((i / 256)) $((i % 256))
	i=$((i + 1))
done
printf '[links]\n'
i=1
while [ "$i" -le "$n" ]; do
	printf 'h%s.eth0 = sw.p%s speed=1G delay=10us\n' "$i" "$i"
	i=$((i + 1))
done
i=1
while [ "$i" -le "$n" ]; do
	j=$((i % n + 1))
	printf '\n[flow f%s]\nfrom = h%s\nto = h%s\nrate = %s\nsize = 1472\n' "$i" "$i" "$j" "$rate"
	i=$((i + 1))
done
