#!/bin/sh
# Adds up the result lines the test programs appended to $1
# ("<stage> <mode> <passed> <failures> <errors>") and prints the total as the
# run's last line. Exits non-zero if anything failed or nothing ran.
set -eu
f=$1
[ -s "$f" ] || { echo "total: no test ran"; exit 1; }
awk '
	{ p += $(NF-2); f += $(NF-1) + $NF }
	END {
		printf "total: %d passed, %d failed\n", p, f
		exit (f > 0 || p == 0) ? 1 : 0
	}' "$f"
