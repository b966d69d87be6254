#!/bin/sh
# Grouping cost against the number of PCI devices, base tree and the series
# side by side, in virtual time (QEMU's -icount: the guest's clock counts
# instructions, so a figure repeats from run to run).
#
# 1. Scale, through the replay (replay/pci-replay.c): synthetic machines
#    of SIZES devices (scripts/bench-machine.py: root ports, switches two
#    levels deep, multifunction endpoints, SR-IOV PFs with VFs, with and
#    without ACS) are scanned by the real PCI core without a QEMU device
#    each. One boot per size and kernel: the module times the probe pass
#    that groups every device in boot order ('all'), then removes one
#    endpoint and times the rescan that hot-adds it back ('hotadd').
#    The base kernel stops at the size BASE_MAX: its cost grows with the
#    square of the size (9.8 virtual seconds at 8k devices, about three
#    minutes of TCG), and at 16k it would take four times that.
# 2. The small end, with QEMU devices under VT-d as before (QSIZES
#    endpoints): the console's timestamps of the first and the last
#    "Adding to iommu group" line.
#
# build/bench/bench.tsv: devices kernel what us_total us_per_device
# build/bench/bench.svg: microseconds per device against devices, log-log.
#   SIZES="1024 2048 4096 8192 16384"  BASE_MAX=8192  QSIZES="32 128 256"
set -eu
. "$(dirname "$0")/common.sh"
. "$TOP/scripts/replay-lib.sh"

SIZES=${SIZES-1024 2048 4096 8192 16384}
BASE_MAX=${BASE_MAX:-8192}
QSIZES=${QSIZES-32 128 256}
IOMMU=${IOMMU:-intel}
B=$BUILD/bench
rm -rf "$B"
mkdir -p "$B/in" "$B/log"

# The two kernels, and the replay module built against each.
sh "$TOP/scripts/kernel.sh" >"$B/log/kernel.log" 2>&1 || die "series kernel build failed: $B/log/kernel.log"
sh "$TOP/scripts/initramfs.sh" >"$B/log/initramfs.log" 2>&1 || die "initramfs failed: $B/log/initramfs.log"
base=$(sh "$TOP/scripts/base-kernel.sh" 2>"$B/log/base-kernel.log") || die "base kernel build failed: $B/log/base-kernel.log"
cp "$OBJ/arch/x86/boot/bzImage" "$B/bzImage.series"
cp "$base" "$B/bzImage.base"
replay_module "$B" series "$SRC" "$OBJ"
replay_module "$B" base "$BUILD/base-src" "$BUILD/obj-bench-base"

printf 'devices\tkernel\twhat\tus_total\tus_per_device\n' >"$B/bench.tsv"
row() { # devices kernel what ns per
	awk -v d="$1" -v k="$2" -v w="$3" -v ns="$4" -v per="$5" \
		'BEGIN { printf "%d\t%s\t%s\t%.1f\t%.2f\n", d, k, w, ns / 1000, ns / 1000 / per }' >>"$B/bench.tsv"
}

