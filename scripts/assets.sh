#!/bin/sh
# Writes what ships beside the binary into DIR: the man page (doc/codedrill.1) and the completion scripts
# (complete/), made by running BINARY (`codedrill man`, `codedrill completions SHELL`).
#
#   scripts/assets.sh target/release/codedrill target/assets
#
# Used by scripts/package.sh, scripts/deb.sh and the release workflow, so every package holds the same.
set -eu

[ $# -eq 2 ] || {
    echo "usage: scripts/assets.sh BINARY DIR" >&2
    exit 2
}
bin=$1
dir=$2
mkdir -p "$dir/complete" "$dir/doc"
"$bin" man >"$dir/doc/codedrill.1"
"$bin" completions bash >"$dir/complete/codedrill.bash"
"$bin" completions zsh >"$dir/complete/_codedrill"
"$bin" completions fish >"$dir/complete/codedrill.fish"
"$bin" completions powershell >"$dir/complete/_codedrill.ps1"
"$bin" completions elvish >"$dir/complete/codedrill.elv"
