#!/bin/sh
# The tests of bpfjit: every subcommand on good and bad input, --json read
# back, the examples under the interpreter, the JIT and the JIT with
# blinding, the demo against its golden file, and a sample of the BPF
# conformance suite through the plugin.
#
# Run by `make test` (code/bpfjit/Makefile), which sets:
#   BPFJIT           the tool
#   EXAMPLES_SRC     code/examples (expected.txt, *.hex)
#   EXAMPLES_OBJ     where their clang-compiled objects are
#   PLUGIN           the one-line wrapper `exec bpfjit plugin "$@"`
#   CONFORMANCE_DIR  the conformance suite (run.py, tests/)
#   WORK             where to make this run's scratch folder (WORK.XXXXXX)
#   RUN_TEST         a command prefix (valgrind with VALGRIND=1), may be empty
#   CK_RESULTS       if set: append "<tag> passed failed 0 skipped" for the
#                    top total
#   V                1: print every check's "ok" line too
#
# A failed check prints "FAIL" with what ran, what was expected and what
# came; a check this machine cannot run prints "SKIP" and why; the last line
# counts them. Exit status 1 if any failed.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
: "${BPFJIT:?}" "${EXAMPLES_SRC:?}" "${EXAMPLES_OBJ:?}" "${WORK:?}"
RUN_TEST=${RUN_TEST:-}
# A folder of this run's own: two runs at once must not share files.
mkdir -p "$(dirname "$WORK")"
WORK=$(mktemp -d "$WORK.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
skipped=0

# bj ARGS...: run the tool (under $RUN_TEST), output in $WORK/out, $WORK/err.
bj() {
	env $RUN_TEST "$BPFJIT" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
}
# bj_in FILE ARGS...: the same with stdin from FILE.
bj_in() {
	in=$1; shift
	env $RUN_TEST "$BPFJIT" "$@" >"$WORK/out" 2>"$WORK/err" <"$in"
}

ok() { passed=$((passed + 1)); [ "${V:-0}" != 1 ] || echo "ok   $1"; }
skip() { skipped=$((skipped + 1)); echo "SKIP ${CK_RESULT_TAG:-bpfjit}: $1"; }
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	shift
	for line in "$@"; do echo "     $line"; done
	echo "     stdout: $(head -c 600 "$WORK/out")"
	echo "     stderr: $(head -c 600 "$WORK/err")"
}

# expect DESC STATUS PATTERN ARGS...: exit status STATUS (or "nonzero"), and
# PATTERN (grep -E, may be empty) found in stdout + stderr. Valgrind's own
# status (99) is always a failure.
expect() {
	desc=$1 want=$2 pat=$3; shift 3
	bj "$@"; got=$?
	check_result "$desc" "$want" "$pat" "$got" "$*"
}
expect_in() {
	desc=$1 in=$2 want=$3 pat=$4; shift 4
	bj_in "$in" "$@"; got=$?
	check_result "$desc" "$want" "$pat" "$got" "$* < $in"
}
check_result() {
	desc=$1 want=$2 pat=$3 got=$4 cmd=$5
	if [ "$got" = 99 ] || { [ "$want" = nonzero ] && { [ "$got" = 0 ] || [ "$got" -ge 128 ]; }; } ||
	   { [ "$want" != nonzero ] && [ "$got" != "$want" ]; }; then
		fail "$desc" "ran: bpfjit $cmd" "expected exit $want, got $got"
	elif [ -n "$pat" ] && ! cat "$WORK/out" "$WORK/err" | grep -Eq -- "$pat"; then
		fail "$desc" "ran: bpfjit $cmd" "expected output matching /$pat/"
	else
		ok "$desc"
	fi
}

# json_field DESC PYEXPR ARGS...: run with --json, parse stdout, and check
# the Python expression PYEXPR over the object `j` holds.
json_check() {
	desc=$1 expr=$2; shift 2
	bj "$@"; got=$?
	if [ "$got" = 99 ]; then
		fail "$desc" "ran: bpfjit $*" "valgrind reported errors"
	elif python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
ok = $expr
sys.exit(0 if ok else 1)" "$WORK/out" 2>>"$WORK/err"; then
		ok "$desc"
	else
		fail "$desc" "ran: bpfjit $*" "expected JSON with: $expr"
	fi
}

ART_HEX=$EXAMPLES_SRC/article.hex
ART_O=$EXAMPLES_OBJ/article.o

