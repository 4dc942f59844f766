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
#   pkg-config       find the libraries above
#   libssl-dev       SHA-1/SHA-256 for program tags (libcrypto's EVP)
#   valgrind         the memory checker `make test` runs
#   python3          the chapter-quote checker and the conformance runner
set -eu

PKGS="libcapstone-dev check graphviz clang llvm libclang-rt-14-dev libelf-dev pkg-config libssl-dev valgrind python3 make gcc"

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "bootstrap: missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
    echo "bootstrap: not root; using sudo"
else
    echo "bootstrap: cannot install: not root and no sudo." >&2
    echo "bootstrap: install them yourself:  apt-get install$missing" >&2
    exit 1
fi

echo "bootstrap: apt-get update"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
echo "bootstrap: apt-get install$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "bootstrap: done"
