#!/bin/sh
# Boot every topology under VT-d and AMD-Vi with the base tree's kernel and
# list those whose groups differ from the expected ones: the topologies on
# which the series changes the partition. Reasons are not compared (the
# base tree has none). TOPOS="a b" limits the run to those topologies.
set -eu
. "$(dirname "$0")/common.sh"

kern=$(sh "$TOP/scripts/base-kernel.sh")
sh "$TOP/scripts/initramfs.sh" >/dev/null
out=$BUILD/base-diff
rm -rf "$out"
for t in "$TOP"/topologies/*.topo; do
	name=$(basename "$t" .topo)
	case " ${TOPOS:-$name} " in *" $name "*) ;; *) continue ;; esac
	# As make test runs them: "before" steps, the hotplug lines, groups
	steps=$(sed -n 's/^before //p' "$t" | tr '\n' ',')
	grep -q '^hotplug ' "$t" && steps=${steps}hotplug,
	steps=${steps}groups
	for k in intel amd; do
		sh "$TOP/scripts/qemu.sh" -t "$t" -i $k -k "$kern" -r "$steps" \
			-o "$out/$name.$k" 2>"$out.err" || { echo "$name $k: boot failed"; continue; }
		grep -v '^H reason' "$out/$name.$k/results.txt" >"$out/$name.$k/groups.txt"
		if sh "$TOP/scripts/compare.sh" "$t" $k "$out/$name.$k/groups.txt" >"$out/$name.$k/diff"; then
			echo "same     $name ($k)"
		else
			echo "differs  $name ($k):"
			sed 's/^/           /' "$out/$name.$k/diff"
		fi
	done
done