# ---- the command line ------------------------------------------------------
expect "no arguments: usage, status 2"		2 "usage: bpfjit"
expect "--help"					0 "commands:" --help
expect "unknown command"			2 "unknown command 'frobnicate'" frobnicate
for c in run load xlated jit cfg plugin demo jit-disasm; do
	expect "$c --help"			0 "usage: bpfjit" $c --help
done
expect "unknown option"				2 "option '--frob' is unknown" run --frob "$ART_HEX"
expect "option of another command"		2 "option '--dump' is not for this command" run --dump "$ART_HEX"
expect "option without its argument"		2 "option '--harden' needs an argument" run "$ART_HEX" --harden
expect "--opt: a step that is not one"		2 "frob" run --opt=frame,frob "$ART_HEX"
expect "--harden 3 is refused"			2 "--harden: '3'" run --harden 3 "$ART_HEX"
expect "--kernel 4.19 is refused"		2 "--kernel: '4.19'" run --kernel 4.19 "$ART_HEX"
expect "--type nonsense is refused"		2 "unknown program type 'nonsense'" run --type nonsense "$ART_HEX"
expect "no input file"				2 "no input file" run
expect "two input files"			2 "one input file only" run "$ART_HEX" "$ART_HEX"
expect "missing file"				nonzero "nosuch.o: cannot open: .*ENOENT" run "$WORK/nosuch.o"

# ---- input formats -----------------------------------------------------------
expect "run: hex text"				0 "retval:  0x687 " run "$ART_HEX"
expect "run: ELF object"			0 "retval:  0x687 " run "$ART_O"
python3 -c "
import sys
out = open(sys.argv[2], 'wb')
for line in open(sys.argv[1]):
    line = line.split('#')[0].split()
    out.write(bytes(int(b, 16) for b in line))" "$ART_HEX" "$WORK/article.bin"
expect "run: raw .bin"				0 "retval:  0x687 " run "$WORK/article.bin"
expect_in "run: hex from stdin"	"$ART_HEX"	0 "retval:  0x687 " run -
head -c 45 "$WORK/article.bin" >"$WORK/odd.bin"
expect "odd-length .bin is refused"		nonzero "odd.bin: size 45 is not a.* multiple of 8" run "$WORK/odd.bin"
printf 'b7 01 00 00 31 02 00 zz\n' >"$WORK/bad.hex"
expect "invalid hex names line and column"	nonzero "bad.hex: invalid hex program: line 1, column 2[12]: 'z' is not a hex digit" run "$WORK/bad.hex"
printf 'b7 01 00 00 31 02 00 0\n' >"$WORK/lone.hex"
expect "hex with a lone digit"			nonzero "lone.hex: invalid hex program: " run "$WORK/lone.hex"
: >"$WORK/empty.hex"
expect "empty input"				nonzero "empty.hex: invalid hex program: no instructions" run "$WORK/empty.hex"
head -c 100 "$ART_O" >"$WORK/truncated.o"
expect "truncated ELF"				nonzero "truncated.o: -E" run "$WORK/truncated.o"
python3 -c "
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[18:20] = (62).to_bytes(2, 'little')    # e_machine = EM_X86_64
open(sys.argv[2], 'wb').write(b)" "$ART_O" "$WORK/x86.o"
expect "ELF for the wrong machine"		nonzero "x86.o: -EINVAL" run "$WORK/x86.o"
expect "unknown section"			nonzero "-ENOENT.*nosuch" run --section nosuch "$ART_O"
# Global data loads (an R_BPF_64_64 relocation: the .bss map); what the
# loader does not support is refused by name: a section whose programs need
# BTF, an unknown section, an extern.
cat >"$WORK/global.c" <<'EOC'
unsigned long counter;
__attribute__((section("socket"), used)) unsigned long f(void) { return ++counter; }
char _license[] __attribute__((section("license"), used)) = "GPL";
EOC
cat >"$WORK/fentry.c" <<'EOC'
__attribute__((section("fentry/do_exit"), used)) unsigned long f(void) { return 0; }
char _license[] __attribute__((section("license"), used)) = "GPL";
EOC
if clang -O2 -target bpf -c -o "$WORK/global.o" "$WORK/global.c" &&
   clang -O2 -target bpf -c -o "$WORK/fentry.o" "$WORK/fentry.c"; then
	expect "global data: the .bss map"		0 "retval:  0x1 " run "$WORK/global.o"
	expect "a BTF-only section is refused, naming it"	nonzero "fentry.o: -E(OPNOTSUPP|NOTSUP).*fentry" run "$WORK/fentry.o"
