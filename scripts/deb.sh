#!/bin/sh
# Builds the Debian package with cargo-deb, then tries it for real: installs it with dpkg -i, checks that
# `codedrill --version` runs and that the man page and completions are where Debian looks for them, and
# removes it again. A release build with LTO takes minutes.
#
#   cargo install cargo-deb          (once)
#   scripts/deb.sh                   for this machine; the .deb is in target/debian/
#   scripts/deb.sh --target x86_64-unknown-linux-musl   static, as the release workflow builds it
#   scripts/deb.sh --no-install      build only
#
# dpkg needs root: the script uses sudo when it is not run as root.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=""
install=yes
while [ $# -gt 0 ]; do
    case "$1" in
        --target)
            target=$2
            shift 2
            ;;
        --no-install)
            install=no
            shift
            ;;
        *)
            echo "usage: scripts/deb.sh [--target TRIPLE] [--no-install]" >&2
            exit 2
            ;;
    esac
done
command -v cargo-deb >/dev/null 2>&1 || {
    echo "error: cargo-deb is not installed; install it with: cargo install cargo-deb" >&2
    exit 1
}

if [ -n "$target" ]; then
    cargo build --release --locked --target "$target"
    bin="target/$target/release/codedrill"
    debs="target/$target/debian"
    set -- --target "$target"
else
    cargo build --release --locked
    bin=target/release/codedrill
    debs=target/debian
    set --
fi
# The man page and completions the package lists (Cargo.toml, [package.metadata.deb]) are made from the
# program just built.
rm -rf target/assets
scripts/assets.sh "$bin" target/assets
rm -f "$debs"/codedrill_*.deb
cargo deb --no-build "$@"
deb=$(ls "$debs"/codedrill_*.deb)
echo "Built $deb"
[ "$install" = yes ] || exit 0

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
if dpkg -s codedrill >/dev/null 2>&1; then
    echo "error: codedrill is already installed as a package; remove it first (dpkg -r codedrill)" >&2
    exit 1
fi
as_root dpkg -i "$deb"
trap 'as_root dpkg -r codedrill >/dev/null' EXIT
failed=0
expect() {
    if [ -e "$1" ]; then echo "ok: $1"; else echo "MISSING: $1"; failed=1; fi
}
echo "ok: $(/usr/bin/codedrill --version)"
expect /usr/share/man/man1/codedrill.1.gz
expect /usr/share/bash-completion/completions/codedrill
expect /usr/share/zsh/vendor-completions/_codedrill
expect /usr/share/fish/vendor_completions.d/codedrill.fish
expect /usr/share/doc/codedrill/copyright
expect /usr/share/doc/codedrill/README.md
if command -v man >/dev/null 2>&1; then
    page=$(man -w codedrill) && echo "ok: man -w codedrill finds $page" || failed=1
fi
dpkg -L codedrill
[ "$failed" -eq 0 ] && echo "The package installs and works; it is removed again."
exit "$failed"
