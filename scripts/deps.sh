#!/bin/sh
# Install the Debian packages the harness needs, and only those missing.
# A second run with everything present does nothing (no apt-get update).
set -eu

PKGS="linux-source-6.12 qemu-system-x86 sparse busybox-static gcc make bc
bison flex libelf-dev libssl-dev cpio ccache xz-utils git perl python3
kmod socat libc6-dev python3-ply python3-git python3-sphinx
python3-sphinx-rtd-theme python3-yaml"

missing=
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
