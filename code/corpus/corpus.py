#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
The corpus measurement: which programs of real BPF objects load and
JIT-compile through bpfjit, next to which the running kernel loads.

  corpus.py build  SRC OUT         compile the kernel's BPF selftests
                                   (tools/testing/selftests/bpf/progs/*.c)
                                   and samples (samples/bpf/*_kern.c) of the
                                   Linux tree SRC into OUT/obj
  corpus.py kernel OUT KERNEL_RUN  ask the running kernel (through libbpf,
                                   code/corpus/kernel_run.c) which programs
                                   load: OUT/kernel.tsv
  corpus.py bpfjit OUT BPFJIT      ask bpfjit: OUT/bpfjit.tsv
  corpus.py report OUT             the two counts and the top refusals

Every step is `make corpus` in code/corpus; none is part of `make test`.
"""
import collections
import glob
import os
import re
import subprocess
import sys

JOBS = 2    # this machine's cores; compiling is the slow part


def build(src, out):
    os.makedirs(out + "/obj", exist_ok=True)
    st = src + "/tools/testing/selftests/bpf"
    vmlinux = out + "/vmlinux.h"
    if not os.path.exists(vmlinux):
        try:
            with open(vmlinux, "w") as f:
                subprocess.run(["bpftool", "btf", "dump", "file", "/sys/kernel/btf/vmlinux",
                                "format", "c"], stdout=f, check=True)
        except (OSError, subprocess.CalledProcessError):
            os.unlink(vmlinux)
            print("corpus: no bpftool or no /sys/kernel/btf/vmlinux: the sources that "
                  "need vmlinux.h will not compile")
    multiarch = subprocess.run(["gcc", "-print-multiarch"], capture_output=True,
                               text=True).stdout.strip()
    common = ["clang", "-g", "-O2", "-target", "bpf", "-D__TARGET_ARCH_x86",
              "-I" + out, "-I" + src + "/tools/include/uapi",
              "-idirafter", "/usr/include", "-idirafter", "/usr/include/" + multiarch,
              "-Wno-compare-distinct-pointer-types", "-w"]
    # samples/bpf is built by Kbuild against the kernel's own headers. Here
    # `uapi/linux/x.h` is the installed uapi header (linux-libc-dev) and the
    # kernel's u32 & co. are defined up front; a sample that needs a
    # kernel-internal header (linux/skbuff.h, net/ipv6.h) does not compile.
    shim = out + "/shim"
    os.makedirs(shim, exist_ok=True)
    if not os.path.islink(shim + "/uapi"):
        os.symlink("/usr/include", shim + "/uapi")
    with open(shim + "/kernel_types.h", "w") as f:
        f.write("#include <linux/types.h>\n"
                "typedef __u8 u8; typedef __u16 u16; typedef __u32 u32; typedef __u64 u64;\n"
                "typedef __s8 s8; typedef __s16 s16; typedef __s32 s32; typedef __s64 s64;\n"
                "#define __force\n")
    jobs = []
    for f in sorted(glob.glob(st + "/progs/*.c")):
        jobs.append((f, out + "/obj/st_" + os.path.basename(f)[:-2] + ".o",
                     ["-mcpu=v3", "-I" + st, "-I" + st + "/progs"]))
    for f in sorted(glob.glob(src + "/samples/bpf/*_kern.c")):
        jobs.append((f, out + "/obj/sa_" + os.path.basename(f)[:-2] + ".o",
                     ["-I" + shim, "-include", shim + "/kernel_types.h",
                      "-I" + src + "/samples/bpf", "-I" + src + "/tools/testing/selftests/bpf"]))
    ok = bad = 0
    running = []
    for job in jobs + [None] * JOBS:
        f, o, extra = job if job else (None, None, None)
        if f:
            # done before: the object, or the mark of a source that failed
            done = [x for x in (o, o + ".failed") if os.path.exists(x)
                    and os.path.getmtime(x) > os.path.getmtime(f)]
            if done:
                ok += done[0] == o
                bad += done[0] != o
                continue
            running.append((o, subprocess.Popen(common + extra + ["-c", f, "-o", o],
                                                stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL)))
        while len(running) >= JOBS or (not f and running):
            obj, p = running.pop(0)
            if p.wait() == 0:
                ok += 1
            else:
                bad += 1
                open(obj + ".failed", "w").close()
    print("corpus: %d objects compiled, %d sources did not compile" % (ok, bad))


def objects(out):
    return sorted(glob.glob(out + "/obj/*.o"))


def kernel(out, kernel_run):
    objs = objects(out)
    with open(out + "/kernel.tsv", "w") as f:
        subprocess.run([kernel_run, "--load-only"] + objs, stdout=f, check=False)


def bpfjit(out, tool):
    rows = []
    for o in objects(out):
        r = subprocess.run([tool, "list", o], capture_output=True, text=True)
        if r.returncode:
            rows.append((o, "-", "-", "open: " + r.stderr.strip()))
            continue
        for line in r.stdout.splitlines():
            if not line.startswith("prog "):
                continue
            name, sec = line.split()[1:3]
            try:
                j = subprocess.run([tool, "jit", "--json", "--prog", name, o],
                                   capture_output=True, text=True, timeout=60)
                if j.returncode >= 128 or j.returncode < 0:
                    res = "CRASH %d" % j.returncode
                elif '"jited": true' in j.stdout:
                    res = "0"
                else:
                    m = re.search(r'"error": "(.*?)", "errno"', j.stdout)
                    res = m.group(1) if m else (j.stderr.strip() or "?")
            except subprocess.TimeoutExpired:
                res = "HANG"
            rows.append((o, name, sec, res))
    with open(out + "/bpfjit.tsv", "w") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")


def reason(msg):
    """A refusal, without the parts that differ from program to program."""
    msg = re.sub(r"^\S+\.o: ", "", msg)
    m = re.search(r"verifier: (at \d+: \([0-9a-f]+\) [^:]*: )?(.*)", msg)
    if m:
        msg = "verifier: " + m.group(2)
    msg = re.sub(r"'[^']*'", "'.'", msg)
    msg = re.sub(r"-?\d+", "N", msg)
    msg = re.sub(r"0xN[0-9a-f]*", "0xN", msg)
    return msg[:150]


def report(out):
    k = {}
    if os.path.exists(out + "/kernel.tsv"):
        for line in open(out + "/kernel.tsv"):
            f = line.rstrip("\n").split("\t")
            if len(f) == 4:
                k[(os.path.basename(f[0]), f[1])] = f[3] == "0"
    b = {}
    for line in open(out + "/bpfjit.tsv"):
        f = line.rstrip("\n").split("\t")
        if len(f) == 4:
            b[(os.path.basename(f[0]), f[1])] = f[3]
    if not k:
        # no kernel's answer: every program counts, the refusals are bpfjit's
        print("no kernel.tsv: bpfjit's count alone")
        k = {p: True for p in b}
    kernel_ok = [p for p, v in k.items() if v]
    ours_ok = [p for p, v in b.items() if v == "0"]
    both = [p for p in kernel_ok if b.get(p) == "0"]
    crashes = [p for p, v in b.items() if v.startswith("CRASH") or v == "HANG"]
    print("programs: %d (kernel.tsv), %d (bpfjit.tsv)" % (len(k), len(b)))
    print("the running kernel loads %d" % len(kernel_ok))
    print("bpfjit loads and JIT-compiles %d, %d of them among the kernel's" %
          (len(ours_ok), len(both)))
    print("of the kernel-accepted: %d / %d (%.1f %%)" %
          (len(both), len(kernel_ok), 100.0 * len(both) / max(len(kernel_ok), 1)))
    print("crashes or hangs: %d %s" % (len(crashes), " ".join("%s:%s" % p for p in crashes[:10])))
    c = collections.Counter(reason(b[p]) for p in kernel_ok if p in b and b[p] != "0")
    print("top refusals of kernel-accepted programs:")
    for msg, n in c.most_common(25):
        print("%5d  %s" % (n, msg))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "build" and len(sys.argv) == 4:
        build(sys.argv[2], sys.argv[3])
    elif cmd == "kernel" and len(sys.argv) == 4:
        kernel(sys.argv[2], sys.argv[3])
    elif cmd == "bpfjit" and len(sys.argv) == 4:
        bpfjit(sys.argv[2], sys.argv[3])
    elif cmd == "report" and len(sys.argv) == 3:
        report(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
