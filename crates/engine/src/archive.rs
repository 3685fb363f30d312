//! A project handed over as a zip archive (the page takes `migrations.zip` as it takes a
//! dropped folder): the files a project is made of, read from the archive's bytes.

use std::io::Read;

/// Files kept from a project: revision files, `env.py`, `alembic.ini`, `script.py.mako`.
pub(crate) fn wanted(path: &str) -> bool {
    const SKIP: &[&str] = &[
        ".git",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        "site-packages",
        "__MACOSX",
    ];
    let skipped = path.split('/').any(|part| SKIP.contains(&part));
    !skipped
        && [".py", ".ini", ".mako"]
            .iter()
            .any(|ext| path.ends_with(ext))
}

/// The largest file read (as for dropped folders) and the most read in all: an archive
/// that inflates to more is refused rather than exhausting the tab's memory.
const MAX_FILE: u64 = 2_000_000;
const MAX_TOTAL: u64 = 64_000_000;

/// What a zip archive holds of a project.
#[derive(Debug, Default)]
pub struct Archive {
    /// `[path, text]` in archive order.
    pub files: Vec<(String, String)>,
    /// Project files that could not be read, with why (`a.py (over 2 MB)`).
    pub left_out: Vec<String>,
}

/// The project files in a zip archive. Files that are not part of a project ([`wanted`])
/// are passed over; project files too large or not UTF-8 text are left out and named.
/// Entries are stored or deflated (what zip tools write); each one's size and CRC are
/// checked as it inflates.
pub fn project_files(bytes: &[u8]) -> Result<Archive, String> {
    let zip =
        rawzip::ZipArchive::from_slice(bytes).map_err(|e| format!("not a zip archive: {e}"))?;
    let mut out = Archive::default();
    let mut total = 0u64;
    for (i, entry) in zip.entries().enumerate() {
        let entry = entry.map_err(|e| format!("entry {i} of the archive: {e}"))?;
        // A name that is not valid UTF-8 cannot be a project file's.
        let Ok(path) = entry.file_path().try_normalize() else {
            continue;
        };
        let name = path.as_ref().replace('\\', "/");
        if entry.is_dir() || !wanted(&name) {
            continue;
        }
        let size = entry.uncompressed_size_hint();
        if size > MAX_FILE {
            out.left_out
                .push(format!("{name} (over {} MB)", MAX_FILE / 1_000_000));
            continue;
        }
        total += size;
        if total > MAX_TOTAL {
            return Err(format!(
                "the archive's project files inflate to more than {} MB",
                MAX_TOTAL / 1_000_000
            ));
        }
        let method = entry.compression_method();
        let data = zip
            .get_entry(entry.wayfinder())
            .map_err(|e| format!("{name}: {e}"))?;
        let mut text = String::new();
        // The declared size bounds what is read: an entry that inflates to more is cut
        // there, and fails its check.
        let read = if method == rawzip::CompressionMethod::STORE {
            data.verifying_reader(data.data())
                .take(MAX_FILE)
                .read_to_string(&mut text)
        } else if method == rawzip::CompressionMethod::DEFLATE {
            let inflate = flate2::read::DeflateDecoder::new(data.data());
            data.verifying_reader(inflate)
                .take(MAX_FILE)
                .read_to_string(&mut text)
        } else {
            out.left_out.push(format!(
                "{name} (compressed with {}, not deflate)",
                method.name().unwrap_or("an unknown method")
            ));
            continue;
        };
        if let Err(e) = read {
            let why = if e.kind() == std::io::ErrorKind::InvalidData && text.is_empty() {
                "not UTF-8 text".to_owned()
            } else {
                format!("damaged: {e}")
            };
            out.left_out.push(format!("{name} ({why})"));
            continue;
        }
        out.files.push((name, text));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_the_project_files_of_an_archive() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let deflated = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            w.add_directory("proj/migrations/", stored).unwrap();
            w.start_file("proj/migrations/env.py", deflated).unwrap();
            w.write_all(b"from alembic import context\n").unwrap();
            w.start_file("proj/alembic.ini", stored).unwrap();
            w.write_all(b"[alembic]\nscript_location = migrations\n")
                .unwrap();
            w.start_file("proj/migrations/__pycache__/x.py", deflated)
                .unwrap();
            w.write_all(b"junk").unwrap();
            w.start_file("proj/README.md", deflated).unwrap();
            w.write_all(b"# no").unwrap();
            w.start_file("proj/migrations/versions/bin.py", stored)
                .unwrap();
            w.write_all(&[0xff, 0xfe, 0x00]).unwrap();
            w.start_file("proj/migrations/versions/huge.py", deflated)
                .unwrap();
            w.write_all(&vec![b'#'; 2_000_001]).unwrap();
            w.finish().unwrap();
        }
        let archive = project_files(buf.get_ref()).unwrap();
        let paths: Vec<&str> = archive.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["proj/migrations/env.py", "proj/alembic.ini"]);
        assert_eq!(archive.files[0].1, "from alembic import context\n");
        assert_eq!(
            archive.left_out,
            [
                "proj/migrations/versions/bin.py (not UTF-8 text)",
                "proj/migrations/versions/huge.py (over 2 MB)"
            ]
        );
        assert!(project_files(b"PK nonsense").is_err());

        // An entry whose bytes do not match its CRC is left out as damaged.
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            w.start_file("proj/alembic.ini", stored).unwrap();
            w.write_all(b"[alembic]\nscript_location = migrations\n")
                .unwrap();
            w.finish().unwrap();
        }
        let mut bytes = buf.into_inner();
        let at = bytes.windows(9).position(|w| w == b"[alembic]").unwrap();
        bytes[at + 1] = b'A';
        let archive = project_files(&bytes).unwrap();
        assert!(archive.files.is_empty());
        assert!(
            archive.left_out[0].starts_with("proj/alembic.ini (damaged: "),
            "{:?}",
            archive.left_out
        );
    }
}
