#!/bin/sh
# splat.sh LOG: print the kernel problem reports found in a console log and
# exit 0 if there is any, 1 if the log is clean. The patterns are the first
# lines of reports, not words that debug kernels also print when all is well
# (such as "RCU lockdep checking is enabled").
set -u
pat='Kernel panic|Oops|WARNING:|BUG:|------------\[ cut here \]|general protection fault'
pat="$pat|possible recursive locking|possible circular locking|inconsistent lock state"
pat="$pat|INFO: possible|INFO: task .* blocked|suspicious RCU usage|bad unlock balance"
pat="$pat|held lock freed|lock held when returning to user space|DEBUG_LOCKS_WARN_ON"
pat="$pat|UBSAN:|kmemleak:.*suspected|unreferenced object|ODEBUG:"
pat="$pat|refcount_t:|list_(add|del) corruption"
pat="$pat|kobject: .* is not initialized|sysfs: cannot create duplicate"
grep -E -m 10 "$pat" "$1"
