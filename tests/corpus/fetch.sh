#!/usr/bin/env bash
# Fetch the Alembic revision-file test corpus from PyPI.
#
# For each row of manifest.tsv: download the exact pinned archive with pip,
# verify its sha256, extract ONLY the files matching `versions_glob` into
#   ${RETORT_TOOLS:-$HOME/.cache/retort}/corpus/<package>-<version>/
# (keeping their path inside the archive), check the file count, and write a
# `.done` stamp. Rows whose stamp exists are skipped, so a warm run is instant.
#
# Third-party files are never committed to this repository; they live only in
# the cache directory above.
#
# Environment:
#   RETORT_TOOLS          cache root (default: $HOME/.cache/retort)
#   RETORT_CORPUS_ONLY    optional comma-separated package names to fetch
#   PYTHON                python interpreter (default: python3); pip is run
#                         as "$PYTHON -m pip"
#
# Progress goes to stderr; one summary line goes to stdout.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MANIFEST="${RETORT_CORPUS_MANIFEST:-$HERE/manifest.tsv}"
DEST="${RETORT_TOOLS:-$HOME/.cache/retort}/corpus"
PY="${PYTHON:-python3}"
ONLY="${RETORT_CORPUS_ONLY:-}"

log() { printf 'corpus: %s\n' "$*" >&2; }

mkdir -p "$DEST"

TMPDIRS=()
cleanup() {
    local d
    for d in "${TMPDIRS[@]+"${TMPDIRS[@]}"}"; do
        rm -rf -- "$d"
    done
}
trap cleanup EXIT

# pip options that select exactly the pinned archive independent of the
# interpreter/platform running this script.
pip_select_args() {
    local kind="$1" filename="$2"
    if [[ "$kind" == sdist ]]; then
        printf '%s\n' --no-binary :all:
        return
    fi
    printf '%s\n' --only-binary :all:
    # Wheel name: {dist}-{ver}(-{build})?-{py}-{abi}-{plat}.whl
    local stem="${filename%.whl}"
    local plat="${stem##*-}"; stem="${stem%-*}"
    local abi="${stem##*-}"; stem="${stem%-*}"
    local pytag="${stem##*-}"
    local pyver="3.11"
    if [[ "$pytag" =~ ^cp([0-9])([0-9]+)$ ]]; then
        pyver="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
    fi
    printf '%s\n' --python-version "$pyver"
    if [[ "$plat" != any ]]; then
        local p
        IFS='.' read -r -a plats <<<"$plat"
        for p in "${plats[@]}"; do
            printf '%s\n' --platform "$p"
        done
        printf '%s\n' --implementation "${pytag:0:2}" --abi "${abi%%.*}"
    fi
}

# Verify sha256, extract matching members, print the number extracted.
extract() {
    "$PY" - "$@" <<'PYEOF'
import fnmatch, hashlib, os, posixpath, sys, tarfile, zipfile

archive, sha, glob, dest = sys.argv[1:5]

h = hashlib.sha256()
with open(archive, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
if h.hexdigest() != sha:
    sys.exit(f"sha256 mismatch for {archive}: got {h.hexdigest()}, want {sha}")

def wanted(name):
    return (fnmatch.fnmatchcase(name, glob)
            and name.endswith(".py")
            and posixpath.basename(name) != "__init__.py")

def safe(name):
    norm = posixpath.normpath(name)
    if norm.startswith("/") or norm == ".." or norm.startswith("../"):
        sys.exit(f"unsafe member path in {archive}: {name!r}")
    return norm

def write(name, data):
    path = os.path.join(dest, *safe(name).split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)

n = 0
if archive.endswith((".whl", ".zip")):
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            if not info.is_dir() and wanted(info.filename):
                write(info.filename, z.read(info))
                n += 1
else:
    with tarfile.open(archive) as t:
        for m in t.getmembers():
            if m.isfile() and wanted(m.name):
                write(m.name, t.extractfile(m).read())
                n += 1
print(n)
PYEOF
}

n_pkgs=0
n_files=0
n_fetched=0
while IFS=$'\t' read -r package version kind filename sha256 versions_glob count license; do
    [[ -z "$package" || "$package" == package || "$package" == \#* ]] && continue
    if [[ -n "$ONLY" && ",$ONLY," != *",$package,"* ]]; then
        continue
    fi
    dir="$DEST/$package-$version"
    if [[ -f "$dir/.done" ]] && [[ "$(cut -f3 "$dir/.done")" == "$sha256" ]]; then
        log "$package $version: cached ($count files)"
    else
        log "$package $version: downloading $filename"
        tmp="$(mktemp -d "$DEST/.tmp.XXXXXX")"
        TMPDIRS+=("$tmp")
        sel=()
        while IFS= read -r arg; do sel+=("$arg"); done < <(pip_select_args "$kind" "$filename")
        "$PY" -m pip download --no-deps --disable-pip-version-check \
            --ignore-requires-python -q "${sel[@]}" \
            -d "$tmp/dl" "$package==$version" 1>&2
        if [[ ! -f "$tmp/dl/$filename" ]]; then
            log "$package $version: expected $filename, pip fetched: $(ls "$tmp/dl" | tr '\n' ' ')"
            exit 1
        fi
        got="$(extract "$tmp/dl/$filename" "$sha256" "$versions_glob" "$tmp/out")"
        if [[ "$got" != "$count" ]]; then
            log "$package $version: extracted $got files, manifest says $count"
            exit 1
        fi
        printf '%s\t%s\t%s\t%s\n' "$package" "$version" "$sha256" "$count" >"$tmp/out/.done"
        rm -rf -- "$dir"
        mv -- "$tmp/out" "$dir"
        rm -rf -- "$tmp"
        n_fetched=$((n_fetched + 1))
        log "$package $version: extracted $count files"
    fi
    n_pkgs=$((n_pkgs + 1))
    n_files=$((n_files + count))
done <"$MANIFEST"

echo "corpus: $n_pkgs packages, $n_files revision files in $DEST ($n_fetched fetched, $((n_pkgs - n_fetched)) cached)"
