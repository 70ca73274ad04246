#!/bin/sh
# Makes the release archive for one target: OUT/codedrill-TARGET.tar.gz (.zip for Windows) and its
# SHA-256 sum in OUT/codedrill-TARGET.tar.gz.sha256. The archive holds one folder,
# codedrill-VERSION-TARGET/, with the program, README.md, CHANGELOG.md, the two licences, the man page
# (doc/) and the shell completions (complete/), taken from ASSETS (made by scripts/assets.sh; made here
# from BINARY when ASSETS is not given, which needs BINARY to run on this machine).
#
#   scripts/package.sh target/release/codedrill x86_64-unknown-linux-gnu dist
#
# The release workflow and scripts/test-install.sh both use it, so what is tested is what is shipped.
set -eu

[ $# -ge 3 ] || {
    echo "usage: scripts/package.sh BINARY TARGET OUT [ASSETS]" >&2
    exit 2
}
bin=$1
target=$2
out=$3
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
name="codedrill-$version-$target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

if [ $# -ge 4 ]; then
    assets=$4
else
    assets="$work/assets"
    "$root/scripts/assets.sh" "$bin" "$assets"
fi

mkdir -p "$work/$name" "$out"
cp "$bin" "$work/$name/"
for file in README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE; do
    cp "$root/$file" "$work/$name/"
done
cp -R "$assets/complete" "$assets/doc" "$work/$name/"

case "$target" in
    *windows*)
        archive="codedrill-$target.zip"
        rm -f "$out/$archive"
        if command -v 7z >/dev/null 2>&1; then
            (cd "$work" && 7z a -tzip -bd "$archive" "$name" >/dev/null)
        else
            (cd "$work" && zip -qr "$archive" "$name")
        fi
        ;;
    *)
        archive="codedrill-$target.tar.gz"
        (cd "$work" && tar -czf "$archive" "$name")
        ;;
esac
mv "$work/$archive" "$out/$archive"

if command -v sha256sum >/dev/null 2>&1; then
    sum=$(sha256sum "$out/$archive" | cut -d ' ' -f 1)
else
    sum=$(shasum -a 256 "$out/$archive" | cut -d ' ' -f 1)
fi
printf '%s  %s\n' "$sum" "$archive" >"$out/$archive.sha256"
echo "$out/$archive"
