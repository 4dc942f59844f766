#!/bin/sh
# Adds up the result lines the test programs appended to $1
# ("<stage> <mode> <passed> <failures> <errors> <skipped>") and prints the
# total as the run's last line. Exits non-zero if anything failed or nothing
# ran. A skip (a check this machine cannot run, printed as a SKIP line with
# its reason where it happened) is neither a pass nor a failure.
set -eu
f=$1
[ -s "$f" ] || { echo "total: no test ran"; exit 1; }
awk '
	{ p += $(NF-3); f += $(NF-2) + $(NF-1); s += $NF }
	END {
		printf "total: %d passed, %d failed", p, f
		if (s)
			printf ", %d skipped", s
		printf "\n"
		exit (f > 0 || p == 0) ? 1 : 0
	}' "$f"
