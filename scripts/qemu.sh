#!/bin/sh
# Boot the test kernel under QEMU (TCG, q35) with one topology and one IOMMU.
#
#   qemu.sh -i intel|amd|none -t TOPOLOGY -o OUTDIR [-r STEPS] [-T SECONDS]
#           [-k BZIMAGE] [-I INITRAMFS] [-a 'EXTRA KERNEL ARGS']
# or with the long names --iommu, --topology, --out, --run, --timeout,
# --kernel, --initrd, --append.
#
# QEMU_EXTRA in the environment adds QEMU options; QEMU_TIMEOUT sets the
# default of -T. OUTDIR gets console.log (kernel console, ttyS0), results.txt (guest
# harness output, ttyS1) and qemu.cmd. STEPS is the guest's harness.run list
# (default: groups). Exit 0 when the guest finished its steps and the
# console log holds no panic, oops, WARN, BUG, lockdep, KASAN or similar
# report; 1 otherwise, with the reason on stderr.
set -eu
. "$(dirname "$0")/common.sh"

iommu=intel topo= out= steps=groups timeout=${QEMU_TIMEOUT:-300} extra=
kernel=$OBJ/arch/x86/boot/bzImage initrd=$BUILD/initramfs.cpio.gz
# Long options, for readability at the command line
n=$#
while [ $n -gt 0 ]; do
	a=$1
	shift
	n=$((n - 1))
	case $a in
	--iommu) a=-i ;;
	--topology) a=-t ;;
	--out) a=-o ;;
	--run) a=-r ;;
	--timeout) a=-T ;;
	--kernel) a=-k ;;
	--initrd) a=-I ;;
	--append) a=-a ;;
	esac
	set -- "$@" "$a"
done
while getopts i:t:o:r:T:k:I:a: opt; do
	case $opt in
	i) iommu=$OPTARG ;;
	t) topo=$OPTARG ;;
	o) out=$OPTARG ;;
	r) steps=$OPTARG ;;
	T) timeout=$OPTARG ;;
	k) kernel=$OPTARG ;;
	I) initrd=$OPTARG ;;
	a) extra=$OPTARG ;;
	*) die "usage: qemu.sh -i intel|amd|none -t TOPOLOGY -o OUTDIR [-r STEPS]" ;;
	esac
done
[ -n "$topo" ] && [ -r "$topo" ] || die "no topology given (-t)"
[ -n "$out" ] || die "no output directory given (-o)"
[ -r "$kernel" ] || die "no kernel at $kernel: run 'make kernel'"
[ -r "$initrd" ] || die "no initramfs at $initrd: run 'make initramfs'"
mkdir -p "$out"
rm -f "$out/console.log" "$out/results.txt"

# The IOMMU comes first so that AMD-Vi's PCI function takes the same slot
# whatever the topology places on pcie.0.
set -- -M q35 -cpu max -smp 1 -m 1G -nodefaults -display none -no-reboot \
	-accel tcg
case $iommu in
intel)
	set -- "$@" -M q35,kernel-irqchip=split \
		-device intel-iommu,intremap=on,caching-mode=on
	append="intel_iommu=on" ;;
amd)
	set -- "$@" -device amd-iommu
	append="amd_iommu=on" ;;
none) append="" ;;
*) die "unknown IOMMU '$iommu' (intel, amd or none)" ;;
esac

# QEMU_EXTRA: more QEMU options (word-split), e.g. "-icount shift=0".
# shellcheck disable=SC2086
set -- "$@" ${QEMU_EXTRA:-}

# Topology lines "device ARGS" become -device ARGS, in file order.
while read -r key rest; do
	[ "$key" = device ] && set -- "$@" -device "$rest"
done <"$topo"

# Topology lines "hotplug ARGS" and "unplug ID" run over QMP once the guest
# is up, in file order; the guest says when it is ready for each one and
# waits for its device count to change before it goes on.
hp=$(awk '$1 == "hotplug" { printf "%s+", s; s = "," } $1 == "unplug" { printf "%s-", s; s = "," }' "$topo")
[ -z "$hp" ] || {
	extra="$extra harness.hotplug=$hp"
	rm -f "$out/qmp.sock"
	set -- "$@" -qmp "unix:$out/qmp.sock,server=on,wait=off"
}

append="console=ttyS0 panic=-1 oops=panic loglevel=7 $append harness.run=$steps $extra"
set -- "$@" -kernel "$kernel" -initrd "$initrd" -append "$append" \
	-serial "file:$out/console.log" -serial "file:$out/results.txt"

printf '%s\n' "qemu-system-x86_64 $*" >"$out/qemu.cmd"
rc=0
timeout -k 10 "$timeout" qemu-system-x86_64 "$@" \
	>"$out/qemu.out" 2>&1 </dev/null &
qpid=$!

# Wait until the guest has said "H hotplug-ready" N times, or QEMU is gone.
ready() {
	while :; do
		c=$(grep -c '^H hotplug-ready' "$out/results.txt" 2>/dev/null || true)
		[ "${c:-0}" -lt "$1" ] || return 0
		kill -0 $qpid 2>/dev/null || return 1
		sleep 0.2
	done
}
n=0
awk '$1 == "hotplug" || $1 == "unplug"' "$topo" | while read -r op args; do
	n=$((n + 1))
	ready $n || break
	case $op in
	hotplug) python3 "$TOP/scripts/qmp.py" "$out/qmp.sock" "device_add $args" ;;
	unplug) python3 "$TOP/scripts/qmp.py" "$out/qmp.sock" "device_del $args" ;;
	esac >>"$out/qmp.log" 2>&1 || echo "qmp: $op $args failed" >>"$out/qmp.log"
done
wait $qpid || rc=$?

# The serial ports translate newlines to CR LF; keep plain text.
for f in "$out/console.log" "$out/results.txt"; do
	[ -f "$f" ] && tr -d '\r' <"$f" >"$f.tmp" && mv "$f.tmp" "$f"
done

fail() {
	echo "qemu: $*" >&2
	exit 1
}
[ $rc = 124 ] && fail "timed out after ${timeout}s"
[ $rc = 0 ] || fail "qemu exited with $rc: $(tail -n 3 "$out/qemu.out")"
! grep -q 'failed' "$out/qmp.log" 2>/dev/null || fail "QMP: $(cat "$out/qmp.log")"
sh "$TOP/scripts/splat.sh" "$out/console.log" >&2 && fail "kernel reported a problem (see $out/console.log)"
! grep '^H error' "$out/results.txt" >&2 || fail "the guest reported errors"
grep -q '^H done' "$out/results.txt" 2>/dev/null ||
	fail "guest did not finish its steps (see $out/console.log)"
exit 0
