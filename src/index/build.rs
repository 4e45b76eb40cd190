//! Building an index: schema, multithreaded writer, one commit, atomic swap into place.
//!
//! Directory protocol, for a final directory `out/index`:
//! - the build writes into `out/.index.building-<pid>-<n>`; a crash leaves `out/index` untouched;
//! - once committed (and `hearken-index.json` written and synced), `out/index` is renamed to
//!   `out/.index.old-<pid>-<n>`, the new directory is renamed to `out/index`, the old one removed.
//!
//! Every directory that is ever named `out/index` is complete. A kill between the two renames
//! leaves no `out/index` but a complete `.index.old-*`; the next build (or [`super::open`])
//! puts it back. Stale `.building-*` directories of dead processes are removed by the next build.

use super::manifest::{Manifest, MANIFEST_FILE};
use super::schema::{sort_key, Fields};
use super::{io_err, tv_err, IndexError, IndexLayout};
use crate::model::{CodedBatch, Coding, Respondent};
use crate::provenance::Provenance;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use tantivy::schema::Facet;
use tantivy::{Index, IndexWriter, TantivyDocument};

/// A memory budget suited to a small machine: 128 MB shared by the indexing threads.
pub const DEFAULT_MEMORY_BUDGET: usize = 128 << 20;

/// Smallest budget tantivy accepts per indexing thread (15 MB).
const MIN_BUDGET_PER_THREAD: usize = 15_000_000;
/// Largest budget tantivy accepts per indexing thread (just under 4 GB).
const MAX_BUDGET_PER_THREAD: usize = 4_000_000_000;

/// Distinguishes several builds started by one process.
static BUILD_COUNTER: AtomicU64 = AtomicU64::new(0);

/// What a finished build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexStats {
    /// Documents indexed (respondent x answered question).
    pub documents: u64,
    /// Respondents with at least one answer indexed.
    pub respondents: u64,
    /// The final index directory.
    pub dir: PathBuf,
}

/// Writes one index; see the module documentation for how it reaches its final directory.
/// Dropping a builder without [`IndexBuilder::commit`] removes its temporary directory and leaves
/// the previous index in place.
pub struct IndexBuilder {
    final_dir: PathBuf,
    tmp_dir: PathBuf,
    writer: Option<IndexWriter>,
    index: Option<Index>,
    fields: Fields,
    layout: IndexLayout,
    documents: u64,
    respondents: u64,
    campaigns: BTreeMap<u32, u32>,
}

impl IndexBuilder {
    /// Starts a build whose result will replace `final_dir`. Cleans up what an interrupted
    /// earlier build left next to it. `memory_budget` is shared by the indexing threads (at most
    /// two); it is raised to tantivy's minimum when smaller.
    pub fn create(
        final_dir: &Path,
        layout: &IndexLayout,
        memory_budget: usize,
    ) -> Result<Self, IndexError> {
        let (parent, name) = split_dir(final_dir)?;
        fs::create_dir_all(&parent).map_err(io_err("create directory", &parent))?;
        recover(&parent, &name, final_dir)?;
        refuse_foreign(final_dir)?;

        let n = BUILD_COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp_dir = parent.join(format!(".{name}.building-{}-{n}", std::process::id()));
        if tmp_dir.exists() {
            fs::remove_dir_all(&tmp_dir).map_err(io_err("remove", &tmp_dir))?;
        }
        fs::create_dir(&tmp_dir).map_err(io_err("create directory", &tmp_dir))?;

        let result = (|| {
            let (schema, fields) = Fields::build();
            let index = Index::create_in_dir(&tmp_dir, schema).map_err(tv_err(&tmp_dir))?;
            index
                .tokenizers()
                .register(super::analyzer::EN_STEM, super::analyzer::en_stem());
            let threads = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .clamp(1, 2);
            let budget = memory_budget.clamp(
                threads * MIN_BUDGET_PER_THREAD,
                threads * MAX_BUDGET_PER_THREAD,
            );
            let writer: IndexWriter = index
                .writer_with_num_threads(threads, budget)
                .map_err(tv_err(&tmp_dir))?;
            writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
            Ok((index, writer, fields))
        })();
        let (index, writer, fields) = match result {
            Ok(parts) => parts,
            Err(e) => {
                let _ = fs::remove_dir_all(&tmp_dir);
                return Err(e);
            }
        };
        Ok(IndexBuilder {
            final_dir: final_dir.to_path_buf(),
            tmp_dir,
            writer: Some(writer),
            index: Some(index),
            fields,
            layout: layout.clone(),
            documents: 0,
            respondents: 0,
            campaigns: BTreeMap::new(),
        })
    }

    /// The temporary directory the build writes into until it is committed.
    pub fn building_dir(&self) -> &Path {
        &self.tmp_dir
    }

    /// Adds every respondent of a coded batch (see [`IndexBuilder::add`]).
    pub fn add_batch(&mut self, batch: &CodedBatch) -> Result<(), IndexError> {
        for (r, codings) in batch.by_respondent() {
            self.add(r, codings, None)?;
        }
        Ok(())
    }

