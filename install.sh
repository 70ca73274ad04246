#!/bin/sh
# Installs codedrill on Linux or macOS: downloads the archive made for this computer, checks it against
# its published SHA-256 sum, and puts the program in ~/.local/bin (or the folder given with --to).
#
#   sh install.sh                     the latest release, into ~/.local/bin
#   sh install.sh --to /usr/local/bin another folder (it is made if missing)
#   sh install.sh --version 0.2.0     a given release
#
# CODEDRILL_DOWNLOAD_BASE replaces the address archives are fetched from: a web address or a file://
# folder holding codedrill-TARGET.tar.gz and codedrill-TARGET.tar.gz.sha256 (for a mirror, or to try
# this script without a network, as scripts/test-install.sh does).
set -eu

# The release workflow writes the repository's name here in the copy it publishes.
REPO="@REPOSITORY@"

say() { printf '%s\n' "$*"; }
fail() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

usage() {
    say "Usage: sh install.sh [--to DIR] [--version X.Y.Z]"
    say ""
    say "Installs codedrill into DIR (default: ~/.local/bin) from a release archive, after checking"
    say "its SHA-256 sum. Set CODEDRILL_DOWNLOAD_BASE to fetch the archive from elsewhere."
}

to="${HOME:?HOME is not set; give a folder with --to DIR}/.local/bin"
version=latest
while [ $# -gt 0 ]; do
    case "$1" in
        --to)
            [ $# -ge 2 ] || fail "--to needs a folder, as in --to ~/bin"
            to=$2
            shift 2
            ;;
        --version)
            [ $# -ge 2 ] || fail "--version needs a version, as in --version 0.2.0"
            version=${2#v}
            shift 2
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *) fail "unknown option '$1'; see sh install.sh --help" ;;
    esac
done

# The archive for this system and processor, named by Rust's target triple.
target_for_machine() {
    os=$(uname -s)
    arch=$(uname -m)
    case "$arch" in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) fail "there is no ready-made codedrill for $arch processors; build it from source (see the README)" ;;
    esac
    case "$os" in
        Linux) say "$arch-unknown-linux-musl" ;;
        Darwin)
            # A shell running under Rosetta reports x86_64 on an Apple processor: the native build is better.
            if [ "$arch" = x86_64 ] && [ "$(sysctl -n hw.optional.arm64 2>/dev/null || true)" = 1 ]; then
                arch=aarch64
            fi
            say "$arch-apple-darwin"
            ;;
        MINGW* | MSYS* | CYGWIN*) fail "on Windows, run install.ps1 in PowerShell instead" ;;
        *) fail "there is no ready-made codedrill for $os; build it from source (see the README)" ;;
    esac
}

download_base() {
    if [ -n "${CODEDRILL_DOWNLOAD_BASE:-}" ]; then
        say "${CODEDRILL_DOWNLOAD_BASE%/}"
    elif [ "$REPO" = "@REPOSITORY@" ]; then
        fail "this copy of install.sh does not say where codedrill is published; download install.sh from the releases page, or set CODEDRILL_DOWNLOAD_BASE"
    elif [ "$version" = latest ]; then
        say "https://github.com/$REPO/releases/latest/download"
    else
        say "https://github.com/$REPO/releases/download/v$version"
    fi
}

fetch() {
    if command -v curl >/dev/null 2>&1; then
        curl --proto '=https,file' --tlsv1.2 -fsSL "$1" -o "$2"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$2" "$1"
    else
        fail "neither curl nor wget is installed; install one of them and run this again"
    fi
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    else
        fail "cannot check the download: neither sha256sum nor shasum is installed"
    fi
}

target=$(target_for_machine)
base=$(download_base)
archive="codedrill-$target.tar.gz"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

say "Downloading codedrill for $target..."
fetch "$base/$archive" "$tmp/$archive" || fail "could not download $base/$archive; check your connection and try again"
fetch "$base/$archive.sha256" "$tmp/$archive.sha256" || fail "could not download the sum $base/$archive.sha256; try again"

expected=$(cut -d ' ' -f 1 <"$tmp/$archive.sha256")
actual=$(sha256_of "$tmp/$archive")
if [ "$expected" != "$actual" ]; then
    fail "the download does not match its published SHA-256 sum, so nothing was installed. Try again; if it happens again, the file was changed on the way"
fi
say "The download matches its SHA-256 sum."

mkdir "$tmp/unpacked"
tar -xzf "$tmp/$archive" -C "$tmp/unpacked" || fail "the archive could not be unpacked; try again"
binary=$(find "$tmp/unpacked" -type f -name codedrill | head -n 1)
[ -n "$binary" ] || fail "the archive holds no codedrill program; nothing was installed"

mkdir -p "$to" || fail "cannot make the folder $to; choose another with --to DIR"
# Copied beside the old one, then renamed over it: a codedrill that is running keeps working.
cp "$binary" "$to/.codedrill.new" || fail "cannot write to $to; choose another folder with --to DIR"
chmod 755 "$to/.codedrill.new"
mv -f "$to/.codedrill.new" "$to/codedrill"

installed=$("$to/codedrill" --version) || fail "$to/codedrill was installed but does not run on this computer"
say "Installed $installed in $to."
case ":$PATH:" in
    *":$to:"*) say "Start it with: codedrill" ;;
    *)
        say "$to is not on your PATH yet. Add this line to ~/.profile (or ~/.zshrc), then open a new terminal:"
        say "  export PATH=\"$to:\$PATH\""
        say "Until then, start it with: $to/codedrill"
        ;;
esac
