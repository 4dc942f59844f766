#!/bin/sh
# Proves one exercise is neither solved as shipped nor unsolvable:
#   1. the skeleton carries its TODO marker;
#   2. built with the skeleton, the tests fail exactly SKELETON_FAILS checks,
#      all by assertion (Check "Failures"), none by crash or timeout ("Errors");
#      SKELETON_FAILS counts on a machine that runs every check: one this
#      machine skips (a SKIP line: no BMI2, say) is one fewer to fail;
#   3. built with the solution, every check passes, plainly and sanitized.
# Usage (from mk/exercise.mk): exercise-proof.sh EX FILE SKELETON_FAILS MAKE
set -u
ex=$1 file=$2 want=$3 make=$4

fail() { echo "proof $ex: FAILED: $*"; exit 1; }

grep -q TODO "$file" || fail "skeleton $file has no TODO marker"

out=$($make -s grade 2>&1) || fail "skeleton does not build:
$out"
line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
[ -n "$line" ] || fail "no Check summary from the skeleton's run:
$out"
failures=$(printf '%s\n' "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
errors=$(printf '%s\n' "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
skipped=$(printf '%s\n' "$out" | grep -c '^SKIP ')
[ "$errors" = 0 ] || fail "skeleton crashed or timed out in $errors check(s): $line"
[ "$failures" = $((want - skipped)) ] ||
	fail "skeleton fails $failures check(s), expected $want less $skipped skipped: $line"

for san in 0 1; do
	out=$($make -s solution SANITIZE=$san 2>&1) || fail "solution (SANITIZE=$san) does not pass:
$out"
done
if [ "$skipped" = 0 ]; then
	echo "proof $ex: skeleton fails $want as declared; solution passes (plain, sanitized)"
else
	echo "proof $ex: skeleton fails $want as declared, $skipped of them skipped here" \
		"(SKIP below); solution passes (plain, sanitized)"
	printf '%s\n' "$out" | grep '^SKIP '
fi
