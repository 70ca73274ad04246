#!/bin/sh
# Tries install.sh for real, offline: packages a codedrill program the way a release does
# (scripts/package.sh), serves it from a file:// folder through CODEDRILL_DOWNLOAD_BASE, installs it into
# a temporary folder and runs it; then checks that a damaged or missing download installs nothing.
#
#   scripts/test-install.sh [BINARY]     (default: target/debug/codedrill, built if missing)
#
# Needs sh, tar, curl and sha256sum (or shasum). `cargo test` runs it too (tests/cli/install.rs).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/target/debug/codedrill}
[ -x "$bin" ] || (cd "$root" && cargo build --quiet)
# The archive install.sh must pick on this machine (the program inside is whatever BINARY is).
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=x86_64-unknown-linux-musl ;;
    Linux-aarch64) target=aarch64-unknown-linux-musl ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    Darwin-arm64) target=aarch64-apple-darwin ;;
    *)
        echo "skipped: install.sh has no archive for $(uname -s) $(uname -m)"
        exit 0
        ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
check() {
    if [ "$1" = ok ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED: $2"
        [ -f "$tmp/out" ] && sed 's/^/  | /' "$tmp/out"
    fi
}
# Runs install.sh with the given download folder; its output (both streams) goes to $tmp/out.
install_from() {
    base=$1
    shift
    CODEDRILL_DOWNLOAD_BASE=$base sh "$root/install.sh" "$@" >"$tmp/out" 2>&1
}
says() { grep -qF -- "$1" "$tmp/out"; }

# A debug build carries tens of megabytes of debug information that only slows packing down.
mkdir "$tmp/build"
cp "$bin" "$tmp/build/codedrill"
strip "$tmp/build/codedrill" 2>/dev/null || true
"$root/scripts/package.sh" "$tmp/build/codedrill" "$target" "$tmp/dist" >/dev/null
version=$("$bin" --version)

# A good archive is checked, installed and runs; the folder is made; a second install replaces the first.
if install_from "file://$tmp/dist" --to "$tmp/bin" && says "The download matches its SHA-256 sum." \
    && says "Installed $version in $tmp/bin." && says "is not on your PATH yet"; then
    check ok
else
    check no "a good archive installs"
fi
if [ "$("$tmp/bin/codedrill" --version)" = "$version" ]; then
    check ok
else
    check no "the installed program runs"
fi
if install_from "file://$tmp/dist/" --to "$tmp/bin" && [ ! -e "$tmp/bin/.codedrill.new" ]; then
    check ok
else
    check no "installing again replaces the program"
fi
if PATH="$tmp/bin:$PATH" install_from "file://$tmp/dist" --to "$tmp/bin" && says "Start it with: codedrill"; then
    check ok
else
    check no "a folder on PATH is not explained"
fi

# A damaged download is refused and nothing is installed.
mkdir "$tmp/damaged"
cp "$tmp/dist/"* "$tmp/damaged/"
printf 'x' >>"$tmp/damaged/codedrill-$target.tar.gz"
if ! install_from "file://$tmp/damaged" --to "$tmp/bin2" && says "does not match its published SHA-256 sum" \
    && [ ! -e "$tmp/bin2/codedrill" ]; then
    check ok
else
    check no "a damaged archive is refused"
fi

# A missing archive, an unknown option and an unpublished copy each stop with a plain message.
mkdir "$tmp/empty"
if ! install_from "file://$tmp/empty" --to "$tmp/bin3" && says "could not download" && [ ! -e "$tmp/bin3" ]; then
    check ok
else
    check no "a missing archive is explained"
fi
if ! install_from "file://$tmp/dist" --colour && says "unknown option '--colour'"; then
    check ok
else
    check no "an unknown option is refused"
fi
if ! install_from "" --to "$tmp/bin4" && says "does not say where codedrill is published"; then
    check ok
else
    check no "an unpublished install.sh says so"
fi

echo "install.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