    /// Adds one document per answered question of `r`. `codings` are this respondent's codings
    /// (any order; an answer without one is indexed without themes); `campaign` is the id of
    /// the campaign the respondent's answers belong to, if already known (see
    /// [`IndexBuilder::set_campaigns`]).
    pub fn add(
        &mut self,
        r: &Respondent,
        codings: &[Coding],
        campaign: Option<u32>,
    ) -> Result<(), IndexError> {
        let layout_err = |reason: String| IndexError::Layout {
            id: r.id.clone(),
            row: r.row,
            reason,
        };
        if r.answers.len() > self.layout.questions.len() {
            return Err(layout_err(format!(
                "{} answers but the index has {} questions",
                r.answers.len(),
                self.layout.questions.len()
            )));
        }
        if r.attributes.len() > self.layout.attributes.len() {
            return Err(layout_err(format!(
                "{} attribute values but the index has {} attribute columns",
                r.attributes.len(),
                self.layout.attributes.len()
            )));
        }
        if let Some(c) = codings.iter().find(|c| c.respondent != r.seq) {
            return Err(layout_err(format!(
                "given a coding of respondent {} for respondent {}",
                c.respondent, r.seq
            )));
        }
        let Some(writer) = self.writer.as_ref() else {
            return Err(layout_err(
                "the index was already written (flushed or committed)".to_string(),
            ));
        };
        let f = self.fields;
        let mut added = false;
        for (qi, answer) in r.answers.iter().enumerate() {
            let Some(text) = answer.as_deref().filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            let question = &self.layout.questions[qi];
            let mut doc = TantivyDocument::new();
            doc.add_text(f.text, text);
            doc.add_text(f.id, &r.id);
            doc.add_text(f.sort_key, sort_key(&r.id, qi));
            doc.add_text(f.question, &question.id);
            doc.add_text(f.question_text, &question.text);
            for (name, value) in self.layout.attributes.iter().zip(&r.attributes) {
                if !value.trim().is_empty() {
                    doc.add_facet(f.attr, attr_facet(name, value));
                }
            }
            if let Some(coding) = codings.iter().find(|c| usize::from(c.question) == qi) {
                let frame = &self.layout.frame;
                for t in &coding.themes {
                    doc.add_facet(f.theme, Facet::from_path([clean(frame.theme_id(t.theme))]));
                }
                for &p in &coding.priorities {
                    doc.add_facet(f.priority, Facet::from_path([clean(frame.priority_id(p))]));
                }
            }
            doc.add_text(f.consent, r.consent.name());
            doc.add_bool(f.publishable, r.consent.publishable());
            doc.add_u64(f.row, r.row);
            doc.add_u64(f.seq, u64::from(r.seq));
            doc.add_u64(f.order, u64::from(r.seq) << 16 | qi as u64);
            writer.add_document(doc).map_err(tv_err(&self.tmp_dir))?;
            self.documents += 1;
            added = true;
        }
        if added {
            self.respondents += 1;
            if let Some(c) = campaign {
                self.campaigns.insert(r.seq, c);
            }
        }
        Ok(())
    }

    /// Records the campaign of each respondent (`seq` -> campaign id), for campaigns found after
    /// the answers were added; stored with the index at commit.
    pub fn set_campaigns(&mut self, member_of: &BTreeMap<u32, u32>) {
        self.campaigns
            .extend(member_of.iter().map(|(&seq, &id)| (seq, id)));
    }

    /// Writes every added document to the building directory (one tantivy commit) and stops the
    /// writer; no document can be added afterwards. It can run while campaigns are still being
    /// found: [`IndexBuilder::commit`] then only records them and swaps the index into place.
    pub fn flush(&mut self) -> Result<(), IndexError> {
        let Some(mut writer) = self.writer.take() else {
            return Ok(());
        };
        writer.commit().map_err(tv_err(&self.tmp_dir))?;
        // Merges write into the directory: they must finish before it is renamed.
        writer
            .wait_merging_threads()
            .map_err(tv_err(&self.tmp_dir))?;
        self.index = None;
        Ok(())
    }

    /// Flushes (if not yet done), records `provenance` and the campaigns in
    /// `hearken-index.json`, then swaps the new index into the final directory.
    pub fn commit(mut self, provenance: &Provenance) -> Result<IndexStats, IndexError> {
        self.flush()?;
        Manifest::new(
            &self.layout,
            provenance,
            self.documents,
            self.respondents,
            std::mem::take(&mut self.campaigns),
        )
        .write(&self.tmp_dir)?;
        sync_dir(&self.tmp_dir);
        swap_into_place(&self.tmp_dir, &self.final_dir)?;
        Ok(IndexStats {
            documents: self.documents,
            respondents: self.respondents,
            dir: self.final_dir.clone(),
        })
    }
}

impl Drop for IndexBuilder {
    fn drop(&mut self) {
        // Not committed (or the swap failed): stop the writer threads, then remove the partial
        // build. After a successful swap the temporary directory no longer exists.
        if let Some(writer) = self.writer.take() {
            drop(writer);
        }
        self.index = None;
        if self.tmp_dir.exists() {
            let _ = fs::remove_dir_all(&self.tmp_dir);
        }
    }
}

