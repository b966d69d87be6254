# Shared settings for the harness scripts; sourced, not run.
# shellcheck shell=sh

TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$TOP/build
SRC=$BUILD/linux
OBJ=$BUILD/obj
TARBALL=/usr/src/linux-source-6.12.tar.xz
DEBPKG=linux-source-6.12

# Fixed identity and dates make the base commit and every applied patch get
# the same commit ids on every machine, so exports do not churn.
GIT_ID="-c user.name=iommu-groups -c user.email=iommu-groups@localhost"
BASE_DATE="2025-01-01T00:00:00+0000"

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

debver() {
	dpkg-query -W -f='${Version}' "$DEBPKG" 2>/dev/null
}

# Patch ids of the commits on top of base, and of the files in patches/.
tree_patch_ids() {
	git -C "$SRC" log -p --no-merges base..HEAD 2>/dev/null |
		git patch-id --stable | awk '{print $1}' | sort
}

file_patch_ids() {
	for f in "$TOP"/patches/[0-9]*.patch; do
		[ -e "$f" ] || continue
		case "$f" in */0000-cover-letter.patch) continue ;; esac
		cat "$f"
	done | git patch-id --stable | awk '{print $1}' | sort
}

# A worktree of build/linux at REV, at PATH (reused between runs).
worktree() {
	if [ ! -d "$2/.git" ] && [ ! -f "$2/.git" ]; then
		rm -rf "$2"
		git -C "$SRC" worktree prune
		git -C "$SRC" worktree add -q --detach "$2" "$1"
	fi
	git -C "$2" checkout -q --detach -f "$1"
}

JOBS=$(nproc 2>/dev/null || echo 2)

# ccache lives outside the clone so that a fresh clone on the same machine
# (CI) builds warm; CCACHE_BASEDIR makes its paths clone-independent.
CC="gcc"
command -v ccache >/dev/null 2>&1 && CC="ccache gcc"
export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/iommu-groups-ccache}
export CCACHE_BASEDIR=$BUILD
