//! Share links: a project's files and a target revision in a URL fragment, so that a
//! reviewer opening the link sees the same revisions at the same place, with no server.
//!
//! Format (version 1): the files as `path NUL text NUL ...`, then `NUL rev`; deflated
//! (miniz_oxide, level 9) and base64url-encoded without padding, after a `1.` version
//! prefix: `https://host/#s=1.<payload>`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::files::ProjectFiles;

/// Fragments longer than this do not survive every chat tool and browser; the page offers a
/// file instead.
pub const MAX_FRAGMENT: usize = 60_000;

/// What a link carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub files: ProjectFiles,
    /// The revision to open the project at (`None`: base).
    pub revision: Option<String>,
}

/// The fragment (without `#`) for `files` at `revision`.
pub fn encode(files: &ProjectFiles, revision: Option<&str>) -> String {
    let mut raw = Vec::new();
    for path in files.paths() {
        raw.extend_from_slice(path.as_bytes());
        raw.push(0);
        raw.extend_from_slice(files.get(path).unwrap_or_default().as_bytes());
        raw.push(0);
    }
    raw.push(0);
    raw.extend_from_slice(revision.unwrap_or_default().as_bytes());
    let packed = miniz_oxide::deflate::compress_to_vec(&raw, 9);
    format!("s=1.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Reads a fragment made by [`encode`] (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Shared, String> {
    let bad = |why: &str| format!("this share link is damaged ({why}); ask for a new one");
    let payload = fragment
        .trim_start_matches('#')
        .strip_prefix("s=")
        .ok_or_else(|| bad("no s= part"))?;
    if payload.is_empty() {
        return Err(bad("nothing after #s=: the link was cut short"));
    }
    // A version other than ours ("2.") is a newer Retort's; anything else is damage.
    let payload = match payload.split_once('.') {
        Some(("1", rest)) => rest,
        Some((v, _)) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
            return Err("this share link was made by a newer Retort; reload the page".to_owned());
        }
        _ => return Err(bad("no version")),
    };
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| bad("not base64url"))?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 64 << 20)
        .map_err(|_| bad("does not inflate"))?;
    let text = String::from_utf8(raw).map_err(|_| bad("not UTF-8"))?;
    let (body, revision) = text
        .rsplit_once("\0\0")
        .unwrap_or(("", text.trim_start_matches('\0')));
    let mut files = ProjectFiles::new();
    let parts: Vec<&str> = if body.is_empty() {
        Vec::new()
    } else {
        body.split('\0').collect()
    };
    if !parts.len().is_multiple_of(2) {
        return Err(bad("odd number of parts"));
    }
    for pair in parts.chunks(2) {
        files.insert(pair[0], pair[1]);
    }
    Ok(Shared {
        files,
        revision: (!revision.is_empty()).then(|| revision.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_files_and_revision() {
        let mut files = ProjectFiles::new();
        files.insert("alembic.ini", "[alembic]\nscript_location = migrations\n");
        files.insert(
            "migrations/versions/a_x.py",
            "revision = 'a'\ndown_revision = None\n# é ✓\n",
        );
        for rev in [Some("a"), None] {
            let f = encode(&files, rev);
            assert!(f.starts_with("s=1."));
            assert!(
                f.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.=".contains(&b))
            );
            let back = decode(&format!("#{f}")).unwrap();
            assert_eq!(back.files, files);
            assert_eq!(back.revision.as_deref(), rev);
        }
        assert!(decode("s=1.!!!").unwrap_err().contains("damaged"));
        assert!(decode("s=2.abc").unwrap_err().contains("newer"));
        assert!(decode("#s=").unwrap_err().contains("cut short"));
        assert!(decode("#s=abc").unwrap_err().contains("no version"));
    }

    /// A link made by Retort 0.1 (`retort share --rev a`, format 1) keeps opening: a later
    /// format must still read this one (docs/sharing.md).
    #[test]
    fn a_link_of_format_1_still_opens() {
        const MADE_BY_0_1: &str = "#s=1.ZYw7DsMwDEM16xTe0i7pXqBX6AWKwlBttRCQ2IaV5nP7fDwkQDg9kiCp4fYjrpYg8KJi3qguS-psEx11EoN5mFZ-eWNF2PnWc9YNyI51miBzL1oWFVXo4xDsIXvGwIiev-aflg_Pl-sdzaJEqqVYJ-cKgGY";
        let shared = decode(MADE_BY_0_1).unwrap();
        assert_eq!(shared.revision.as_deref(), Some("a"));
        assert_eq!(
            shared.files.paths().collect::<Vec<_>>(),
            ["alembic.ini", "migrations/versions/a_x.py"]
        );
        assert_eq!(
            shared.files.get("migrations/versions/a_x.py"),
            Some(
                "revision = 'a'\ndown_revision = None\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n"
            )
        );
    }
}