else
	fail "clang compiles the refusal tests' objects"
fi
expect "--section on hex input"			nonzero "needs an ELF object" run --section socket "$ART_HEX"
# Nonsense bytes: an opcode no kernel knows.
printf '\377\000\000\000\000\000\000\000\225\000\000\000\000\000\000\000' >"$WORK/badop.bin"
expect "unknown opcode: EINVAL and the verifier's word" nonzero "BPF_PROG_LOAD failed: -EINVAL" run "$WORK/badop.bin"
# A program with no exit: the verifier's message reaches the user.
printf 'b7 00 00 00 00 00 00 00\n' >"$WORK/noexit.hex"
expect "no exit: refused with the verifier's message" nonzero "BPF_PROG_LOAD failed: -E.*verifier: " run "$WORK/noexit.hex"
# A read of the context the verifier forbids: EACCES for a socket filter.
printf '79 10 00 00 00 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/r1read.hex"
expect "context read: EACCES"			nonzero "BPF_PROG_LOAD failed: -EACCES" run "$WORK/r1read.hex"
# A tc program reads __sk_buff.len: the verifier rewrites it into a load
# of the sk_buff's; the default packet is 64 bytes.
printf '61 10 00 00 00 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/skblen.hex"
expect "tc: __sk_buff.len of the default packet" 0 "0x40 \(64\)" run --type sched_cls "$WORK/skblen.hex"
# A helper v5.8 gives tc but the book does not model: named, with why.
printf 'b7 02 00 00 01 00 00 00\nb7 03 00 00 00 00 00 00\n85 00 00 00 0d 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/clone.hex"
expect "an unmodelled v5.8 helper is named" nonzero \
	"unknown func bpf_clone_redirect#13; note: bpf_clone_redirect is a v5.8 helper of this program type that this book does not model" \
	run --type sched_cls "$WORK/clone.hex"
# An uninitialised stack slot: the message names the instruction.
printf 'b7 00 00 00 00 00 00 00\n79 a0 f8 ff 00 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/stackread.hex"
expect "the error names the instruction"	nonzero "-EACCES .*verifier: at 1: \(79\) r0 = \*\(u64 \*\)\(r10 -8\): invalid read from stack" \
	run "$WORK/stackread.hex"
expect "--log-level 2 prints the log on failure" nonzero "^0: \(b7\) r0 = 0" run --log-level 2 "$WORK/stackread.hex"
expect "--log-level 2 prints the states of a load that works" 0 "^0: R1=ctx\(id=0,off=0,imm=0\) R10=fp0" run --log-level 2 "$ART_HEX"
expect "--log-level 4 prints the statistics"	0 "^processed [0-9]+ insns \(limit 1000000\) max_states_per_insn [0-9]+ total_states [0-9]+ peak_states [0-9]+ mark_read [0-9]+" \
	run --log-level 4 "$ART_HEX"

# ---- objects: maps, programs by name, outputs -------------------------------
cat >"$WORK/odd.c" <<'EOC'
extern int LINUX_KERNEL_VERSION __attribute__((section(".kconfig"), weak));
__attribute__((section("frobnicate"), used)) int unknown(void *ctx) { return 0; }
__attribute__((section("xdp"), used)) int kconfig(void *ctx) { return LINUX_KERNEL_VERSION; }
char _license[] __attribute__((section("license"), used)) = "GPL";
EOC
cat >"$WORK/probe.c" <<'EOC'
struct pt_regs { unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di; };
__attribute__((section("kprobe/do_sys_open"), used)) int probe(struct pt_regs *ctx) { return ctx->si + ctx->di; }
__attribute__((section("tp/syscalls/sys_enter_write"), used)) int tp(unsigned long *ctx) { return ctx[2]; }
char _license[] __attribute__((section("license"), used)) = "GPL";
EOC
if clang -O2 -target bpf -c -o "$WORK/odd.o" "$WORK/odd.c" &&
   clang -O2 -target bpf -c -o "$WORK/probe.o" "$WORK/probe.c"; then
	expect "an unknown section is an error, never a socket filter" nonzero \
		"odd.o: -E(OPNOTSUPP|NOTSUP).*'frobnicate': libbpf knows no program type" run "$WORK/odd.o"
	expect "an extern is refused, naming it"	nonzero "kconfig.*LINUX_KERNEL_VERSION.*extern" \
		run --prog kconfig "$WORK/odd.o"
	python3 -c "
