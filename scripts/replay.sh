#!/bin/sh
# Replay recorded machines: build the replay module (replay/) against the
# base tree's kernel and the series', turn each dump into records, boot
# each kernel once without a hardware IOMMU to group every dump in boot
# order, hot-add order and hot-add after removal, then write
# build/replay/NAME.tsv per dump and build/replay/summary.md.
#   replay.sh [DUMP...]   default: DUMPS, else topologies/real/*.txt
# TAP on stdout: a line per dump, then "N passed, N failed, N skipped".
set -eu
. "$(dirname "$0")/common.sh"
. "$TOP/scripts/tap.sh"
. "$TOP/scripts/replay-lib.sh"

OUT=$BUILD/replay
[ $# -gt 0 ] || set -- ${DUMPS:-$(replay_default_dumps)}
[ $# -gt 0 ] || die "no dumps given (DUMPS=\"a.txt ...\")"
rm -rf "$OUT"
mkdir -p "$OUT/in" "$OUT/log"

# 1. Records, one dump at a time: a dump that cannot be read is reported
# with its file and line, and the others go on.
replay_records "$OUT" "$@"
names=$REPLAY_NAMES
[ -n "$(ls "$OUT"/in/*.rpl 2>/dev/null)" ] || { cat "$OUT"/in/*.err >&2; die "no dump could be read"; }

# 2. The two kernels, and the module built against each.
sh "$TOP/scripts/kernel.sh" >"$OUT/log/kernel.log" 2>&1 ||
	die "series kernel build failed: $OUT/log/kernel.log"
cp "$OBJ/arch/x86/boot/bzImage" "$OUT/bzImage.series"
sh "$TOP/scripts/initramfs.sh" >"$OUT/log/initramfs.log" 2>&1 ||
	die "initramfs failed: $OUT/log/initramfs.log"
base=$(sh "$TOP/scripts/base-kernel.sh" 2>"$OUT/log/base-kernel.log") ||
	die "base kernel build failed: $OUT/log/base-kernel.log"
cp "$base" "$OUT/bzImage.base"
replay_initrd "$OUT" series "$SRC" "$OBJ"
replay_initrd "$OUT" base "$BUILD/base-src" "$BUILD/obj-bench-base"

# 3. One boot per kernel, both at once.
for k in series base; do
	QEMU_EXTRA="-m 2G" sh "$TOP/scripts/qemu.sh" -i none -t /dev/null \
		-r replay -k "$OUT/bzImage.$k" -I "$OUT/initrd-$k" \
		-o "$OUT/boot-$k" -T "${REPLAY_TIMEOUT:-1800}" \
		2>"$OUT/boot-$k.err" &
	eval "pid_$k=\$!"
done
rc_series=0 rc_base=0
wait "$pid_series" || rc_series=$?
wait "$pid_base" || rc_base=$?
for k in series base; do
	if eval "[ \$rc_$k != 0 ]"; then
		tap_fail "replay: the $k kernel's boot"
		tap_diag "$OUT/boot-$k.err"
	else
		tap_ok "replay: the $k kernel's boot, no kernel report in its console"
	fi
done

# 4. Tables, summary and a verdict per dump.
python3 "$TOP/scripts/replay-report.py" "$OUT" $names >"$OUT/verdicts" ||
	die "replay report failed"
while IFS= read -r line; do
	case "$line" in
	"ok "*) tap_ok "${line#ok }" ;;
	"not ok "*"# TODO "*) d=${line#not ok }; tap_xfail "${d% \# TODO *}" "${d#* \# TODO }" ;;
	"not ok "*) tap_fail "${line#not ok }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$OUT/verdicts"
echo "# tables: $OUT/*.tsv; summary: $OUT/summary.md"
tap_summary
