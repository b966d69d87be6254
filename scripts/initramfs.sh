#!/bin/sh
# Build the guest's initramfs: busybox-static, guest/init, and the static
# kselftests of tools/testing/selftests/iommu built against our kernel's
# headers. Output: build/initramfs.cpio.gz
set -eu
. "$(dirname "$0")/common.sh"

[ -d "$OBJ/usr/include" ] || die "no kernel headers in $OBJ: run 'make kernel'"
BB=/bin/busybox
[ -x "$BB" ] && file -L "$BB" 2>/dev/null | grep -q dynamic && BB=
[ -n "$BB" ] || BB=$(command -v busybox)

# Static kselftests, out of the source tree.
ST=$BUILD/selftests
mkdir -p "$ST"
make -s -C "$SRC/tools/testing/selftests/iommu" OUTPUT="$ST" \
	KHDR_INCLUDES="-isystem $OBJ/usr/include" \
	LDFLAGS=-static CC=gcc >"$BUILD/selftests.log" 2>&1 ||
	{ cat "$BUILD/selftests.log" >&2; die "selftests failed to build"; }

# lsiommu (tools/iommu), static, when the tree has it.
LS=
if [ -d "$SRC/tools/iommu" ]; then
	mkdir -p "$BUILD/lsiommu"
	make -s -C "$SRC/tools/iommu" OUTPUT="$BUILD/lsiommu/" LDFLAGS=-static \
		CC=gcc >"$BUILD/lsiommu.log" 2>&1 ||
		{ cat "$BUILD/lsiommu.log" >&2; die "lsiommu failed to build"; }
	LS=$BUILD/lsiommu/lsiommu
fi

R=$BUILD/initramfs
rm -rf "$R"
mkdir -p "$R/bin" "$R/sbin" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" \
	"$R/selftests" "$R/etc"
cp "$BB" "$R/bin/busybox"
for app in $("$R/bin/busybox" --list); do
	[ "$app" = busybox ] || ln -sf busybox "$R/bin/$app"
done
install -m 755 "$TOP/guest/init" "$R/init"
for t in "$ST"/*; do
	[ -f "$t" ] && [ -x "$t" ] && cp "$t" "$R/selftests/"
done
if [ -n "$LS" ]; then
	cp "$LS" "$R/bin/lsiommu"
	install -m 755 "$SRC/tools/iommu/test_lsiommu.sh" "$R/selftests/lsiommu"
fi
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -1 >"$BUILD/initramfs.cpio.gz.new"
mv "$BUILD/initramfs.cpio.gz.new" "$BUILD/initramfs.cpio.gz"
echo "initramfs: $BUILD/initramfs.cpio.gz ($(ls "$R/selftests" | tr '\n' ' '))"