import struct, sys
open(sys.argv[1], 'wb').write(struct.pack('<21Q', *([0] * 13 + [5, 37] + [0] * 6)))" "$WORK/regs.bin"
	expect "kprobe --ctx: struct pt_regs"	0 "retval:  0x2a " run --prog probe --ctx "$WORK/regs.bin" "$WORK/probe.o"
	printf '\001\000\000\000\000\000\000\000\002\000\000\000\000\000\000\000\003\000\000\000\000\000\000\000' >"$WORK/tp.bin"
	expect "tracepoint --ctx: the record"	0 "retval:  0x3 " run --prog tp --ctx "$WORK/tp.bin" "$WORK/probe.o"
	expect "--ctx larger than the context"	nonzero "--ctx has 2048 bytes|--ctx has [0-9]+ bytes" \
		run --prog probe --ctx "$EXAMPLES_OBJ/loop.o" "$WORK/probe.o"
else
	fail "clang compiles the object tests' sources"
fi
MAPS_O=$EXAMPLES_OBJ/maps_array.o
expect "--prog: no such program"		nonzero "-ENOENT: no program 'nosuch'" run --prog nosuch "$MAPS_O"
expect "--prog on hex input"			nonzero "--prog needs an ELF object" run --prog x "$ART_HEX"
expect "--repeat keeps the maps' state"		0 "retval:  0x3 " run --repeat 3 "$MAPS_O"
expect "--dump-maps: bpftool's format"		0 "key: 01 00 00 00  value: 01 00 00 00 00 00 00 00" run --dump-maps "$MAPS_O"
expect "--dump-maps: per-CPU values"		0 "value \(CPU 00\): 0a 00 00 00" run --dump-maps "$EXAMPLES_OBJ/maps_percpu.o"
expect "--dump-maps: global data"		0 "name globals.data" run --dump-maps "$EXAMPLES_OBJ/globals.o"
expect "tail calls: the first program falls in at stage1" 0 "program: stage1.*|retval:  0x6e " run "$EXAMPLES_OBJ/tail_calls.o"
expect "the object fills its program array"	0 "key: 01 00 00 00  value: 0[0-9a-f] 00 00 00" run --prog entry --dump-maps "$EXAMPLES_OBJ/tail_calls.o"
expect "tail calls into optimised images, their way in built as the array takes them" 0 "retval:  0x6f " run --opt --prog entry "$EXAMPLES_OBJ/tail_calls.o"
expect "the same, blinded" 0 "retval:  0x6f " run --opt --harden 2 --prog entry "$EXAMPLES_OBJ/tail_calls.o"
# A program the object puts in a slot fails to load: the error says which
# slot, which program, and why.
cat >"$WORK/badslot.c" <<'EOC'
int bad(void *ctx);
struct { int (*type)[3]; int (*max_entries)[1]; int (*key_size)[4]; int (*values[])(void *); }
	chain __attribute__((section(".maps"), used)) = { .values = { [0] = bad } };
static long (*bpf_tail_call)(void *ctx, void *map, unsigned int key) = (void *)12;
__attribute__((section("xdp"), used)) int entry(void *ctx) { bpf_tail_call(ctx, &chain, 0); return 0; }
__attribute__((section("xdp"), used)) int bad(void *ctx) { return ((long (*)(void))999)(); }
char _license[] __attribute__((section("license"), used)) = "GPL";
EOC
if clang -O2 -g -target bpf -c -o "$WORK/badslot.o" "$WORK/badslot.c"; then
	expect "a slot's program that fails names slot, program and cause" nonzero \
		"map 'chain' slot 0: program 'bad': program 'bad': BPF_PROG_LOAD failed: Invalid argument\$" \
		run --prog entry "$WORK/badslot.o"
else
	fail "clang compiles the slot test's source"
fi
json_check "--json gains the maps" \
	"j['maps'][0]['name'] == 'counters' and j['maps'][0]['entries'][1]['value'] == '0200000000000000'" \
	run --json --repeat 2 "$MAPS_O"
printf '\052\000\000\000\000\000\000\000\007\000\000\000\000\000\000\000' >"$WORK/args.bin"
expect "ringbuf records are printed"		0 "ringbuf events: 24 bytes:" run --ctx "$WORK/args.bin" "$EXAMPLES_OBJ/ringbuf.o"
json_check "--json gains the output" "j['output'][0]['data'].startswith('2a00000000000000')" \
	run --json --ctx "$WORK/args.bin" "$EXAMPLES_OBJ/ringbuf.o"
