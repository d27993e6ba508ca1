#!/bin/sh
# image.sh DIR - a Debian 12 root file system with its own Linux 6.1 kernel,
# iproute2, iputils-ping, tcpdump and scapy, made into DIR/root.img (ext4)
# for qemu.  Kept between runs (remade when the package list below changes):
# delete DIR to start again.  Root, network to deb.debian.org,
# about 2 GB of disk and 5 minutes.
set -eu
dir=${1:?usage: image.sh DIR}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages="linux-image-amd64 initramfs-tools kmod iproute2 iputils-ping tcpdump python3-scapy"
[ -f "$dir/root.img" ] && [ "$(cat "$dir/packages" 2>/dev/null)" = "$packages" ] && exit 0
mkdir -p "$dir"
rootfs=$dir/rootfs
if [ ! -d "$rootfs/boot" ]; then
	echo "== kernel check: debootstrap Debian 12 into $rootfs"
	debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$dir/debootstrap.log" 2>&1 ||
		{ tail -5 "$dir/debootstrap.log"; exit 1; }
fi
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
mount -t proc proc "$rootfs/proc"
trap 'umount "$rootfs/proc" 2>/dev/null || true' EXIT
echo "== kernel check: $packages into the image"
chroot "$rootfs" sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	$packages" > "$dir/apt.log" 2>&1 ||
	{ tail -5 "$dir/apt.log"; exit 1; }
umount "$rootfs/proc"
trap - EXIT
# The guest's init: the share holds the test; its output goes back there.
cat > "$rootfs/init-bondsim" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmp /tmp
mount -t devtmpfs dev /dev 2>/dev/null
modprobe 9pnet_virtio
mkdir -p /share
mount -t 9p -o trans=virtio,version=9p2000.L share /share
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
sh /share/guest.sh > /share/guest.log 2>&1
sync
echo o > /proc/sysrq-trigger
INIT
chmod 755 "$rootfs/init-bondsim"
mke2fs -q -t ext4 -d "$rootfs" "$dir/root.img.tmp" 3G > /dev/null
mv "$dir/root.img.tmp" "$dir/root.img"
echo "$packages" > "$dir/packages"
