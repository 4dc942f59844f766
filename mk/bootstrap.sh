#!/bin/sh
# Installs the Debian packages this project builds with, if any are missing.
# Called by `make bootstrap` (and so by `make demo` / `make test`).
#
#   libcapstone-dev  x86 disassembly (Capstone)
#   check            the unit-test framework every stage uses
#   graphviz         renders diagrams/*.dot to SVG
#   clang llvm       compile BPF C (clang -target bpf), llvm-objdump for cross-checks
#   libclang-rt-14-dev  libFuzzer and the sanitizers' runtimes for clang (make fuzz)
#   libelf-dev       read BPF ELF objects
#   libbpf-dev       libbpf's BTF API: the types in BPF objects (maps, CO-RE)
#   zlib1g-dev       reads /proc/config.gz (the kernel's configuration)
#   pkg-config       find the libraries above
#   libssl-dev       SHA-1/SHA-256 for program tags (libcrypto's EVP)
#   valgrind         the memory checker `make test` runs
#   python3          the chapter-quote checker and the conformance runner
#   pandoc           make book: the chapters as HTML
#
# Optional, installed when possible, never a reason to stop:
#
#   chromium         make test opens the book in a headless browser; without
#                    one that check SKIPs. It is optional because it is big
#                    (some 300 MB with its libraries) for one check of a C
#                    project: BOOTSTRAP_OPTIONAL=0 leaves it out.
set -eu

PKGS="libcapstone-dev check graphviz clang llvm libclang-rt-14-dev libelf-dev libbpf-dev zlib1g-dev pkg-config libssl-dev valgrind python3 make gcc pandoc"
OPT_PKGS="chromium"

not_installed() {
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            printf ' %s' "$p"
    done
}

missing=$(not_installed $PKGS)
optional=""
if [ "${BOOTSTRAP_OPTIONAL:-1}" != 0 ]; then
    optional=$(not_installed $OPT_PKGS)
fi

if [ -z "$missing" ] && [ -z "$optional" ]; then
    exit 0
fi

[ -z "$missing" ] || echo "bootstrap: missing Debian packages:$missing"
[ -z "$optional" ] || echo "bootstrap: missing optional Debian packages:$optional"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
    echo "bootstrap: not root; using sudo"
else
    echo "bootstrap: cannot install: not root and no sudo." >&2
    echo "bootstrap: install them yourself:  apt-get install$missing$optional" >&2
    [ -z "$missing" ] || exit 1
    exit 0
fi

apt() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }

echo "bootstrap: apt-get update"
apt update -qq || [ -z "$missing" ] || exit 1
if [ -n "$missing" ]; then
    echo "bootstrap: apt-get install$missing"
    apt install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ -n "$optional" ]; then
    echo "bootstrap: apt-get install$optional (optional)"
    apt install -y -qq --no-install-recommends $optional >/dev/null ||
        echo "bootstrap: could not install$optional; the checks that need it will SKIP"
fi
echo "bootstrap: done"