# A packet program's --ctx is BPF_PROG_TEST_RUN's ctx_in: an XDP program
# takes none in v5.8 (xdp_md came in 5.11), a tc program an __sk_buff.
expect "--ctx for XDP: v5.8's -EINVAL"		nonzero "BPF_PROG_TEST_RUN failed: -EINVAL" \
	run --ctx "$WORK/args.bin" "$MAPS_O"
printf '61 10 08 00 00 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/mark.hex"
expect "--ctx-hex for tc: __sk_buff's mark"	0 "retval:  0x2a " \
	run --type sched_cls --ctx-hex "00000000 00000000 2a000000" "$WORK/mark.hex"
# Broken objects with maps: an error or a run, never a crash.
python3 -c "
import random, sys
good = open(sys.argv[1], 'rb').read()
random.seed(8)
for i in range(12):
    b = bytearray(good)
    for k in range(1 + i % 3):
        b[random.randrange(len(b))] ^= random.randrange(1, 256)
    open('%s/broken%d.o' % (sys.argv[2], i), 'wb').write(b)" "$EXAMPLES_OBJ/tail_calls.o" "$WORK"
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	bj run "$WORK/broken$i.o"; got=$?
	if [ "$got" -ge 128 ] || [ "$got" = 99 ]; then
		fail "a broken object (#$i) crashes the tool" "ran: bpfjit run broken$i.o" "exit $got"
	else
		ok "a broken object (#$i): exit $got"
	fi
done

# ---- run ----------------------------------------------------------------------
expect "run --interp names the interpreter"	0 "interpreter __bpf_prog_run32" run --interp "$ART_HEX"
expect "run --jit: 58 bytes of x86-64"		0 "JIT, 58 bytes" run --jit "$ART_HEX"
expect "run --repeat"				0 "ns per run, mean of 100 runs" run --repeat 100 "$ART_HEX"
expect "--unverified is announced"		0 "BPF_F_UNVERIFIED" run --unverified "$ART_HEX"
expect "--kernel 6.18 gives the SHA-256 tag"	0 "tag:     f35995ddfb2fc85f" run --kernel 6.18 "$ART_HEX"
expect "--kernel 5.8 gives the SHA-1 tag"	0 "tag:     5380c2e077cefa60" run --kernel 5.8 "$ART_HEX"
expect "--type xdp"				0 "xdp, 6 insns.*|retval:  0x687 " run --type xdp "$ART_HEX"
printf '\001\002\003\004' >"$WORK/data.bin"
expect "--data FILE"				0 "retval:  0xa " run --data "$WORK/data.bin" "$EXAMPLES_OBJ/sum_bytes.o"
expect "--data of a missing file"		2 "nosuch.bin: cannot open" run --data "$WORK/nosuch.bin" "$ART_HEX"
expect "--data-hex with a bad digit"		2 "--data-hex: invalid hex: " run --data-hex 0g "$ART_HEX"
printf 'b7 00 00 00 ff ff ff ff\n95 00 00 00 00 00 00 00\n' >"$WORK/minus1.hex"
expect "r0 all 64 bits"				0 "retval:  0xffffffffffffffff " run "$WORK/minus1.hex"
# r0 = 7; r0 *= -3: the JIT's two MULs agree, and --imul emits imul.
printf 'b7 00 00 00 07 00 00 00\n27 00 00 00 fd ff ff ff\n95 00 00 00 00 00 00 00\n' >"$WORK/mul.hex"
expect "run --imul"				0 "retval:  0xffffffffffffffeb " run --imul "$WORK/mul.hex"
expect "jit --imul --disasm: imul"		0 "imul rax, rax, -3" jit --imul --disasm "$WORK/mul.hex"
expect "run --padding"				0 "retval:  0x687 " run --padding "$ART_HEX"
expect "run --nops k8"				0 "retval:  0x687 " run --nops k8 "$ART_HEX"
# A raw tracepoint reads its arguments from the context (ctx_in), and runs
# with none (NULL) when given none, as the kernel's test run does.
printf '79 10 08 00 00 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/rtp.hex"
expect "--ctx-hex: a raw tracepoint's arguments" 0 "retval:  0x1122334455667788 " \
	run --type raw_tracepoint --ctx-hex "0000000000000000 8877665544332211" "$WORK/rtp.hex"
