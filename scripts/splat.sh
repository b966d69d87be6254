#!/bin/sh
# splat.sh LOG: print the kernel problem reports found in a console log and
# exit 0 if there is any, 1 if the log is clean.
set -u
pat='Kernel panic|Oops|WARNING:|BUG:|------------\[ cut here \]|general protection fault'
pat="$pat|possible recursive locking|possible circular locking|inconsistent lock state"
pat="$pat|INFO: possible|INFO: task .* blocked|lockdep|KASAN|UBSAN:|kmemleak:.*suspected"
pat="$pat|unreferenced object|refcount_t:|list_(add|del) corruption|DEBUG_LOCKS_WARN_ON"
pat="$pat|kobject: .* is not initialized|sysfs: cannot create duplicate"
grep -E -m 10 "$pat" "$1"
