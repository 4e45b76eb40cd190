//! The output folder of a command (`hearken run`, `hearken publish`): written whole beside
//! `--out`, then swapped in.
//!
//! Protocol, for `--out OUT`:
//! - `OUT` must be a folder or not exist: a file or a symbolic link is refused, and so is a
//!   folder that holds one of the inputs (the run would replace it).
//! - The files hearken owns in `OUT` are the ones the `outputs` list of `OUT/manifest.json`
//!   names (plus `manifest.json` itself). Any other file is the user's: it is never overwritten,
//!   moved out of `OUT` for good or deleted; if it has the name of an output (`report.md`), the
//!   run is refused before any work.
//! - Everything is written into a fresh sibling folder `.OUT.hearken-new-PID-N`, created anew
//!   (never through a symbolic link). A failed run removes it; a killed one leaves it for the
//!   next run to remove.
//! - At the end the new folder and `OUT` change places in one step where the system allows
//!   (Linux `renameat2(RENAME_EXCHANGE)`), otherwise by two renames with the old folder kept as
//!   `.OUT.hearken-old-PID-N` until the new one is in place. The user's files are then moved
//!   from the old folder into the new `OUT`, and the old folder's outputs are deleted. A run
//!   stopped part-way through this is finished by the next run.
//!
//! So `OUT` always holds either the complete previous run or the complete new one.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Name of the run manifest inside the output folder.
pub const MANIFEST: &str = "manifest.json";

/// What `hearken run` writes into its output folder (the index is the folder `index/`).
pub const RUN_OUTPUTS: &[&str] = &[
    "campaigns.csv",
    "coded.csv",
    "index",
    MANIFEST,
    "report.html",
    "report.md",
    "summary.json",
    "themes.csv",
];

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Why the output folder cannot be used or finished.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// `--out` names something that is not a folder.
    #[error("--out {}: {reason}", path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
        /// What it is instead.
        reason: &'static str,
    },
    /// A file in the folder has an output's name but was not written by hearken.
    #[error("{}: this file was not written by hearken, and hearken will not overwrite it; move it away or choose another --out", path.display())]
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// The folder holds one of the inputs.
    #[error("--out {} holds the input {}; hearken will not write into a folder that holds its inputs: choose another --out", out.display(), input.display())]
    HoldsInput {
        /// The output folder.
        out: PathBuf,
        /// The input inside it.
        input: PathBuf,
    },
    /// A file operation failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: io::Error,
    },
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io {
        action,
        path,
        source,
    }
}

/// What `hearken publish` writes into its output folder.
pub const PUBLISH_OUTPUTS: &[&str] = &[MANIFEST, "redactions.csv", "responses.csv"];

/// An output folder being written; see the module documentation.
#[derive(Debug)]
pub struct OutputDir {
    out: PathBuf,
    /// What the command writes (see [`RUN_OUTPUTS`]).
    outputs: &'static [&'static str],
    parent: PathBuf,
    name: String,
    new: PathBuf,
    committed: bool,
}

#[derive(Deserialize)]
struct OwnedList {
    #[serde(default)]
    hearken_version: Option<String>,
    #[serde(default)]
    outputs: Option<Vec<String>>,
}

/// The names (top-level entries) hearken owns in a finished output folder, from its manifest;
/// `outputs` for a folder written before manifests listed them.
pub fn owned(dir: &Path, outputs: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Ok(bytes) = fs::read(dir.join(MANIFEST)) else {
        return out;
    };
    let Ok(list) = serde_json::from_slice::<OwnedList>(&bytes) else {
        return out;
    };
    match list.outputs {
        Some(names) => out.extend(
            names
                .into_iter()
                .map(|n| n.trim_end_matches('/').to_string()),
        ),
        // A folder written before the list existed: the standard outputs.
        None if list.hearken_version.is_some() => out.extend(outputs.iter().map(|s| s.to_string())),
        None => return out,
    }
    out.insert(MANIFEST.to_string());
    out
}

