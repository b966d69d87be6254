#!/bin/sh
# Make build/linux a git tree: tag 'base' is the pristine Debian source,
# then every patch of patches/ applied with git am, one commit each.
#
# An existing tree is reused: it is reset to base and the series re-applied.
# Commits in build/linux that are not in patches/ are never thrown away
# silently: run 'make export' first, or FORCE=1 to discard them.
set -eu
. "$(dirname "$0")/common.sh"

mkdir -p "$BUILD"

if ! git -C "$SRC" rev-parse -q --verify base >/dev/null 2>&1; then
	[ -r "$TARBALL" ] || die "$TARBALL missing: run 'make deps'"
	rm -rf "$SRC" "$BUILD/linux-source-6.12"
	echo "tree: extracting $TARBALL"
	tar -C "$BUILD" -xf "$TARBALL"
	mv "$BUILD/linux-source-6.12" "$SRC"
	cd "$SRC"
	git init -q -b main
	git config core.abbrev 12
	# -f: the base commit holds the tarball exactly, ignored names too.
	git add -A -f
	GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		git $GIT_ID commit -q -m "Debian $DEBPKG $(debver)

Pristine source from Debian's $DEBPKG package, version $(debver),
extracted from $TARBALL."
	git tag base
	echo "tree: base is $(git rev-parse --short base) ($DEBPKG $(debver))"
fi

cd "$SRC"
if [ "${FORCE:-0}" != 1 ] && [ "$(tree_patch_ids)" != "$(file_patch_ids)" ] &&
	[ "$(git rev-list --count base..HEAD)" != 0 ]; then
	# Only complain when the tree holds work that patches/ lacks.
	for id in $(tree_patch_ids); do
		file_patch_ids | grep -qx "$id" ||
			die "build/linux has commits not in patches/: run 'make export' (or FORCE=1 make tree to drop them)"
	done
fi

[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	[ "${FORCE:-0}" = 1 ] ||
	die "build/linux has uncommitted edits: commit them, or FORCE=1 make tree"

git checkout -q -f -B main base
n=0
for p in "$TOP"/patches/[0-9]*.patch; do
	[ -e "$p" ] || continue
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	if ! git $GIT_ID am -q --committer-date-is-author-date "$p" >"$BUILD/am.log" 2>&1; then
		git am --abort >/dev/null 2>&1 || true
		echo "tree: patch $(basename "$p") does not apply:" >&2
		sed 's/^/  /' "$BUILD/am.log" >&2
		exit 1
	fi
	n=$((n + 1))
done
echo "tree: build/linux = base + $n patches, HEAD $(git rev-parse --short HEAD)"
