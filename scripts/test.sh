#!/bin/sh
# The whole test run: fast checks of the series, the kernel, the topology
# matrix under VT-d and AMD-Vi, KUnit results and the kselftests in the
# guest. TAP on stdout, last line "N passed, N failed, N skipped"; exit 1 on
# any failure. Logs stay under build/test/.
#   TOPOS="a b" KINDS="intel" limit the matrix; SKIP_CHECK=1 skips check.sh.
set -eu
. "$(dirname "$0")/common.sh"
. "$TOP/scripts/tap.sh"

LOG=$BUILD/test
rm -rf "$LOG"
mkdir -p "$LOG"
KINDS=${KINDS:-intel amd}

# 1. Fast checks of the series (checkpatch, sparse and W=1 against base).
if [ "${SKIP_CHECK:-0}" != 1 ]; then
	sh "$TOP/scripts/check.sh" >"$LOG/check.tap" 2>&1 || true
	while IFS= read -r line; do
		case "$line" in
		"ok "*"# SKIP "*) d=${line#ok * - }; tap_skip "check: ${d% \# SKIP *}" "${d#* \# SKIP }" ;;
		"ok "*) tap_ok "check: ${line#ok * - }" ;;
		"not ok "*) tap_fail "check: ${line#not ok * - }" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$LOG/check.tap"
fi

# lsiommu's own tests over synthetic and damaged sysfs trees, on the host,
# built with AddressSanitizer and UBSan: a bad read or a leak fails.
if [ -d "$SRC/tools/iommu" ]; then
	mkdir -p "$LOG/lsiommu-asan"
	if gcc -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o "$LOG/lsiommu-asan/lsiommu" \
		"$SRC/tools/iommu/lsiommu.c" >"$LOG/lsiommu-asan.log" 2>&1 &&
		sh "$SRC/tools/iommu/test_lsiommu.sh" "$LOG/lsiommu-asan/lsiommu" \
			>>"$LOG/lsiommu-asan.log" 2>&1; then
		tap_ok "lsiommu under ASan and UBSan, synthetic and damaged sysfs ($(sed -n 's/^# Totals: //p' "$LOG/lsiommu-asan.log"))"
	else
		tap_fail "lsiommu under ASan and UBSan, synthetic and damaged sysfs"
		grep -E '^not ok|ERROR|runtime error' "$LOG/lsiommu-asan.log" | head -n 20 | tap_diag
	fi
fi

# 2. Kernel and initramfs. Nothing else can run without them.
if sh "$TOP/scripts/kernel.sh" >"$LOG/kernel.log" 2>&1; then
	tap_ok "kernel builds without warnings ($(basename "$OBJ")/arch/x86/boot/bzImage)"
else
	tap_fail "kernel builds without warnings"
	tail -n 30 "$LOG/kernel.log" | tap_diag
	tap_summary
	exit 1
fi
if sh "$TOP/scripts/initramfs.sh" >"$LOG/initramfs.log" 2>&1; then
	tap_ok "initramfs with busybox and static kselftests"
else
	tap_fail "initramfs with busybox and static kselftests"
	tail -n 30 "$LOG/initramfs.log" | tap_diag
	tap_summary
	exit 1
fi

