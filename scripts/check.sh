#!/bin/sh
# Checks of the series, as TAP lines.
#   check.sh          checkpatch --strict on every patch; kernel-doc over the
#                     files the series touches, sparse (C=2) and W=1 over
#                     drivers/iommu and drivers/pci (and any other directory
#                     a patch touches) report nothing the base tree does not
#                     report
#   check.sh series   every patch builds on its own (bisectable)
set -eu
. "$(dirname "$0")/common.sh"

[ -d "$SRC/.git" ] || die "no build/linux: run 'make tree'"
[ -f "$OBJ/.config" ] || sh "$TOP/scripts/kernel.sh" >/dev/null
CK=$BUILD/check
mkdir -p "$CK"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
npatches=$(git -C "$SRC" rev-list --count base..HEAD)


# The test config without -Werror, so W=1 reports instead of stopping.
config_for() {
	mkdir -p "$1"
	if ! cmp -s "$OBJ/.config" "$1/.config.src" 2>/dev/null; then
		cp "$OBJ/.config" "$1/.config.src"
		sed 's/^CONFIG_WERROR=y/# CONFIG_WERROR is not set/' "$OBJ/.config" >"$1/.config"
	fi
}

# Warnings of sparse and W=1 over DIRS in source tree SRCDIR, build dir OBJDIR,
# one per line without line and column numbers (they move with any patch).
warnings() {
	srcdir=$1 objdir=$2
	shift 2
	config_for "$objdir"
	make -s -C "$srcdir" O="$objdir" CC="$CC" -j"$JOBS" olddefconfig >/dev/null
	make -C "$srcdir" O="$objdir" CC="$CC" -j"$JOBS" prepare >/dev/null 2>&1
	# The compiler reports only on what it compiles (sparse, with C=2,
	# checks every file): recompile the checked directories every time.
	for d in "$@"; do
		[ -d "$objdir/$d" ] && find "$objdir/$d" -name '*.o' -delete
	done
	make -C "$srcdir" O="$objdir" CC="$CC" -j"$JOBS" C=2 W=1 "$@" 2>&1 |
		grep -E '(warning|error):' |
		sed -E "s|^$srcdir/||; s|^\.\./$(basename "$srcdir")/||; s|^([^:]+):[0-9]+(:[0-9]+)?:|\1:|" |
		LC_ALL=C sort | awk '{ c[$0]++; print $0 " #" c[$0] }' | LC_ALL=C sort
}

