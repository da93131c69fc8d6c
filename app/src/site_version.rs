//! Which build of the site the server serves: a fingerprint of the browser
//! bundles, read once at start. A wall TV compares it with the one it loaded
//! with and reloads itself when the server comes back with a new build.

use std::path::Path;

use sha2::{Digest, Sha256};

/// The first 16 hex digits of the SHA-256 of both bundles' script and WASM, or
/// `none` when they are missing (a server without `make site`).
pub fn site_version(site_root: &Path) -> String {
    let mut hasher = Sha256::new();
    let mut found = false;
    for name in [crate::OFFICE_BUNDLE, crate::FLOOR_BUNDLE] {
        for file in [format!("{name}.js"), format!("{name}_bg.wasm")] {
            if let Ok(bytes) = std::fs::read(site_root.join("pkg").join(file)) {
                hasher.update(&bytes);
                found = true;
            }
        }
    }
    if !found {
        return "none".to_string();
    }
    hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::site_version;

    #[test]
    fn the_version_follows_the_bundles_and_is_none_without_them() {
        let root = std::env::temp_dir().join(format!("floorcast-site-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        assert_eq!(site_version(&root), "none");
        std::fs::write(root.join("pkg").join("floorcast_bg.wasm"), b"one build").unwrap();
        let first = site_version(&root);
        assert_eq!(first.len(), 16);
        assert_eq!(site_version(&root), first, "the same bundles, the same version");
        std::fs::write(root.join("pkg").join("floorcast_bg.wasm"), b"another build").unwrap();
        assert_ne!(site_version(&root), first);
        std::fs::remove_dir_all(root).unwrap();
    }
}