impl OutputDir {
    /// Checks `out` (see the module documentation), finishes what an interrupted run left, and
    /// creates the fresh folder to write into; `outputs` are the names the command writes.
    pub fn prepare(
        out: &Path,
        inputs: &[PathBuf],
        outputs: &'static [&'static str],
    ) -> Result<OutputDir, OutputError> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or(OutputError::NotAFolder {
                path: out.to_path_buf(),
                reason: "needs a folder name (not `/`, `.` or `..`)",
            })?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io_err("create the folder", &parent))?;
        recover(&parent, &name, out, outputs)?;
        match fs::symlink_metadata(out) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(OutputError::NotAFolder {
                    path: out.to_path_buf(),
                    reason: "is a symbolic link; give the folder it points to",
                })
            }
            Ok(m) if !m.is_dir() => {
                return Err(OutputError::NotAFolder {
                    path: out.to_path_buf(),
                    reason: "is a file, not a folder; give a folder (it is created if missing)",
                })
            }
            Ok(_) => check_existing(out, inputs, outputs)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err("read", out)(e)),
        }
        let new = loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let candidate = parent.join(format!(".{name}.hearken-new-{}-{n}", std::process::id()));
            match fs::create_dir(&candidate) {
                Ok(()) => break candidate,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_err("create the folder", &candidate)(e)),
            }
        };
        Ok(OutputDir {
            out: out.to_path_buf(),
            outputs,
            parent,
            name,
            new,
            committed: false,
        })
    }

    /// The folder to write every output into until [`OutputDir::commit`].
    pub fn dir(&self) -> &Path {
        &self.new
    }

    /// The final folder (`--out`).
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Swaps the new folder into place, carries the user's files over and removes the previous
    /// outputs.
    pub fn commit(mut self) -> Result<(), OutputError> {
        sync_dir(&self.new);
        if fs::symlink_metadata(&self.out).is_err() {
            fs::rename(&self.new, &self.out).map_err(io_err("move into place", &self.new))?;
            self.committed = true;
            sync_dir(&self.parent);
            return Ok(());
        }
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let old = self.parent.join(format!(
            ".{}.hearken-old-{}-{n}",
            self.name,
            std::process::id()
        ));
        if exchange(&self.new, &self.out).is_ok() {
            // The new outputs are in place; the previous folder now sits where the new one was.
            fs::rename(&self.new, &old).map_err(io_err("move aside", &self.new))?;
        } else {
            fs::rename(&self.out, &old).map_err(io_err("move aside", &self.out))?;
            if let Err(e) = fs::rename(&self.new, &self.out) {
                let _ = fs::rename(&old, &self.out);
                return Err(io_err("move into place", &self.new)(e));
            }
        }
        self.committed = true;
        sync_dir(&self.parent);
        settle_old(&old, &self.out, self.outputs)
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            // A failed run leaves nothing behind; the folder is hearken's own.
            let _ = fs::remove_dir_all(&self.new);
        }
    }
}

/// Refuses a folder whose user files would be overwritten, or that holds an input.
fn check_existing(out: &Path, inputs: &[PathBuf], outputs: &[&str]) -> Result<(), OutputError> {
    let out_real = fs::canonicalize(out).map_err(io_err("read", out))?;
    for input in inputs {
        if let Ok(real) = fs::canonicalize(input) {
            if real.starts_with(&out_real) {
                return Err(OutputError::HoldsInput {
                    out: out.to_path_buf(),
                    input: input.clone(),
                });
            }
        }
    }
    let mine = owned(out, outputs);
    for name in outputs {
        let path = out.join(name);
        if fs::symlink_metadata(&path).is_ok() && !mine.contains(*name) {
            return Err(OutputError::Foreign { path });
        }
    }
    Ok(())
}

