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

# replay_module OUT TAG SRC OBJ: OUT/mod-TAG/pci-replay.ko, the module
# built against the kernel in OBJ (source SRC). Kbuild writes into the
# module's directory, so each kernel gets a copy.
replay_module() {
	_m=$1/mod-$2
	mkdir -p "$_m" "$1/log"
	cp "$TOP/replay/pci-replay.c" "$TOP/replay/Kbuild" "$_m/"
	make -s -C "$3" O="$4" CC="$CC" M="$_m" W=1 modules \
		>"$1/log/module-$2.log" 2>&1 ||
		die "replay module ($2) failed to build: $1/log/module-$2.log"
}

# replay_pack DIR OUT: the guest's initramfs followed by an archive of DIR
# (the kernel unpacks concatenated archives in order), into OUT.
replay_pack() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
		gzip -1 | cat "$BUILD/initramfs.cpio.gz" - >"$2"
}

# replay_initrd OUT TAG SRC OBJ: the module built against the kernel in
# OBJ and OUT/initrd-TAG with the module and every record of OUT/in.
replay_initrd() {
	replay_module "$@"
	mkdir -p "$1/root-$2/replay"
	cp "$1/mod-$2/pci-replay.ko" "$1"/in/*.rpl "$1/root-$2/replay/"
	replay_pack "$1/root-$2" "$1/initrd-$2"
}

# The dataset: real machines and the fixtures whose answer is known.
replay_default_dumps() {
	ls "$TOP"/topologies/real/*.txt "$TOP"/topologies/real/*.hex \
		"$TOP"/topologies/replay-fixtures/*.txt \
		"$TOP"/topologies/replay-fixtures/*.hex 2>/dev/null || true
}