printf 'b7 00 00 00 2a 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/r0is42.hex"
expect "raw tracepoint, no context"		0 "retval:  0x2a " run --type raw_tracepoint "$WORK/r0is42.hex"
expect "--ctx-hex too short for the program"	nonzero "BPF_PROG_TEST_RUN failed: -EINVAL" \
	run --type raw_tracepoint --ctx-hex 00 "$WORK/rtp.hex"
# bpf_get_prandom_u32() starts from --seed in every runtime, whatever
# blinding drew at load.
printf '85 00 00 00 07 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/prandom.hex"
bj run --interp --seed 9 "$WORK/prandom.hex"; grep '^retval' "$WORK/out" >"$WORK/prandom.interp"
bj run --jit --harden 2 --seed 9 "$WORK/prandom.hex"
if grep -q '^retval' "$WORK/out" && grep '^retval' "$WORK/out" | cmp -s - "$WORK/prandom.interp"; then
	ok "--seed: bpf_get_prandom_u32() the same in the interpreter and the blinded JIT"
else
	fail "--seed: bpf_get_prandom_u32() the same in the interpreter and the blinded JIT" \
		"interpreter: $(cat "$WORK/prandom.interp")"
fi

printf '79 10 00 00 00 00 00 00\n95 00 00 00 00 00 00 00\n' >"$WORK/wild.hex"
# The fault is the point of this test, so valgrind would rightly report it:
# this one runs without the prefix.
saved=$RUN_TEST RUN_TEST=
expect "--unverified: a faulting program ends with a message, status 3" 3 "faulted while running" run --unverified "$WORK/wild.hex"
RUN_TEST=$saved

# ---- --json ---------------------------------------------------------------------
json_check "run --json: the fields"		"j['retval'] == '0x687' and j['tag'] == '5380c2e077cefa60' and j['insn_cnt'] == 6 and j['xlated_len'] == 48 and j['stack_depth'] == 8 and j['jited'] is True and j['blinded'] is False and isinstance(j['passes'], list) and len(j['passes']) >= 2 and j['jited_len'] == len(j['jited_insns']) // 2" \
	run --json "$ART_HEX"
json_check "run --json --interp"		"j['jited'] is False and j['interpreter'] == '__bpf_prog_run32' and j['jited_len'] == 0 and j['passes'] == []" \
	run --json --interp "$ART_HEX"
json_check "run --json --repeat: duration_ns"	"isinstance(j['duration_ns'], int)" run --json --repeat 10 "$ART_HEX"
json_check "run --json --harden 2: blinded"	"j['blinded'] is True and j['retval'] == '0x687' and j['insn_cnt'] > 6" \
	run --json --harden 2 --seed 7 "$ART_HEX"
json_check "run --json error: error and errno"	"'error' in j and j['errno'] == 2" run --json "$WORK/nosuch.o"
json_check "run --json load error: EINVAL"	"j['errno'] == 22 and 'EINVAL' in j['error']" run --json "$WORK/badop.bin"
json_check "xlated --json"			"len(j['xlated_insns']) == 96 and j['insn_cnt'] == 6" xlated --json "$ART_HEX"
json_check "jit --json"				"j['jited_insns'].startswith('6666666690') and j['jited_len'] == 58" \
	jit --json --nops k8 "$ART_HEX"

# ---- xlated -------------------------------------------------------------------------
expect "xlated: bpftool's format"		0 "^   0: \(b7\) r1 = 561" xlated "$ART_HEX"
expect "xlated --harden 2: blinded through ax (r11)" 0 "r11 \^= " xlated --harden 2 --seed 1 "$ART_HEX"
bj xlated --harden 2 --seed 5 "$ART_HEX"; cp "$WORK/out" "$WORK/seed5a"
bj xlated --harden 2 --seed 5 "$ART_HEX"
if cmp -s "$WORK/out" "$WORK/seed5a"; then ok "xlated --seed is deterministic"
else fail "xlated --seed is deterministic" "two runs with --seed 5 differ"; fi

# ---- jit ------------------------------------------------------------------------------
expect "jit --dump: the article's first line"	0 "JIT code: 00000000: 66 66 66 66 90 55 48 89 e5 48 81 ec 08 00 00 00" \
	jit --dump --nops k8 "$ART_HEX"