/// Moves the user's files from a replaced folder into `out`, then deletes the replaced outputs
/// and the folder (left in place if anything unexpected remains).
fn settle_old(old: &Path, out: &Path, outputs: &[&str]) -> Result<(), OutputError> {
    let mine = owned(old, outputs);
    let entries = fs::read_dir(old).map_err(io_err("read", old))?;
    for entry in entries {
        let entry = entry.map_err(io_err("read", old))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if mine.contains(&name) {
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            let removed = if is_dir {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.map_err(io_err("remove the previous output", &path))?;
        } else {
            let target = out.join(&name);
            if fs::symlink_metadata(&target).is_err() {
                fs::rename(&path, &target).map_err(io_err("move back", &path))?;
            }
        }
    }
    // Fails (and is left) only if something could not be moved back.
    let _ = fs::remove_dir(old);
    Ok(())
}

/// Finishes what an interrupted run left beside `out`: removes new folders of processes that
/// are gone; puts an old folder back when `out` is missing, or settles it.
fn recover(parent: &Path, name: &str, out: &Path, outputs: &[&str]) -> Result<(), OutputError> {
    let new_prefix = format!(".{name}.hearken-new-");
    let old_prefix = format!(".{name}.hearken-old-");
    let mut olds = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if !is_dir {
            continue;
        }
        if let Some(rest) = file_name.strip_prefix(&new_prefix) {
            if !process_alive(rest) {
                let _ = fs::remove_dir_all(entry.path());
            }
        } else if let Some(rest) = file_name.strip_prefix(&old_prefix) {
            if !process_alive(rest) {
                olds.push(entry.path());
            }
        }
    }
    olds.sort();
    for old in olds {
        if fs::symlink_metadata(out).is_err() {
            fs::rename(&old, out).map_err(io_err("restore the previous run", &old))?;
        } else {
            settle_old(&old, out, outputs)?;
        }
    }
    Ok(())
}

/// Whether the process named in a `PID-N` suffix is still running (Linux: `/proc/PID`).
fn process_alive(suffix: &str) -> bool {
    let Some(pid) = suffix.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    if pid == std::process::id() {
        return true;
    }
    let proc_dir = Path::new("/proc");
    proc_dir.is_dir() && proc_dir.join(pid.to_string()).is_dir()
}

/// Swaps two folders in one step (Linux); `Err` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Swaps two folders in one step (Linux); `Err` where the system cannot.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Flushes a directory's entries to disk where the platform allows it (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(dir: &Path, outputs: &[&str]) {
        let list: Vec<String> = outputs.iter().map(|s| s.to_string()).collect();
        fs::write(
            dir.join(MANIFEST),
            serde_json::json!({"hearken_version": "0", "outputs": list}).to_string(),
        )
        .unwrap();
    }

    #[test]
    fn new_folder_is_swapped_in_and_user_files_survive() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("report.md"), "old report").unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        manifest(&out, &["report.md"]);
        let dir = OutputDir::prepare(&out, &[], RUN_OUTPUTS).unwrap();
        fs::write(dir.dir().join("report.md"), "new report").unwrap();
        manifest(dir.dir(), &["report.md"]);
        dir.commit().unwrap();
        assert_eq!(
            fs::read_to_string(out.join("report.md")).unwrap(),
            "new report"
        );
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "only out/ remains: {left:?}");
    }

    #[test]
    fn refuses_files_it_did_not_write_inputs_and_non_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("report.md"), "the user's own").unwrap();
        let err = OutputDir::prepare(&out, &[], RUN_OUTPUTS)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("report.md: this file was not written by hearken"),
            "{err}"
        );
        fs::remove_file(out.join("report.md")).unwrap();
        fs::write(out.join("survey.csv"), "id,text\n").unwrap();
        let err = OutputDir::prepare(&out, &[out.join("survey.csv")], RUN_OUTPUTS)
            .unwrap_err()
            .to_string();
        assert!(err.contains("holds the input"), "{err}");
        let file = tmp.path().join("file");
        fs::write(&file, "x").unwrap();
        let err = OutputDir::prepare(&file, &[], RUN_OUTPUTS)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is a file, not a folder"), "{err}");
    }

    #[test]
    fn a_failed_run_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let dir = OutputDir::prepare(&out, &[], RUN_OUTPUTS).unwrap();
        fs::write(dir.dir().join("coded.csv"), "partial").unwrap();
        drop(dir);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }
}
