# Steps of the replay shared by replay.sh and stress.sh; sourced.
# shellcheck shell=sh

# replay_records OUT DUMP...: OUT/in/NAME.rpl and .map for each dump that
# can be read, OUT/in/NAME.err (file and line) for each that cannot; the
# names, in order, in REPLAY_NAMES.
replay_records() {
	_out=$1
	shift
	mkdir -p "$_out/in"
	REPLAY_NAMES=
	for _d in "$@"; do
		_n=$(basename "$_d")
		_n=${_n%.*}
		case " $REPLAY_NAMES " in *" $_n "*) die "two dumps named $_n" ;; esac
		REPLAY_NAMES="$REPLAY_NAMES $_n"
		python3 "$TOP/scripts/replay-dump.py" "$_d" "$_out/in/$_n.rpl" \
			"$_out/in/$_n.map" 2>"$_out/in/$_n.err" || rm -f "$_out/in/$_n.rpl"
	done
}

# replay_initrd OUT TAG SRC OBJ: the module built against the kernel in
# OBJ (source SRC), and OUT/initrd-TAG: the guest's initramfs followed by
# an archive with the module and the records (the kernel unpacks
# concatenated archives in order). Kbuild writes into the module's
# directory, so each kernel gets a copy.
replay_initrd() {
	_m=$1/mod-$2
	mkdir -p "$_m" "$1/root-$2/replay" "$1/log"
	cp "$TOP/replay/pci-replay.c" "$TOP/replay/Kbuild" "$_m/"
	make -s -C "$3" O="$4" CC="$CC" M="$_m" W=1 modules \
		>"$1/log/module-$2.log" 2>&1 ||
		die "replay module ($2) failed to build: $1/log/module-$2.log"
	cp "$_m/pci-replay.ko" "$1"/in/*.rpl "$1/root-$2/replay/"
	(cd "$1/root-$2" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
		gzip -1 >"$1/replay-$2.cpio.gz"
	cat "$BUILD/initramfs.cpio.gz" "$1/replay-$2.cpio.gz" >"$1/initrd-$2"
}

# The dataset: real machines and the fixtures whose answer is known.
replay_default_dumps() {
	ls "$TOP"/topologies/real/*.txt "$TOP"/topologies/real/*.hex \
		"$TOP"/topologies/replay-fixtures/*.txt \
		"$TOP"/topologies/replay-fixtures/*.hex 2>/dev/null || true
}