expect "jit --dump: flen and proglen"		0 "flen=6 proglen=58 pass=3" jit --dump --nops k8 "$ART_HEX"
expect "jit --disasm: interleaved"		0 "r1 \+= 1110|add rdi" jit --disasm "$ART_HEX"
expect "jit --passes"				0 "converged: yes" jit --passes "$ART_HEX"
expect "jit --raw"				0 "" jit --raw "$WORK/image.bin" --nops k8 "$ART_HEX"
if [ "$(od -An -tx1 -N5 "$WORK/image.bin" 2>/dev/null | tr -d ' \n')" = 6666666690 ] &&
   [ "$(wc -c <"$WORK/image.bin")" -eq 58 ]; then ok "jit --raw wrote the 58 bytes"
else fail "jit --raw wrote the 58 bytes" "image.bin: $(od -An -tx1 "$WORK/image.bin" 2>&1 | head -2)"; fi
expect "jit --dot"				0 "" jit --dot "$WORK/passes.dot" "$EXAMPLES_OBJ/loop.o"
if grep -q "^digraph" "$WORK/passes.dot" 2>/dev/null; then ok "jit --dot wrote a digraph"
else fail "jit --dot wrote a digraph" "passes.dot: $(head -3 "$WORK/passes.dot" 2>&1)"; fi
# loop.o's back edge: a column of its own, rel32 measured against the estimate, then rel8
if grep -q "goto pc-4" "$WORK/passes.dot" && grep -q "rel32, 5 B" "$WORK/passes.dot" &&
   grep -q "rel8, 2 B" "$WORK/passes.dot"; then ok "jit --dot: a column per jump, its encoding per pass"
else fail "jit --dot: a column per jump, its encoding per pass" "$(grep -c '<TR>' "$WORK/passes.dot") rows"; fi
expect "jit of a bpf-to-bpf call: one dump per function" 0 "; function 1: 4 BPF instructions" \
	jit --dump --disasm "$EXAMPLES_OBJ/subprog.o"
expect "jit --interp is refused"		2 "no JIT image" jit --interp "$ART_HEX"
expect "jit --raw into a missing folder"	nonzero "cannot create" jit --raw "$WORK/no/such/dir" "$ART_HEX"

# ---- jit-disasm -------------------------------------------------------------------------
bj jit --dump --nops k8 "$ART_HEX"
sed 's/^/[   12.345678] /' "$WORK/out" >"$WORK/dmesg.log"
expect "jit-disasm: a dmesg log"		0 "push rbp" jit-disasm "$WORK/dmesg.log"
expect_in "jit-disasm: from stdin" "$WORK/dmesg.log" 0 "ret" jit-disasm -
printf 'hello\nno dump here\n' >"$WORK/nodump.log"
expect "jit-disasm: no JIT code lines"		nonzero "no 'JIT code:' lines" jit-disasm "$WORK/nodump.log"
printf 'JIT code: 00000000: 66 6z\n' >"$WORK/baddump.log"
expect "jit-disasm: malformed line"		nonzero "malformed" jit-disasm "$WORK/baddump.log"
expect "jit-disasm: missing file"		nonzero "cannot open" jit-disasm "$WORK/nosuch.log"
expect "jit-disasm: no argument"		2 "usage" jit-disasm

# ---- cfg ------------------------------------------------------------------------------------
expect "cfg --dot"				0 "" cfg --dot "$WORK/cfg.dot" "$EXAMPLES_OBJ/loop.o"
if grep -q 'cluster_0' "$WORK/cfg.dot" && grep -q 'fn_0_exit' "$WORK/cfg.dot" &&
   [ "$(grep -c -- '->' "$WORK/cfg.dot")" -ge 5 ]; then ok "cfg: clusters, exit and edges"
else fail "cfg: clusters, exit and edges" "cfg.dot: $(head -c 400 "$WORK/cfg.dot")"; fi
expect "cfg of a subprogram call: two functions" 0 "" cfg --dot "$WORK/sub.dot" "$EXAMPLES_OBJ/subprog.o"
if grep -q 'cluster_1' "$WORK/sub.dot"; then ok "cfg: the callee is its own cluster"
else fail "cfg: the callee is its own cluster" "sub.dot: $(head -c 400 "$WORK/sub.dot")"; fi
expect "cfg without --dot"			2 "--dot FILE is required" cfg "$ART_HEX"