/// The facet of one attribute value: `/<column>/<value>`.
pub(crate) fn attr_facet(name: &str, value: &str) -> Facet {
    Facet::from_path([clean(name), clean(value.trim())])
}

/// Facet path steps cannot hold the separator byte tantivy uses internally.
fn clean(step: &str) -> String {
    step.replace('\u{0}', " ")
}

/// The parent directory and the file name of `final_dir`.
fn split_dir(final_dir: &Path) -> Result<(PathBuf, String), IndexError> {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| IndexError::Invalid {
            dir: final_dir.to_path_buf(),
            reason: "an index directory needs a name (not `/` or `..`)".to_string(),
        })?;
    let parent = match final_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// A directory that holds files but no manifest is not ours to replace.
fn refuse_foreign(final_dir: &Path) -> Result<(), IndexError> {
    if !final_dir.exists() {
        return Ok(());
    }
    if !final_dir.is_dir() {
        return Err(IndexError::Invalid {
            dir: final_dir.to_path_buf(),
            reason: "it exists and is not a directory; remove it or choose another output"
                .to_string(),
        });
    }
    let empty = fs::read_dir(final_dir)
        .map_err(io_err("read directory", final_dir))?
        .next()
        .is_none();
    if empty || final_dir.join(MANIFEST_FILE).is_file() {
        return Ok(());
    }
    Err(IndexError::Invalid {
        dir: final_dir.to_path_buf(),
        reason: format!(
            "it exists and holds no {MANIFEST_FILE}; hearken will not replace it (remove it or choose another output)"
        ),
    })
}

/// Leftovers of interrupted builds next to `final_dir`, found by name.
struct Leftovers {
    /// `.NAME.building-PID-N` directories whose process is gone.
    stale_builds: Vec<PathBuf>,
    /// `.NAME.old-PID-N` directories: complete indexes being replaced when a build stopped.
    old: Vec<PathBuf>,
}

fn leftovers(parent: &Path, name: &str) -> Result<Leftovers, IndexError> {
    let building = format!(".{name}.building-");
    let old = format!(".{name}.old-");
    let mut out = Leftovers {
        stale_builds: Vec::new(),
        old: Vec::new(),
    };
    for entry in fs::read_dir(parent).map_err(io_err("read directory", parent))? {
        let entry = entry.map_err(io_err("read directory", parent))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = file_name.strip_prefix(&building) {
            if !process_alive(rest) {
                out.stale_builds.push(entry.path());
            }
        } else if file_name.starts_with(&old) {
            out.old.push(entry.path());
        }
    }
    out.stale_builds.sort();
    out.old.sort();
    Ok(out)
}

/// Removes stale builds and, when a swap was interrupted, puts the previous index back.
fn recover(parent: &Path, name: &str, final_dir: &Path) -> Result<(), IndexError> {
    let found = leftovers(parent, name)?;
    for dir in &found.stale_builds {
        fs::remove_dir_all(dir).map_err(io_err("remove stale build", dir))?;
    }
    for old in &found.old {
        if !final_dir.exists() {
            fs::rename(old, final_dir).map_err(io_err("restore previous index", old))?;
        } else {
            fs::remove_dir_all(old).map_err(io_err("remove previous index", old))?;
        }
    }
    Ok(())
}

/// A complete previous index left by an interrupted swap, if `final_dir` is missing.
pub(crate) fn interrupted_swap(final_dir: &Path) -> Option<PathBuf> {
    let (parent, name) = split_dir(final_dir).ok()?;
    let found = leftovers(&parent, &name).ok()?;
    found
        .old
        .into_iter()
        .find(|d| d.join(MANIFEST_FILE).is_file())
}

/// Whether the process named in a `PID-N` suffix is still running (Linux: `/proc/PID`; where
/// that cannot be told, the build is taken as stale).
fn process_alive(suffix: &str) -> bool {
    let Some(pid) = suffix.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    if pid == std::process::id() {
        // One of this process's own builds: still in use unless dropped (which removes it).
        return true;
    }
    Path::new("/proc").join(pid.to_string()).is_dir()
}

fn swap_into_place(tmp: &Path, final_dir: &Path) -> Result<(), IndexError> {
    let (parent, name) = split_dir(final_dir)?;
    if final_dir.exists() {
        let n = BUILD_COUNTER.fetch_add(1, Ordering::Relaxed);
        let old = parent.join(format!(".{name}.old-{}-{n}", std::process::id()));
        fs::rename(final_dir, &old).map_err(io_err("move previous index aside", final_dir))?;
        if let Err(e) = fs::rename(tmp, final_dir) {
            let _ = fs::rename(&old, final_dir);
            return Err(io_err("move new index into place", tmp)(e));
        }
        sync_dir(&parent);
        // The new index is in place; a failure here only leaves a directory for the next run.
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(tmp, final_dir).map_err(io_err("move new index into place", tmp))?;
        sync_dir(&parent);
    }
    Ok(())
}

/// Flushes a directory's entries to disk where the platform allows it (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