echo "# scale: synthetic machines through the replay, virtual microseconds"
printf '%-8s %-16s %-16s %-16s %-16s\n' devices "base all (/dev)" "series all (/dev)" "base hotadd" "series hotadd"
for n in $SIZES; do
	name=machine-$n
	set -- $(python3 "$TOP/scripts/bench-machine.py" "$n" "$B/in/$name.txt")
	devs=$1 target=$2
	python3 "$TOP/scripts/replay-dump.py" "$B/in/$name.txt" "$B/in/$name.rpl" "$B/in/$name.map" ||
		die "$name: replay-dump failed"
	readd=$(awk -F'\t' -v b="$target" '$1 == b { print $4 }' "$B/in/$name.map")
	# Both kernels at once, one core each.
	for k in base series; do
		[ $k = base ] && [ "$n" -gt "$BASE_MAX" ] && continue
		r=$B/root-$k-$n
		mkdir -p "$r/replay"
		cp "$B/mod-$k/pci-replay.ko" "$B/in/$name.rpl" "$r/replay/"
		echo "$readd" >"$r/replay/$name.readd"
		replay_pack "$r" "$B/initrd-$k-$n"
		rm -rf "$r"
		QEMU_EXTRA="-m 6G -icount shift=0" sh "$TOP/scripts/qemu.sh" -i none -t /dev/null \
			-r bench -k "$B/bzImage.$k" -I "$B/initrd-$k-$n" -o "$B/$k-$n" -a loglevel=3 \
			-T "${BENCH_TIMEOUT:-1200}" 2>"$B/log/$k-$n.err" &
		eval "pid_$k=\$!"
	done
	line=$(printf '%-8s' "$devs")
	hot=
	for k in base series; do
		if [ $k = base ] && [ "$n" -gt "$BASE_MAX" ]; then
			line="$line $(printf '%-16s' "(not run)")"
			hot="$hot $(printf '%-16s' "(not run)")"
			continue
		fi
		eval "wait \$pid_$k" || die "$k kernel, $devs devices: boot failed ($B/$k-$n/console.log)"
		rm -f "$B/initrd-$k-$n"
		grep '^H error' "$B/$k-$n/results.txt" && die "$k kernel, $devs devices: $B/$k-$n/results.txt"
		set -- $(awk -v n="$name" '$1 == "H" && $2 == "bench" && $3 == n && $4 == "all" { print $5, $6 }' "$B/$k-$n/results.txt")
		[ $# = 2 ] || die "$k kernel, $devs devices: no figure in $B/$k-$n/results.txt"
		row "$devs" $k all "$2" "$1"
		line="$line $(awk -v ns="$2" -v d="$1" 'BEGIN { printf "%-16s", sprintf("%d (%.1f)", ns / 1000, ns / 1000 / d) }')"
		set -- $(awk -v n="$name" '$1 == "H" && $2 == "bench" && $3 == n && $4 == "hotadd" { print $6 }' "$B/$k-$n/results.txt")
		[ $# = 1 ] || die "$k kernel, $devs devices: no hot-add figure in $B/$k-$n/results.txt"
		row "$devs" $k hotadd "$1" 1
		hot="$hot $(awk -v ns="$1" 'BEGIN { printf "%-16d", ns / 1000 }')"
	done
	echo "$line$hot"
done

# The small end: QEMU devices under VT-d. N/8 root ports with ACS
# (functions of multifunction slots on pcie.0), under each an 8-function
# endpoint without ACS: N endpoints in N/8 groups plus the root ports.
# QEMU grows to about 28 MB per endpoint while the guest sets up BARs and
# bridge windows: 512 endpoints took 14 GB and more.
gen() {
	ports=$(($1 / 8)) i=0
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
echo "# small end: QEMU devices under $IOMMU, virtual microseconds"
printf '%-9s %-8s %-22s %-22s\n' endpoints devices "base us (us/device)" "series us (us/device)"
printf 'devices\tkernel\tus_total\tus_per_device\n' >"$B/qemu.tsv"
for n in $QSIZES; do
	gen "$n" >"$B/topo-$n.topo"
	line=$(printf '%-9s' "$n")
	for k in base series; do
		QEMU_EXTRA="-icount shift=0" sh "$TOP/scripts/qemu.sh" -t "$B/topo-$n.topo" \
			-i "$IOMMU" -k "$B/bzImage.$k" -o "$B/qemu-$k-$n" -r none -T 900 ||
			die "boot failed: $B/qemu-$k-$n/console.log"
		set -- $(span "$B/qemu-$k-$n/console.log")
		[ $k = base ] && line="$line $(printf '%-8s' "$1")"
		line="$line $(printf '%-22s' "$2 ($(($2 / $1)))")"
		printf '%d\t%s\t%d\t%d\n' "$1" $k "$2" $(($2 / $1)) >>"$B/qemu.tsv"
	done
	echo "$line"
done

python3 "$TOP/scripts/bench-plot.py" "$B/bench.tsv" "$B/qemu.tsv" "$B/bench.svg" ||
	die "plot failed"
echo "# table: $B/bench.tsv; plot: $B/bench.svg"
