# Installs codedrill on Windows: downloads the archive, checks it against its published SHA-256 sum, and
# puts codedrill.exe in %LOCALAPPDATA%\Programs\codedrill (or the folder given with -To), which it adds to
# your PATH.
#
#   powershell -ExecutionPolicy Bypass -File install.ps1
#   powershell -ExecutionPolicy Bypass -File install.ps1 -To C:\Tools -Version 0.2.0
#
# CODEDRILL_DOWNLOAD_BASE replaces the address archives are fetched from: a web address, a file:// address
# or a folder holding codedrill-x86_64-pc-windows-msvc.zip and its .sha256 (for a mirror, or a test).
param(
    [string]$To = (Join-Path $env:LOCALAPPDATA 'Programs\codedrill'),
    [string]$Version = 'latest'
)
$ErrorActionPreference = 'Stop'
# The release workflow writes the repository's name here in the copy it publishes.
$Repo = '@REPOSITORY@'

function Fail([string]$Message) {
    Write-Host "error: $Message" -ForegroundColor Red
    exit 1
}

# One build serves 64-bit Windows on Intel and AMD, and on ARM through Windows' own emulation.
if (-not [Environment]::Is64BitOperatingSystem) {
    Fail 'there is no ready-made codedrill for 32-bit Windows; build it from source (see the README)'
}
$Target = 'x86_64-pc-windows-msvc'
$Archive = "codedrill-$Target.zip"

$Base = $env:CODEDRILL_DOWNLOAD_BASE
if (-not $Base) {
    if ($Repo -eq '@REPOSITORY@') {
        Fail 'this copy of install.ps1 does not say where codedrill is published; download it from the releases page, or set CODEDRILL_DOWNLOAD_BASE'
    } elseif ($Version -eq 'latest') {
        $Base = "https://github.com/$Repo/releases/latest/download"
    } else {
        $Base = "https://github.com/$Repo/releases/download/v$($Version.TrimStart('v'))"
    }
}
$Base = $Base.TrimEnd('/', '\')

# Copies a local file (a folder or a file:// address) or downloads a web one.
function Fetch([string]$Name, [string]$Destination) {
    if ($Base -match '^https://') {
        [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
        Invoke-WebRequest -Uri "$Base/$Name" -OutFile $Destination -UseBasicParsing
    } else {
        $Folder = if ($Base -match '^file://') { ([Uri]$Base).LocalPath } else { $Base }
        Copy-Item -LiteralPath (Join-Path $Folder $Name) -Destination $Destination
    }
}

$Temp = Join-Path ([IO.Path]::GetTempPath()) ("codedrill-install-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $Temp | Out-Null
try {
    Write-Host "Downloading codedrill for $Target..."
    try {
        Fetch $Archive (Join-Path $Temp $Archive)
        Fetch "$Archive.sha256" (Join-Path $Temp "$Archive.sha256")
    } catch {
        Fail "could not download $Base/$Archive; check your connection and try again"
    }
    $Expected = ((Get-Content (Join-Path $Temp "$Archive.sha256") -TotalCount 1) -split '\s+')[0].ToLower()
    $Actual = (Get-FileHash -Algorithm SHA256 (Join-Path $Temp $Archive)).Hash.ToLower()
    if ($Expected -ne $Actual) {
        Fail 'the download does not match its published SHA-256 sum, so nothing was installed. Try again; if it happens again, the file was changed on the way'
    }
    Write-Host 'The download matches its SHA-256 sum.'

    Expand-Archive -LiteralPath (Join-Path $Temp $Archive) -DestinationPath (Join-Path $Temp 'unpacked')
    $Exe = Get-ChildItem -Path (Join-Path $Temp 'unpacked') -Recurse -Filter 'codedrill.exe' | Select-Object -First 1
    if (-not $Exe) { Fail 'the archive holds no codedrill.exe; nothing was installed' }

    try {
        New-Item -ItemType Directory -Force -Path $To | Out-Null
        Copy-Item -LiteralPath $Exe.FullName -Destination (Join-Path $To 'codedrill.exe') -Force
    } catch {
        Fail "cannot write to $To (is codedrill running? close it first); or choose another folder with -To"
    }
    $Installed = & (Join-Path $To 'codedrill.exe') --version
    Write-Host "Installed $Installed in $To."

    $UserPath = [Environment]::GetEnvironmentVariable('Path', 'User')
    if (($UserPath -split ';') -notcontains $To) {
        [Environment]::SetEnvironmentVariable('Path', (@($UserPath, $To) | Where-Object { $_ }) -join ';', 'User')
        Write-Host "Added $To to your PATH: open a new terminal, then start it with: codedrill"
    } else {
        Write-Host 'Start it with: codedrill'
    }
} finally {
    Remove-Item -Recurse -Force -LiteralPath $Temp -ErrorAction SilentlyContinue
}
