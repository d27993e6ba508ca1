#!/bin/sh
# run.sh [DIR] - bondsim against the real bonding driver: boots Debian 12's
# Linux 6.1 under qemu (software emulation, no KVM needed), runs guest.sh
# there on veth pairs, then compare.py holds bondsim's answers against what
# the kernel did.  Root, network, about 3 GB in DIR (default build-kernel/,
# kept between runs) and 20-30 minutes; never part of make check.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mkdir -p "${1:-build-kernel}" && cd "${1:-build-kernel}" && pwd)
bondsim=$(realpath "${BONDSIM:-./bondsim}")
need=""
for t in debootstrap:debootstrap qemu-system-x86_64:qemu-system-x86 mke2fs:e2fsprogs \
	 python3:python3 tshark:tshark; do
	command -v "${t%%:*}" >/dev/null 2>&1 || need="$need ${t#*:}"
done
if [ -n "$need" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "kernel check: missing:$need; run: sudo apt-get install$need" >&2
		exit 2
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q$need > /dev/null
fi
[ "$(id -u)" -eq 0 ] || { echo "kernel check: needs root (debootstrap, chroot)" >&2; exit 2; }
sh "$here/image.sh" "$dir"
share=$dir/share
rm -rf "$share"; mkdir -p "$share"
cp "$here/guest.sh" "$here/frames.py" "$share/"
kernel=$(ls "$dir"/rootfs/boot/vmlinuz-* | tail -1)
initrd=$(ls "$dir"/rootfs/boot/initrd.img-* | tail -1)
echo "== kernel check: booting $(basename "$kernel") under qemu (15 to 20 minutes)"
timeout 2400 qemu-system-x86_64 -accel tcg -cpu max -m 1024 -smp 1 -nographic -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "root=/dev/vda rw console=ttyS0 init=/init-bondsim panic=-1" \
	-drive file="$dir/root.img",if=virtio,format=raw \
	-virtfs local,path="$share",mount_tag=share,security_model=none > "$dir/console.log" 2>&1 || true
[ -f "$share/res/done" ] || { echo "kernel check: the guest did not finish (see $dir/console.log, $share/guest.log)" >&2; exit 1; }
python3 "$here/compare.py" "$share/res" "$bondsim" "$dir/bondsim"
