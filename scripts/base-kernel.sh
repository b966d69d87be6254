#!/bin/sh
# Build the base tree (tag base, no patches) with the test kernel's config,
# out of tree in build/obj-bench-base, from a worktree in build/base-src.
# Used to compare the series with what 6.12 does.
set -eu
. "$(dirname "$0")/common.sh"

sh "$TOP/scripts/kernel.sh" >/dev/null || die "kernel build failed (make kernel)"
worktree base "$BUILD/base-src"
mkdir -p "$BUILD/obj-bench-base"
cp "$OBJ/.config" "$BUILD/obj-bench-base/.config"
make -s -C "$BUILD/base-src" O="$BUILD/obj-bench-base" CC="$CC" -j"$JOBS" \
	olddefconfig bzImage modules >"$BUILD/obj-bench-base/build.log" 2>&1 ||
	die "base kernel build failed: $BUILD/obj-bench-base/build.log"
echo "$BUILD/obj-bench-base/arch/x86/boot/bzImage"
