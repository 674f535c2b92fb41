//! Output files of one run, staged so that a run writes all of them or none (issue #16, output
//! integrity).
//!
//! - Each output goes to a temporary file beside its target (unique name `.headwind-*`, so concurrent
//!   runs into one folder never collide) and is renamed over the target only in
//!   [`Staged::commit`], after every output of the run was written; a run that fails or is dropped
//!   uncommitted removes its temporaries (and any output folder it created that stayed empty).
//! - Symbolic links are followed: the file a link points to is replaced and the link kept.
//! - Special files (devices such as /dev/null, FIFOs, sockets, anything under /dev or /proc such
//!   as /dev/stdout) are written in place, never replaced.
//! - New files get the usual mode 0666 minus the umask; a replaced regular file keeps its mode.
//! - Temporaries of every live stage are registered, so an interrupt handler can remove them
//!   ([`remove_pending`]; the binary calls it on SIGINT).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Temporaries of uncommitted stages, for [`remove_pending`].
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove every temporary a live stage has written (for an interrupt handler); returns how many.
pub fn remove_pending() -> usize {
    let mut p = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    let n = p.len();
    for path in p.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    n
}

fn register(p: &Path) {
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(p.to_path_buf());
}

fn unregister(p: &Path) {
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|x| x != p);
}

/// Where an output for `path` goes: the final target after following symbolic links (at most 16),
/// and whether it must be written in place (a special file, or a path through /dev or /proc).
pub fn resolve_target(path: &Path) -> Result<(PathBuf, bool)> {
    let mut p = path.to_path_buf();
    for _ in 0..16 {
        if p.starts_with("/dev") || p.starts_with("/proc") {
            // /dev/stdout -> /proc/self/fd/1 -> "pipe:[…]": the kernel resolves these on open.
            return Ok((p, true));
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p).map_err(|source| Error::Write {
                    path: path.to_path_buf(),
                    source,
                })?;
                p = if to.is_absolute() {
                    to
                } else {
                    p.parent().unwrap_or(Path::new(".")).join(to)
                };
            }
            Ok(m) => return Ok((p, !m.file_type().is_file())),
            Err(_) => return Ok((p, false)),
        }
    }
    Err(Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other("too many levels of symbolic links"),
    })
}

enum Item {
    /// A temporary to rename over `target` (with the mode to give it, if the target existed).
    Temp {
        tmp: tempfile::TempPath,
        target: PathBuf,
        mode: Option<std::fs::Permissions>,
    },
    /// Bytes to write in place into a special file.
    InPlace { target: PathBuf, bytes: Vec<u8> },
}

/// The outputs of one run, written to temporaries and committed together.
#[derive(Default)]
pub struct Staged {
    items: Vec<Item>,
    created_dirs: Vec<PathBuf>,
    committed: bool,
}

fn werr(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    // The error names the user's path, not the temporary's.
    move |e| Error::Write {
        path: path.to_path_buf(),
        source: match (e.raw_os_error(), e.kind()) {
            (Some(code), _) => std::io::Error::from_raw_os_error(code),
            (None, std::io::ErrorKind::NotFound) => std::io::Error::new(
                e.kind(),
                "no such file or directory (does the folder exist?)",
            ),
            (None, std::io::ErrorKind::PermissionDenied) => {
                std::io::Error::new(e.kind(), "permission denied")
            }
            (None, k) => std::io::Error::new(k, k.to_string()),
        },
    }
}

impl Staged {
    /// An empty stage.
    pub fn new() -> Staged {
        Staged::default()
    }

    /// Create `dir` (and its parents) for outputs; a folder this stage created is removed again if
    /// the stage is dropped uncommitted and the folder is empty.
    pub fn dir(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut d = Some(dir);
        while let Some(x) = d {
            if x.as_os_str().is_empty() || x.exists() {
                break;
            }
            missing.push(x.to_path_buf());
            d = x.parent();
        }
        std::fs::create_dir_all(dir).map_err(werr(dir))?;
        self.created_dirs.extend(missing);
        Ok(())
    }

    fn temp_beside(&mut self, path: &Path, target: &Path, ext: &str) -> Result<tempfile::TempPath> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let suffix = if ext.is_empty() {
            String::new()
        } else {
            format!(".{ext}")
        };
        let mut b = tempfile::Builder::new();
        b.prefix(".headwind-").suffix(&suffix);
        #[cfg(unix)]
        {
            // Created with 0666: the kernel applies the umask, as for any new file.
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let f = b.tempfile_in(dir).map_err(werr(path))?;
        let tmp = f.into_temp_path();
        register(&tmp);
        Ok(tmp)
    }