# 3. Boot every (topology, IOMMU) pair, two at a time, then judge in order.
jobs=$LOG/jobs
: >"$jobs"
for t in "$TOP"/topologies/*.topo; do
	name=$(basename "$t" .topo)
	case " ${TOPOS:-$name} " in *" $name "*) ;; *) continue ;; esac
	kinds=$(awk '$1 == "iommu" { $1 = ""; print }' "$t")
	for k in $KINDS; do
		[ -z "$kinds" ] || case " $kinds " in *" $k "*) ;; *) continue ;; esac
		steps=
		for s in $(sed -n 's/^before //p' "$t"); do
			steps=$steps$s,
		done
		# A "hotplug-by STEP" step drives the hotplug lines itself
		by=$(sed -n 's/^hotplug-by //p' "$t")
		if [ -n "$by" ]; then
			steps=$steps$by,
		elif grep -q '^\(hot\|un\)plug ' "$t"; then
			steps=${steps}hotplug,
		fi
		steps=${steps}groups
		for s in $(sed -n 's/^run //p' "$t"); do
			steps=$steps,$s
		done
		echo "$t $k $steps $LOG/$name.$k" >>"$jobs"
	done
done
# The iommufd selftests drive the IOMMU core through iommufd's mock IOMMU.
# They boot without a hardware IOMMU: in 6.12 a device without a firmware
# node is probed by the first such IOMMU registered, so with VT-d or AMD-Vi
# present the mock devices go to the hardware driver and every mock domain
# test fails with EINVAL.
if [ "${SELFTESTS:-1}" = 1 ]; then
	echo "$TOP/topologies/default.topo none iommufd,iommufd_fail_nth $LOG/selftests.none hugepages=192" >>"$jobs"
fi
xargs -r -P "$JOBS" -L 1 sh -c \
	'sh "$0/scripts/qemu.sh" -t "$1" -i "$2" -r "$3" -o "$4" -a "${5:-}" 2>"$4.err"; echo $? >"$4.rc"' \
	"$TOP" <"$jobs"

while read -r t k steps out _; do
	name=$(basename "$t" .topo)
	desc="groups: $name under $k"
	[ $k = none ] && desc="selftests boot without a hardware IOMMU"
	xf=$(sed -n 's/^xfail //p' "$t" | head -n 1)
	if [ "$(cat "$out.rc")" != 0 ]; then
		tap_fail "$desc (boot)"
		tap_diag "$out.err"
		continue
	fi
	if [ $k = none ]; then
		:
	elif sh "$TOP/scripts/compare.sh" "$t" "$k" "$out/results.txt" >"$out.diff"; then
		if [ -n "$xf" ]; then
			tap_fail "$desc: XPASS, remove the xfail line ($xf)"
		else
			tap_ok "$desc"
		fi
	elif [ -n "$xf" ]; then
		tap_xfail "$desc" "$xf"
		tap_diag "$out.diff"
	else
		tap_fail "$desc"
		tap_diag "$out.diff"
	fi

	# The kselftests of this boot: one line per program.
	for prog in $(awk '$2 == "kselftest-begin" { print $3 }' "$out/results.txt"); do
		awk -v p="$prog" '$2 == "kselftest-begin" && $3 == p { on = 1; next }
			$2 == "kselftest-end" && $3 == p { on = 0; print "H rc " $4 } on' \
			"$out/results.txt" >"$out.$prog.tap"
		rc=$(sed -n 's/^H rc //p' "$out.$prog.tap")
		totals=$(grep -m1 '^# Totals:' "$out.$prog.tap" || echo "# Totals: none")
		where=$k
		[ $k = none ] && where="mock IOMMU"
		if [ "$rc" = 0 ]; then
			tap_ok "kselftest $prog ($where) (${totals#\# })"
		elif [ "$rc" = 4 ]; then
			tap_skip "kselftest $prog ($where)" "${totals#\# }"
		else
			tap_fail "kselftest $prog ($where) (exit ${rc:-none}, ${totals#\# })"
			grep -E '^(not ok|# .*:[0-9]+:)' "$out.$prog.tap" | head -n 20 | tap_diag
		fi
	done

	# The stress steps report what they did; their errors fail the boot
	tap_stress "$out/results.txt" "$name under $k"

	# Remove and rescan cycles (guest step "cycles"): the guest reports an
	# error, which fails the boot, when a cycle changes the partition.
	c=$(awk '$2 == "cycles" { print $3 " cycles, " $4 " groups" }' "$out/results.txt")
	[ -z "$c" ] || tap_ok "remove and rescan: $name under $k: partition unchanged ($c)"
	# Bridges removed with their subtrees and rescanned (guest step "ports")
	c=$(sed -n 's/^H ports //p' "$out/results.txt")
	[ -z "$c" ] || tap_ok "remove and rescan ports: $name under $k: partition unchanged, no kernel report ($c)"

	# lsiommu's JSON documents parse, and its view of the guest's groups
	# is the partition (and the reasons) the topology expects.
	if [ -s "$out.lsiommu.tap" ]; then
		desc="lsiommu --json: $name under $k"
		if ! python3 "$TOP/scripts/lsiommu-json.py" "$out.lsiommu.tap" \
			>"$out.lsiommu.groups" 2>"$out.lsiommu.err"; then
			tap_fail "$desc: documents parse"
			tap_diag "$out.lsiommu.err"
		elif sh "$TOP/scripts/compare.sh" "$t" "$k" "$out.lsiommu.groups" \
			>"$out.lsiommu.diff"; then
			tap_ok "$desc: documents parse, groups and reasons as expected"
		else
			tap_fail "$desc: groups and reasons as expected"
			tap_diag "$out.lsiommu.diff"
		fi
	fi

	# KUnit runs at boot; the default topology's boots report it, from
	# the top-level KTAP results in the console log.
	[ "$name" = default ] || continue
	# 6.12's line for a device joining a group stays byte for byte
	# (scripts match it to its end); the reason has a line of its own.
	added=$(grep -c ': Adding to iommu group [0-9]*$' "$out/console.log" || true)
	why=$(grep -c ': IOMMU group [0-9]* reason: [a-z]' "$out/console.log" || true)
	if [ "$added" -gt 0 ] && [ "$added" = "$why" ] &&
		! grep -q 'Adding to iommu group [0-9]*[^0-9]' "$out/console.log"; then
		tap_ok "log: $added lines 'Adding to iommu group N' as in 6.12, each with a reason line ($k)"
	else
		tap_fail "log: 'Adding to iommu group N' lines changed or without reason ($k): $added added, $why reasons"
	fi
	grep -E '^(\[[ 0-9.]*\] )?(not )?ok [0-9]+ ' "$out/console.log" |
		sed 's/^\[[ 0-9.]*\] //' >"$out.kunit" || true
	if [ ! -s "$out.kunit" ]; then
		tap_skip "kunit ($k)" "no KUnit suite built into this kernel"
	else
		while IFS= read -r line; do
			case "$line" in
			*"# SKIP"*)
				# The reason is on the skipped cases' own lines
				why=$(sed -n 's/^\[[ 0-9.]*\]  \{4,\}ok [0-9]* .* # SKIP \(..*\)$/\1/p' \
					"$out/console.log" | sort -u | paste -sd ';' -)
				name=${line#*ok [0-9]* }
				tap_skip "kunit ${name%% # SKIP*} ($k)" "${why:-skipped by KUnit}" ;;
			"ok "*) tap_ok "kunit ${line#ok [0-9]* } ($k)" ;;
			*)
				tap_fail "kunit ${line#not ok [0-9]* } ($k)"
				sed -n 's/^\[[ 0-9.]*\] \{4\}\(not ok .*\)/failed case: \1/p' \
					"$out/console.log" | tap_diag ;;
			esac
		done <"$out.kunit"
	fi
done <"$jobs"

# 6. Replay of recorded machines (scripts/replay.sh): the base tree's
# kernel and the series group every dump of topologies/real/ and the replay
# fixtures in boot order, hot-add order and hot-add after removal. Damaged
# dumps must be refused with their file and line.
if [ "${REPLAY:-1}" = 1 ]; then
	sh "$TOP/scripts/replay.sh" >"$LOG/replay.tap" 2>"$LOG/replay.err" || true
	while IFS= read -r line; do
		case "$line" in
		"ok "*"# SKIP "*) d=${line#ok * - }; tap_skip "${d% \# SKIP *}" "${d#* \# SKIP }" ;;
		"ok "*) tap_ok "${line#ok * - }" ;;
		"not ok "*"# TODO "*) d=${line#not ok * - }; tap_xfail "${d% \# TODO *}" "${d#* \# TODO }" ;;
		"not ok "*) tap_fail "${line#not ok * - }" ;;
		esac
	done <"$LOG/replay.tap"
	grep -q '^ok .* - replay: the series' "$LOG/replay.tap" || {
		tap_fail "replay of recorded machines"
		tail -n 20 "$LOG/replay.err" | tap_diag
	}
	for d in "$TOP"/topologies/replay-fixtures/bad/*; do
		if python3 "$TOP/scripts/replay-dump.py" "$d" "$LOG/bad.rpl" "$LOG/bad.map" \
			2>"$LOG/bad.err"; then
			tap_fail "replay refuses the damaged dump $(basename "$d")"
		elif grep -q "^$d:[0-9]*: " "$LOG/bad.err"; then
			tap_ok "replay refuses the damaged dump $(basename "$d"): $(sed "s|^$TOP/||" "$LOG/bad.err")"
		else
			tap_fail "replay refuses the damaged dump $(basename "$d") naming file and line"
			tap_diag "$LOG/bad.err"
		fi
	done
fi

tap_summary
