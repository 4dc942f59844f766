#!/bin/sh
# Runs each libFuzzer harness for a fixed time, one after the other, and says
# what it found. Called by `make fuzz` (code/fuzz/Makefile):
#
#   run-fuzzers.sh BUILD_DIR SECONDS HARNESS...
#
# Each harness reads the seed corpus in the tree (corpus/NAME, never written)
# and keeps what it learns in BUILD_DIR/corpus/NAME, so a later run starts
# where this one stopped. A crash, a leak, a timeout (10 s for one input) or
# an out-of-memory (2 GiB) leaves its input in BUILD_DIR/artifacts/ and is
# reported; the status is 1 if any harness found something.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$1 seconds=$2
shift 2
found=0
mkdir -p "$out/artifacts"
for h in "$@"; do
	name=${h#fuzz_}
	mkdir -p "$out/corpus/$name"
	log=$out/$h.log
	# max_len: a program of the generator's or an attr and 500 instructions
	"$out/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=4096 -print_final_stats=1 -artifact_prefix="$out/artifacts/$h-" \
		"$out/corpus/$name" "$here/corpus/$name" >"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)
	corp=$(grep -Eo 'corp: [0-9]+' "$log" | tail -1)
	if [ "$status" = 0 ]; then
		echo "ok   $h: ${seconds} s, ${runs:-?} inputs, ${cov:-cov: ?}, ${corp:-corp: ?}"
	else
		found=1
		what=$(grep -E '^==[0-9]+==ERROR|^SUMMARY|ALARM|deadly signal|out-of-memory|fuzz_diff: the runtimes' "$log" | head -2 | tr '\n' ' ')
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
		echo "FAIL $h: ${what:-exit status $status}"
		echo "     input: ${art:-(none written)}"
		echo "     log:   $log"
		echo "     again: $out/$h ${art:-}"
		[ "$h" = fuzz_diff ] && [ -n "$art" ] &&
			echo "     as a program: bpfdiff --from-bytes $art > finding.hex"
	fi
done
exit $found
