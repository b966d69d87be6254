#!/bin/sh
# Grouping cost per device against the number of devices, base tree and the
# series side by side in one run.
#
# Each size N is a generated topology: N/8 root ports with ACS (functions of
# multifunction slots on pcie.0) and under each an 8-function endpoint
# without ACS, so N endpoints in N/8 groups plus the root ports. Both
# kernels boot it under VT-d with QEMU's -icount, which makes the guest's
# clock count instructions: the kernel log's timestamps of the first and
# the last "Adding to iommu group" line give the cost of grouping every
# device, in virtual microseconds, the same on every run.
#   SIZES="32 128 256" (default), IOMMU=intel|amd
# QEMU grows to about 28 MB per endpoint while the guest sets up BARs and
# bridge windows: 512 endpoints took 14 GB and more; 1024 do not fit in 24 GB.
set -eu
. "$(dirname "$0")/common.sh"

SIZES=${SIZES:-32 128 256}
IOMMU=${IOMMU:-intel}
B=$BUILD/bench
mkdir -p "$B"

# Our kernel, and the base tree's with the same config.
base=$(sh "$TOP/scripts/base-kernel.sh")
sh "$TOP/scripts/initramfs.sh" >"$B/initramfs.log" 2>&1 || die "initramfs failed: $B/initramfs.log"

# topology N: root ports 8 to a slot from slot 2, io-reserve=0 so that the
# firmware does not run out of I/O space for the bridges.
gen() {
	n=$1 ports=$(($1 / 8)) i=0
	while [ $i -lt $ports ]; do
		slot=$((2 + i / 8)) fn=$((i % 8))
		mf=
		[ $fn = 0 ] && mf=,multifunction=on
		printf 'device pcie-root-port,id=rp%d,bus=pcie.0,chassis=%d,addr=%x.%d,io-reserve=0%s\n' \
			$i $((i + 1)) $slot $fn "$mf"
		f=0
		while [ $f -lt 8 ]; do
			mf=
			[ $f = 0 ] && mf=,multifunction=on
			printf 'device virtio-rng-pci,bus=rp%d,addr=0.%d%s\n' $i $f "$mf"
			f=$((f + 1))
		done
		i=$((i + 1))
	done
}

# Virtual microseconds from the first to the last PCI device added to a
# group, and the number of PCI devices added. The KUnit suites add platform
# devices of their own later in the boot: they are not counted.
span() {
	sed -n 's/^\[ *\([0-9]*\)\.\([0-9]*\)\] pci .*Adding to iommu group.*/\1\2/p' "$1" |
		awk 'NR == 1 { first = $1 } { last = $1; n++ }
			END { printf "%d %d\n", n, last - first }'
}

printf '%-9s %-8s %-22s %-22s\n' endpoints devices "base us (us/device)" "series us (us/device)"
for n in $SIZES; do
	gen "$n" >"$B/topo-$n.topo"
	line=$(printf '%-9s' "$n")
	for k in base series; do
		kern=$OBJ/arch/x86/boot/bzImage
		[ $k = base ] && kern=$base
		QEMU_EXTRA="-icount shift=0" sh "$TOP/scripts/qemu.sh" -t "$B/topo-$n.topo" \
			-i "$IOMMU" -k "$kern" -o "$B/$k-$n" -r none -T 900 ||
			die "boot failed: $B/$k-$n/console.log"
		set -- $(span "$B/$k-$n/console.log")
		[ $k = base ] && line="$line $(printf '%-8s' "$1")"
		line="$line $(printf '%-22s' "$2 ($(($2 / $1)))")"
	done
	echo "$line"
done
