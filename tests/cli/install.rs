//! install.sh tried for real, offline: scripts/test-install.sh packages this build as a release archive,
//! serves it from a file:// folder and installs it into a temporary folder (see that script).

use std::path::Path;
use std::process::Command;

/// Whether a tool the script needs is on this machine.
fn has(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

#[test]
fn install_sh_installs_a_checked_archive_and_refuses_a_damaged_one() {
    if let Some(missing) = ["sh", "curl", "tar", "gzip"].into_iter().find(|t| !has(t)) {
        eprintln!("skipped: {missing} is not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("sh")
        .arg(root.join("scripts/test-install.sh"))
        .arg(env!("CARGO_BIN_EXE_codedrill"))
        .env_remove("CODEDRILL_DOWNLOAD_BASE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    if !stdout.starts_with("skipped") {
        assert_eq!(stdout, "install.sh: 8 passed, 0 failed\n", "{stderr}");
    }
}
