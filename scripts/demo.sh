#!/bin/sh
# Boot the default topology under VT-d, then AMD-Vi, and print the groups as
# a table: group id, default domain type, members with what they are, and
# why each is there when the kernel says so.
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
	sh "$TOP/scripts/qemu.sh" -t "$topo" -i $k -o "$out" -r groups ||
		die "boot failed; see $out/console.log"
	awk '
	function kind(c) {
		c = substr(c, 3, 4)
		if (c == "0600") return "host bridge"
		if (c == "0601") return "ISA bridge"
		if (c == "0604") return "PCI bridge"
		if (c == "0106") return "SATA"
		if (c == "0c05") return "SMBus"
		if (c == "00ff" || c == "ff00") return "unclassified"
		if (c == "0806") return "IOMMU"
		return "class " c
	}
	$2 == "reason" { why[$4] = $5 (NF > 5 ? " " $6 : ""); next }
	$2 == "group" { order[++ng] = $3; type[$3] = $4; next }
	$2 == "member" {
		key = $3; n = ++cnt[key]
		id = $5 ":" $6; sub(/0x/, "", id); sub(/0x/, "", id)
		line[key, n] = sprintf("%-13s %-10s %-13s %-10s", substr($4, 6), id, kind($7), $8)
		addr[key, n] = $4
	}
	END {
		printf "%-6s %-9s %-13s %-10s %-13s %-10s %s\n", "group", "type", "device", "id", "what", "driver", "reason"
		for (i = 1; i <= ng; i++) {
			g = order[i]
			for (j = 1; j <= cnt[g]; j++)
				printf "%-6s %-9s %s %s\n", (j == 1 ? g : ""), (j == 1 ? type[g] : ""),
					line[g, j], (addr[g, j] in why ? why[addr[g, j]] : "-")
		}
	}' "$out/results.txt"
	if sh "$TOP/scripts/compare.sh" "$topo" $k "$out/results.txt" >"$out/diff"; then
		echo "These groups match what topologies/default.topo expects."
	else
		echo "These groups differ from what topologies/default.topo expects:"
		cat "$out/diff"
		sed -n 's/^xfail /(known: /p' "$topo" | sed 's/$/)/'
	fi
done
