//! What the crate's tests share: the repository's fixtures.

/// Every `.md` file below `dir`, recursively.
pub(crate) fn markdown_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Every fixture of the repository that decodes, with its path, in path order.
pub(crate) fn fixtures() -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    markdown_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 100, "{} fixtures", files.len());
    files
        .into_iter()
        .filter_map(|file| {
            let bytes = std::fs::read(&file).ok()?;
            let text = crate::decode(&bytes, usize::MAX).ok()?;
            Some((file, text.to_string()))
        })
        .collect()
}
