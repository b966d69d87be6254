#!/bin/sh
# Configure and build the test kernel out of tree in build/obj (O=), so the
# source tree in build/linux stays clean and builds are incremental.
#   kernel.sh [FRAGMENT...]   default: kernel/test.config
set -eu
. "$(dirname "$0")/common.sh"

[ -d "$SRC/.git" ] || die "no build/linux: run 'make tree'"
[ $# -gt 0 ] || set -- "$TOP/kernel/test.config"
OBJ=${KOBJ:-$OBJ}
mkdir -p "$OBJ"

export KBUILD_BUILD_TIMESTAMP="$BASE_DATE" KBUILD_BUILD_USER=iommu-groups KBUILD_BUILD_HOST=qemu

kmake() {
	make -s -C "$SRC" O="$OBJ" CC="$CC" HOSTCC=gcc -j"$JOBS" "$@"
}

# Regenerate .config only when a fragment changed (or there is none).
frag=$OBJ/fragment.config
cat "$@" >"$frag.new"
if [ ! -f "$OBJ/.config" ] || ! cmp -s "$frag.new" "$frag"; then
	echo "kernel: configuring from $*"
	kmake KCONFIG_ALLCONFIG="$frag.new" allnoconfig >/dev/null
	kmake olddefconfig >/dev/null
	bad=0
	grep -E '^(# )?CONFIG_' "$frag.new" | while read -r line; do
		case "$line" in
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym%% *}
			grep -q "^$sym=" "$OBJ/.config" && echo "kernel: $sym should be unset" && exit 1 ;;
		*)
			grep -qx "$line" "$OBJ/.config" || { echo "kernel: '$line' did not stick (missing dependency?)"; exit 1; } ;;
		esac
	done || bad=1
	[ "$bad" = 0 ] || { rm -f "$OBJ/.config"; die "config fragment does not apply"; }
	mv "$frag.new" "$frag"
else
	rm -f "$frag.new"
fi

echo "kernel: building in $OBJ"
kmake bzImage
# Module.symvers, which out-of-tree modules (the replay host) link against
kmake modules
kmake headers >/dev/null
echo "kernel: $OBJ/arch/x86/boot/bzImage"