# The Documentation directories the series touches, built with Sphinx; no
# warning may name a document the series touches, nor a source file from
# which such a document pulls kernel-doc. Those documents are read again on
# every run, so that their warnings are not lost to Sphinx's cache.
docs() {
	rst=$(git -C "$SRC" diff --name-only base HEAD -- 'Documentation/*.rst')
	if [ -z "$rst" ]; then
		skip "documentation builds without warnings" "the series touches no document"
		return
	fi
	dirs= files=
	for f in $rst; do
		d=${f#Documentation/}
		d=${d%%/*}
		case " $dirs " in *" $d "*) ;; *) dirs="$dirs $d" ;; esac
		files="$files $f $(sed -n 's/^\.\. kernel-doc:: *//p' "$SRC/$f" 2>/dev/null)"
		# A newer source is what makes Sphinx read a document again
		touch "$SRC/$f"
	done
	mkdir -p "$BUILD/obj-docs"
	if ! PATH=/usr/bin:$PATH make -C "$SRC" O="$BUILD/obj-docs" SPHINXDIRS="${dirs# }" \
		htmldocs >"$CK/htmldocs.log" 2>&1; then
		notok "documentation builds (${dirs# })"
		tail -n 20 "$CK/htmldocs.log" | sed 's/^/# /'
		return
	fi
	: >"$CK/htmldocs-ours.txt"
	for f in $files; do
		grep -iE "(warning|error)" "$CK/htmldocs.log" | grep -F "$f" >>"$CK/htmldocs-ours.txt" || true
	done
	if [ -s "$CK/htmldocs-ours.txt" ]; then
		notok "documentation builds without warnings in the series' documents"
		sort -u "$CK/htmldocs-ours.txt" | sed 's/^/# /'
	else
		ok "documentation builds without warnings in the series' documents (make htmldocs SPHINXDIRS=${dirs# })"
	fi
}

# The ABI files the series touches, through the kernel's own ABI tooling:
# get_abi.pl must read every entry without complaint, and the ReST it makes
# of them must parse without a docutils warning (what htmldocs builds into
# the admin guide).
abi() {
	files=$(git -C "$SRC" diff --name-only base HEAD -- 'Documentation/ABI/*')
	if [ -z "$files" ]; then
		skip "ABI files parse" "the series touches no ABI file"
		return
	fi
	for f in $files; do
		[ -f "$SRC/$f" ] || continue
		rm -rf "$CK/abi"
		mkdir -p "$CK/abi"
		cp "$SRC/$f" "$CK/abi/"
		if perl "$SRC/scripts/get_abi.pl" rest --dir "$CK/abi" \
			>"$CK/abi.rst" 2>"$CK/abi.err" && [ ! -s "$CK/abi.err" ] &&
			python3 "$TOP/scripts/abi-check.py" <"$CK/abi.rst" >"$CK/abi.out"; then
			ok "ABI file parses with get_abi.pl and docutils: $f"
		else
			notok "ABI file parses with get_abi.pl and docutils: $f"
			cat "$CK/abi.err" "$CK/abi.out" 2>/dev/null | head -n 20 | sed 's/^/# /'
		fi
	done
}

fast() {
	# checkpatch --strict on every patch of patches/.
	found=0
	for p in "$TOP"/patches/[0-9]*.patch; do
		[ -e "$p" ] || continue
		case "$p" in */0000-cover-letter.patch) continue ;; esac
		found=1
		# checkpatch runs scripts/spdxcheck.py, which needs Debian's python3-ply.
		if (cd "$SRC" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict -q --no-summary "$p") >"$CK/checkpatch.out" 2>&1; then
			ok "checkpatch --strict $(basename "$p")"
		else
			notok "checkpatch --strict $(basename "$p")"
			sed 's/^/# /' "$CK/checkpatch.out"
		fi
	done
	[ $found = 1 ] || skip "checkpatch --strict" "the series has no patches yet"

	if [ "$npatches" = 0 ]; then
		skip "sparse and W=1 add no warning" "the series has no patches yet"
		return
	fi

	# kernel-doc over the C files and headers the series touches: no
	# warning that the same file in base does not have.
	: >"$CK/kdoc-base.txt"
	: >"$CK/kdoc-head.txt"
	for f in $(git -C "$SRC" diff --name-only base HEAD -- '*.c' '*.h' ':!tools'); do
		[ -f "$SRC/$f" ] || continue
		if git -C "$SRC" cat-file -e "base:$f" 2>/dev/null; then
			git -C "$SRC" show "base:$f" >"$CK/kdoc.src"
			"$SRC/scripts/kernel-doc" -none -Wall "$CK/kdoc.src" 2>&1 |
				sed -E "s|^$CK/kdoc.src:[0-9]*:|$f:|" >>"$CK/kdoc-base.txt"
		fi
		(cd "$SRC" && scripts/kernel-doc -none -Wall "$f" 2>&1) |
			sed -E "s|^($f):[0-9]*:|\1:|" >>"$CK/kdoc-head.txt"
	done
	LC_ALL=C sort "$CK/kdoc-base.txt" | awk '{ c[$0]++; print $0 " #" c[$0] }' | LC_ALL=C sort >"$CK/kdoc-base.s"
	LC_ALL=C sort "$CK/kdoc-head.txt" | awk '{ c[$0]++; print $0 " #" c[$0] }' | LC_ALL=C sort >"$CK/kdoc-head.s"
	LC_ALL=C comm -13 "$CK/kdoc-base.s" "$CK/kdoc-head.s" | sed 's/ #[0-9]*$//' >"$CK/kdoc-new.txt"
	if [ -s "$CK/kdoc-new.txt" ]; then
		notok "kernel-doc adds no warning in the files the series touches"
		sed 's/^/# new: /' "$CK/kdoc-new.txt"
	else
		ok "kernel-doc adds no warning in the files the series touches ($(wc -l <"$CK/kdoc-head.txt") present in base too)"
	fi

	docs
	abi

	dirs="drivers/iommu/ drivers/pci/"
	# tools/ is not built by kbuild: its programs are built by the test run.
	for d in $(git -C "$SRC" diff --name-only base HEAD -- '*.c' ':!tools' | xargs -r -n1 dirname | sort -u); do
		case " $dirs " in *" $d/ "*) ;; *) [ -d "$SRC/$d" ] && dirs="$dirs $d/" ;; esac
	done
	# The base's warnings depend only on the config and the directories.
	key=$(cat "$OBJ/.config" | md5sum | cut -c1-12)-$(echo "$dirs" | md5sum | cut -c1-8)
	if [ ! -s "$CK/base-$key.txt" ]; then
		worktree base "$BUILD/base-src"
		# shellcheck disable=SC2086
		warnings "$BUILD/base-src" "$BUILD/obj-base" $dirs >"$CK/base-$key.txt.new"
		echo "end" >>"$CK/base-$key.txt.new"
		mv "$CK/base-$key.txt.new" "$CK/base-$key.txt"
	fi
	# shellcheck disable=SC2086
	warnings "$SRC" "$BUILD/obj-check" $dirs >"$CK/head.txt"
	grep -v '^end$' "$CK/base-$key.txt" >"$CK/base.txt"
	LC_ALL=C comm -13 "$CK/base.txt" "$CK/head.txt" | sed 's/ #[0-9]*$//' >"$CK/new.txt"
	if [ -s "$CK/new.txt" ]; then
		notok "sparse and W=1 add no warning over $dirs"
		sed 's/^/# new: /' "$CK/new.txt"
	else
		ok "sparse and W=1 add no warning over $dirs ($(wc -l <"$CK/head.txt") present in base too)"
	fi
}

series() {
	[ "$npatches" != 0 ] || { skip "every patch builds alone" "the series has no patches yet"; return; }
	cp "$OBJ/.config" "$CK/series.config"
	worktree base "$BUILD/series-src"
	for c in $(git -C "$SRC" rev-list --reverse base..HEAD); do
		subj=$(git -C "$SRC" log -1 --format=%s "$c")
		git -C "$BUILD/series-src" checkout -q --detach -f "$c"
		mkdir -p "$BUILD/obj-series"
		cp "$CK/series.config" "$BUILD/obj-series/.config"
		if make -s -C "$BUILD/series-src" O="$BUILD/obj-series" CC="$CC" -j"$JOBS" \
			olddefconfig bzImage >"$CK/series.log" 2>&1; then
			ok "builds alone: $subj"
		else
			notok "builds alone: $subj"
			grep -E 'error|warning' "$CK/series.log" | head -n 20 | sed 's/^/# /'
		fi
	done
}

case "${1:-fast}" in
fast) fast ;;
series) series ;;
*) die "usage: check.sh [fast|series]" ;;
esac