# ---- the examples ---------------------------------------------------------------------------
grep -v '^#' "$EXAMPLES_SRC/expected.txt" | while read -r file want opts; do
	[ -n "$file" ] || continue
	case $file in
	*.c) in=$EXAMPLES_OBJ/${file%.c}.o ;;
	*) in=$EXAMPLES_SRC/$file ;;
	esac
	for mode in "--interp" "--jit" "--jit --harden 2 --seed 3" "--opt"; do
		echo "$file|$want|$opts|$mode|$in"
	done
done >"$WORK/examples.list"
while IFS='|' read -r file want opts mode in; do
	# shellcheck disable=SC2086
	bj run --json $mode $opts "$in"
	# The runtime must be the one asked for: a JIT that gave up and left
	# the program to the interpreter would still return the right r0.
	case $mode in --interp) jited=False ;; *) jited=True ;; esac
	got=$(python3 -c "import json,sys; j = json.load(open(sys.argv[1])); print(j.get('retval'), j.get('jited'))" "$WORK/out" 2>/dev/null)
	if [ "$got" = "$want $jited" ]; then ok "example $file $mode: r0 = $want"
	else fail "example $file $mode" "ran: bpfjit run --json $mode $opts $in" "expected retval and jited '$want $jited', got '$got'"; fi
done <"$WORK/examples.list"

# ---- the plugin -----------------------------------------------------------------------------
printf 'b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00\n' >"$WORK/prog42.hex"
expect_in "plugin: no memory"	"$WORK/prog42.hex" 0 "^2a$" plugin
printf '61 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00\n' >"$WORK/ldw.hex"
expect_in "plugin: memory in r1" "$WORK/ldw.hex" 0 "^44332211$" plugin "11  22  33  44  " --jit
expect_in "plugin: --interp"	"$WORK/ldw.hex" 0 "^44332211$" plugin "11  22  33  44  " --interp
expect_in "plugin: --harden 2"	"$WORK/ldw.hex" 0 "^44332211$" plugin "11  22  33  44  " --jit --harden 2
printf 'zz\n' >"$WORK/bad.line"
expect_in "plugin: invalid hex program" "$WORK/bad.line" nonzero "invalid hex" plugin
expect_in "plugin: invalid memory" "$WORK/prog42.hex" nonzero "memory: invalid hex: " plugin "1"
if [ -n "${CONFORMANCE_DIR:-}" ] && [ -f "$CONFORMANCE_DIR/run.py" ] && [ -n "${PLUGIN:-}" ]; then
	for opts in "--interp" "--jit" "--jit --harden 2" "--opt"; do
		if python3 "$CONFORMANCE_DIR/run.py" --plugin "$PLUGIN" --plugin-options "$opts" \
			--cpu-version v4 -q --include '^(add|alu|jeq|ldx|stx|lddw|mul|div|mod|neg|be|le|call|exit|lsh|rsh|arsh|mov|jne|jset)' \
			>"$WORK/out" 2>"$WORK/err" &&
		   grep -Eq '^[1-9][0-9]* passed, 0 failed' "$WORK/out"; then
			ok "conformance sample ($opts): $(tail -1 "$WORK/out")"
		else
			fail "conformance sample ($opts)" "$(grep FAIL "$WORK/out" | head -5)"
		fi
	done
else
	skip "conformance sample: no suite at '${CONFORMANCE_DIR:-}' (set CONFORMANCE_DIR to the folder holding run.py)"
fi

# ---- the demo -----------------------------------------------------------------------------------
mkdir -p "$WORK/diagrams"
bj demo --dot-dir "$WORK/diagrams"; got=$?
if [ "$got" = 0 ] && diff -u "$HERE/../demo.golden" "$WORK/out" >"$WORK/demo.diff"; then
	ok "demo output equals demo.golden"
else
	fail "demo output equals demo.golden" "exit $got; diff: $(head -40 "$WORK/demo.diff")"
fi
if [ -s "$WORK/diagrams/passes.dot" ] && [ -s "$WORK/diagrams/passes-blinded.dot" ]; then
	ok "demo wrote the pass diagrams"
else fail "demo wrote the pass diagrams" "$(ls "$WORK/diagrams")"; fi
expect "demo with a bad argument"		2 "usage" demo --frob

echo "bpfjit: $passed passed, $failed failed$( [ "$skipped" = 0 ] || echo ", $skipped skipped")"
if [ -n "${CK_RESULTS:-}" ]; then
	echo "${CK_RESULT_TAG:-bpfjit} $passed $failed 0 $skipped" >>"$CK_RESULTS"
fi
[ "$failed" = 0 ]
