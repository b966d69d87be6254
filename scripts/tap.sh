# TAP helpers for the harness; sourced. Counts live in this shell, so the
# callers must not run them inside a pipeline's subshell.
# shellcheck shell=sh
T_N=0 T_PASS=0 T_FAIL=0 T_SKIP=0 T_XFAIL=0

tap_ok() {
	T_N=$((T_N + 1)) T_PASS=$((T_PASS + 1))
	echo "ok $T_N - $1"
}

tap_fail() {
	T_N=$((T_N + 1)) T_FAIL=$((T_FAIL + 1))
	echo "not ok $T_N - $1"
}

tap_skip() {
	T_N=$((T_N + 1)) T_SKIP=$((T_SKIP + 1))
	echo "ok $T_N - $1 # SKIP $2"
}

tap_xfail() {
	T_N=$((T_N + 1)) T_XFAIL=$((T_XFAIL + 1))
	echo "not ok $T_N - $1 # TODO $2"
}

# tap_stress RESULTS WHERE: one passing line for each summary the guest's
# stress steps printed ("H stress", "H faults N injected"); their errors
# are "H error" lines, which fail the boot itself.
tap_stress() {
	sed -n 's/^H stress /hotplug soak: /p; s/^H faults \([0-9]* injected.*\)/fault injection: \1/p' \
		"$1" >"$1.stress"
	while IFS= read -r line; do
		tap_ok "$line ($2)"
	done <"$1.stress"
}

# Indent a file's lines as TAP diagnostics.
tap_diag() {
	sed 's/^/# /' "$@"
}

tap_summary() {
	echo "1..$T_N"
	echo "# $T_XFAIL expected failures, $T_SKIP skipped"
	echo "$T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	[ "$T_FAIL" = 0 ]
}
