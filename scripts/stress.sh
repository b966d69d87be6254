#!/bin/sh
# make stress: the debug kernel (kernel/debug.config: KASAN, lockdep,
# kmemleak, debug objects, delayed kobject release, fault injection) runs
# topologies/stress.topo with CYCLES hotplug cycles (default 10) under VT-d
# and AMD-Vi: the QMP hotplug soak with a sysfs and lsiommu reader and a
# held VFIO group, fault injection in every allocation made while a device
# joins its group, the groups kselftest (bad writes to type included), the
# expected partition, then a kmemleak scan. Any report in the console log,
# any leak or guest error fails. TAP; last line "N passed, N failed".
# STRESS_ONLY=replay: the debug kernel's replay of the dataset only.
set -eu
. "$(dirname "$0")/common.sh"
. "$TOP/scripts/tap.sh"
. "$TOP/scripts/replay-lib.sh"

CYCLES=${CYCLES:-10}
LOG=$BUILD/stress
rm -rf "$LOG"
mkdir -p "$LOG"
DOBJ=$BUILD/obj-debug

if KOBJ=$DOBJ sh "$TOP/scripts/kernel.sh" "$TOP/kernel/test.config" \
	"$TOP/kernel/debug.config" >"$LOG/kernel.log" 2>&1; then
	tap_ok "debug kernel builds ($(basename "$DOBJ"))"
else
	tap_fail "debug kernel builds"
	tail -n 30 "$LOG/kernel.log" | tap_diag
	tap_summary
	exit 1
fi
sh "$TOP/scripts/initramfs.sh" >"$LOG/initramfs.log" 2>&1 ||
	{ tap_fail "initramfs"; tap_summary; exit 1; }

# stress.topo with its two cycles replaced by CYCLES of them
topo=$LOG/stress.topo
awk -v n="$CYCLES" '
	$1 == "hotplug" || $1 == "unplug" { next }
	$1 == "before" && !done {
		print
		for (i = 1; i <= n; i++) {
			print "hotplug edu,bus=dp2,addr=0.0,id=sa" i
			print "hotplug edu,bus=rp4,addr=0.0,id=sb" i
			print "unplug sa" i
			print "unplug sb" i
		}
		done = 1
		next
	}
	{ print }' "$TOP/topologies/stress.topo" >"$topo"
# The groups kselftest runs last, after the faults step has checked that
# no group is left without members.
steps=$(awk '$1 == "before" { printf "%s,", $2 }' "$topo")hotplug
steps=$steps$(awk '$1 == "run" { printf ",%s", $2 }' "$topo"),kmemleak,groups

# STRESS_ONLY=replay runs the replay part alone (minutes, not the soak's 11)
[ "${STRESS_ONLY:-}" = replay ] && KINDS_STRESS= || KINDS_STRESS="intel amd"
for k in $KINDS_STRESS; do
	out=$LOG/$k
	if ! QEMU_TIMEOUT=$((2400 + 60 * CYCLES)) sh "$TOP/scripts/qemu.sh" -t "$topo" \
		-i $k -k "$DOBJ/arch/x86/boot/bzImage" -r "$steps" -o "$out" \
		2>"$out.err"; then
		tap_fail "stress under $k (debug kernel)"
		tap_diag "$out.err"
		continue
	fi
	if sh "$TOP/scripts/compare.sh" "$topo" $k "$out/results.txt" >"$out.diff"; then
		tap_ok "groups after the soak and the faults: as expected ($k)"
	else
		tap_fail "groups after the soak and the faults ($k)"
		tap_diag "$out.diff"
	fi
	tap_stress "$out/results.txt" "$k, debug kernel"
	if grep -q '^H kmemleak ' "$out/results.txt"; then
		tap_fail "kmemleak ($k)"
		grep '^H kmemleak ' "$out/results.txt" | head -n 20 | tap_diag
	else
		tap_ok "kmemleak finds nothing ($k)"
	fi
	totals=$(grep -m1 '^# Totals:' "$out/results.txt" || echo "# Totals: none")
	if grep -q '^H kselftest-end iommu_groups 0$' "$out/results.txt"; then
		tap_ok "kselftest iommu_groups under $k (${totals#\# })"
	else
		tap_fail "kselftest iommu_groups under $k (${totals#\# })"
	fi
	# iommu-pci-group-gaps, the known gap, reports itself skipped
	ok=$(grep -cE '^\[[ 0-9.]*\] ok [0-9]+ iommu-(group|pci-group)$' "$out/console.log" || true)
	bad=$(grep -cE '^\[[ 0-9.]*\] not ok [0-9]+ iommu-' "$out/console.log" || true)
	if [ "$ok" = 2 ] && [ "$bad" = 0 ]; then
		tap_ok "KUnit iommu-group and iommu-pci-group pass under $k"
	else
		tap_fail "KUnit iommu suites under $k: $ok passed, $bad failed"
	fi
done
# The replay of recorded machines on the debug kernel: every dump of the
# dataset is built, grouped in boot order and hot-add order, removed and
# hot-added again, removed; then a kmemleak scan.
R=$LOG/replay
# shellcheck disable=SC2046
replay_records "$R" $(replay_default_dumps)
replay_initrd "$R" debug "$SRC" "$DOBJ"
n=$(ls "$R"/in/*.rpl | wc -l)
if ! QEMU_EXTRA="-m 2G" QEMU_TIMEOUT=3600 sh "$TOP/scripts/qemu.sh" -i none \
	-t /dev/null -k "$DOBJ/arch/x86/boot/bzImage" -I "$R/initrd-debug" \
	-r replay,kmemleak -o "$R/boot" 2>"$R/boot.err"; then
	tap_fail "replay of $n machines (debug kernel)"
	tap_diag "$R/boot.err"
else
	done=$(grep -c '^H rpl-done ' "$R/boot/results.txt" || true)
	if [ "$done" = "$n" ] && ! grep -q '^H rpl-error' "$R/boot/results.txt"; then
		tap_ok "replay of $n machines, boot and hot-add order, removed and added again: no report (debug kernel)"
	else
		tap_fail "replay of $n machines (debug kernel): $done finished"
		grep '^H rpl-error' "$R/boot/results.txt" | tap_diag
	fi
	if grep -q '^H kmemleak ' "$R/boot/results.txt"; then
		tap_fail "kmemleak after the replay"
		grep '^H kmemleak ' "$R/boot/results.txt" | head -n 20 | tap_diag
	else
		tap_ok "kmemleak finds nothing after the replay"
	fi
fi
tap_summary
