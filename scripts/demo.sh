#!/bin/sh
# Boot the default topology under VT-d, then AMD-Vi, and print the groups as
# lsiommu shows them in the guest: each group with its default domain type
# and whether VFIO could take it, each member with its vendor:device, class,
# driver, and why it is in the group.
set -eu
. "$(dirname "$0")/common.sh"

topo=$TOP/topologies/default.topo
for k in intel amd; do
	out=$BUILD/demo/$k
	echo
	case $k in
	intel) echo "=== IOMMU groups under Intel VT-d (topologies/default.topo)" ;;
	amd) echo "=== IOMMU groups under AMD-Vi (topologies/default.topo)" ;;
	esac
	sh "$TOP/scripts/qemu.sh" -t "$topo" -i $k -o "$out" -r groups,lsiommu-table ||
		die "boot failed; see $out/console.log"
	# lsiommu (tools/iommu) ran in the guest: its table is the demo
	if grep -q '^H ls ' "$out/results.txt"; then
		sed -n 's/^H ls //p' "$out/results.txt"
	else
		echo "(no lsiommu in this tree; the groups as the guest read them)"
		grep -E '^H (group|reason) ' "$out/results.txt" | cut -d' ' -f2-
	fi
	if sh "$TOP/scripts/compare.sh" "$topo" $k "$out/results.txt" >"$out/diff"; then
		echo "These groups match what topologies/default.topo expects."
	else
		echo "These groups differ from what topologies/default.topo expects:"
		cat "$out/diff"
		sed -n 's/^xfail /(known: /p' "$topo" | sed 's/$/)/'
	fi
done