    fn existing_mode(target: &Path) -> Option<std::fs::Permissions> {
        std::fs::metadata(target)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.permissions())
    }

    /// Stage `bytes` for `path`.
    pub fn bytes(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let (target, in_place) = resolve_target(path)?;
        if in_place {
            self.items.push(Item::InPlace {
                target,
                bytes: bytes.to_vec(),
            });
            return Ok(());
        }
        let tmp = self.temp_beside(path, &target, "")?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&tmp)
            .map_err(werr(path))?;
        f.write_all(bytes).map_err(werr(path))?;
        f.sync_all().map_err(werr(path))?;
        let mode = Staged::existing_mode(&target);
        self.items.push(Item::Temp { tmp, target, mode });
        Ok(())
    }

    /// A temporary path (with extension `ext`) for the caller to write `path`'s contents to (e.g. a
    /// chart drawn by plotters); renamed over `path` at commit. Special targets are not accepted
    /// here (charts go to a folder).
    pub fn file(&mut self, path: &Path, ext: &str) -> Result<PathBuf> {
        let (target, in_place) = resolve_target(path)?;
        if in_place {
            return Err(Error::Write {
                path: path.to_path_buf(),
                source: std::io::Error::other("a chart must be written to a regular file"),
            });
        }
        let tmp = self.temp_beside(path, &target, ext)?;
        let p = tmp.to_path_buf();
        let mode = Staged::existing_mode(&target);
        self.items.push(Item::Temp { tmp, target, mode });
        Ok(p)
    }

    /// Rename every temporary over its target and write the special files in place.
    pub fn commit(mut self) -> Result<()> {
        for item in std::mem::take(&mut self.items) {
            match item {
                Item::Temp { tmp, target, mode } => {
                    if let Some(m) = mode {
                        let _ = std::fs::set_permissions(&tmp, m);
                    }
                    let p = tmp.to_path_buf();
                    tmp.persist(&target).map_err(|e| werr(&target)(e.error))?;
                    unregister(&p);
                }
                Item::InPlace { target, bytes } => {
                    let mut f = std::fs::OpenOptions::new()
                        .write(true)
                        .open(&target)
                        .map_err(werr(&target))?;
                    f.write_all(&bytes)
                        .and_then(|_| f.flush())
                        .map_err(werr(&target))?;
                }
            }
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for item in self.items.drain(..) {
            if let Item::Temp { tmp, .. } = item {
                unregister(&tmp);
                drop(tmp);
            }
        }
        if !self.committed {
            for d in self.created_dirs.iter() {
                let _ = std::fs::remove_dir(d);
            }
        }
    }
}

thread_local! {
    /// The stage of the run in progress on this thread ([`begin`]), if any.
    static ACTIVE: std::cell::RefCell<Option<Staged>> = const { std::cell::RefCell::new(None) };
}

/// Start staging this thread's outputs: [`write_one`], [`produce`] and [`make_dir`] add to one
/// stage until [`end`] commits it (or drops it, on failure).
pub fn begin() {
    ACTIVE.with(|a| *a.borrow_mut() = Some(Staged::new()));
}

/// End the stage [`begin`] started: commit every output when `ok`, else remove them all.
pub fn end(ok: bool) -> Result<()> {
    match ACTIVE.with(|a| a.borrow_mut().take()) {
        Some(s) if ok => s.commit(),
        _ => Ok(()),
    }
}

fn with_active<R>(f: impl FnOnce(&mut Staged) -> R) -> Option<R> {
    ACTIVE.with(|a| a.borrow_mut().as_mut().map(f))
}

/// Write `bytes` to `path`: into the active stage if there is one, else on its own
/// ([`Staged::bytes`] then [`Staged::commit`]).
pub fn write_one(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(r) = with_active(|s| s.bytes(path, bytes)) {
        return r;
    }
    let mut s = Staged::new();
    s.bytes(path, bytes)?;
    s.commit()
}

/// Produce `target` by letting `write` fill a temporary path (extension `ext`): staged with the
/// active stage, or committed at once without one.
pub fn produce(target: &Path, ext: &str, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    if let Some(tmp) = with_active(|s| s.file(target, ext)) {
        return write(&tmp?);
    }
    let mut s = Staged::new();
    let tmp = s.file(target, ext)?;
    write(&tmp)?;
    s.commit()
}

/// Create an output folder (with the active stage: removed again if the run fails and it is empty).
pub fn make_dir(dir: &Path) -> Result<()> {
    if let Some(r) = with_active(|s| s.dir(dir)) {
        return r;
    }
    std::fs::create_dir_all(dir).map_err(werr(dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_stage_writes_all_or_nothing_follows_links_and_keeps_modes() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("a.txt");
        let sub = d.path().join("new").join("charts");
        {
            let mut s = Staged::new();
            s.dir(&sub).unwrap();
            s.bytes(&a, b"one").unwrap();
            let _chart = s.file(&sub.join("fan.png"), "png").unwrap();
            // Dropped uncommitted: nothing is left, not even the folders it made.
        }
        assert!(!a.exists() && !d.path().join("new").exists());
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
        // A link keeps pointing at its target, whose contents change; the mode is kept.
        let target = d.path().join("target.txt");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = d.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_one(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o640
        );
        // Special files are written in place.
        let (t, in_place) = resolve_target(Path::new("/dev/null")).unwrap();
        assert!(in_place && t == Path::new("/dev/null"));
        write_one(Path::new("/dev/null"), b"x").unwrap();
        assert!(!std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_file());
    }
}
