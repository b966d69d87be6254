#!/bin/sh
# compare.sh TOPOLOGY KIND RESULTS
# Compare the groups a guest reported (RESULTS, "H group ..." lines) with the
# groups TOPOLOGY expects under IOMMU KIND (plus topologies/platform.conf).
# Prints the differences; exit 0 when the partitions are equal,
# 1 otherwise. Reasons are compared too when the guest reported any.
set -eu
topo=$1 kind=$2 res=$3
plat=$(dirname "$0")/../topologies/platform.conf

# Expected: one group per line, members sorted, lines sorted.
exp=$(cat "$plat" "$topo" | awk -v k="$kind" '
	$1 == "group" || $1 == "group." k {
		n = 0; delete m
		for (i = 2; i <= NF; i++) { if ($i ~ /^#/) break; m[++n] = $i }
		# insertion sort keeps this POSIX awk
		for (i = 2; i <= n; i++) for (j = i; j > 1 && m[j-1] > m[j]; j--) {
			t = m[j]; m[j] = m[j-1]; m[j-1] = t }
		s = ""; for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") m[i]
		print s
	}' | LC_ALL=C sort)

# Observed: strip the PCI domain 0000: the topologies use domain 0 only.
got=$(awk '$1 == "H" && $2 == "group" {
		s = ""
		for (i = 5; i <= NF; i++) { d = $i; sub(/^0000:/, "", d); s = s (s != "" ? " " : "") d }
		print s
	}' "$res" | while read -r line; do
		printf '%s\n' $line | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
		echo
	done | LC_ALL=C sort)

rc=0
if [ "$exp" != "$got" ]; then
	rc=1
	printf '%s\n' "$exp" >"$res.expected"
	printf '%s\n' "$got" >"$res.got"
	diff "$res.expected" "$res.got" | sed -n 's/^< /expected group: /p; s/^> /     got group: /p'
fi

# Reasons: "reason ADDR WHY [REL]" lines, checked when the kernel has them;
# no REL means the kernel must name no related device ("-" in sysfs).
if grep -q '^H reason ' "$res"; then
	cat "$plat" "$topo" | grep "^reason " | while read -r _ addr why rel; do
		line=$(awk -v a="0000:$addr" '$1 == "H" && $2 == "reason" && $4 == a' "$res")
		[ -n "$line" ] || { echo "no reason reported for $addr"; exit 1; }
		set -- $line
		got=${6:-}
		[ "$got" = - ] && got=
		[ "$5" = "$why" ] || { echo "$addr: reason '$5', expected '$why'"; exit 1; }
		[ "$got" = "${rel:+0000:$rel}" ] ||
			{ echo "$addr: related '$got', expected '${rel:-none}'"; exit 1; }
	done || rc=1
fi
exit $rc
