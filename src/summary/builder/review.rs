//! What reviewers' overrides did to a run: codes added and removed by theme, and the overrides
//! that were not applied.

use super::SummaryBuilder;
use crate::coding::overrides::OverrideIssue;
use crate::model::{CodeFrame, Coding, RevisionAction};
use crate::review::{corrected_share, Accuracy, CorrectedShare};
use crate::summary::health::{FrameHealth, HealthBuilder};
use crate::summary::keyness::TermCounts;
use crate::summary::CodeSummary;
use serde::Serialize;
use std::path::Path;

/// Codes reviewers changed in one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeRevisions {
    /// Theme id.
    pub theme: String,
    /// Theme name.
    pub name: String,
    /// Answers a reviewer coded with the theme that the lexicons had not.
    pub added: u64,
    /// Answers the lexicons coded with the theme that a reviewer took it from.
    pub removed: u64,
}

/// The overrides of a run and what they changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reviews {
    /// The overrides file's name.
    pub file: String,
    /// Overrides in the file.
    pub overrides: u64,
    /// Codes added over all themes.
    pub added: u64,
    /// Codes removed over all themes.
    pub removed: u64,
    /// Per theme, in frame order (every theme).
    pub by_theme: Vec<ThemeRevisions>,
    /// Overrides not applied, by line, with why.
    pub issues: Vec<OverrideIssue>,
}

/// One theme's share beside its correction for coding error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeCorrection {
    /// Theme id.
    pub theme: String,
    /// Theme name.
    pub name: String,
    /// The share of respondents (any question), raw and corrected.
    #[serde(flatten)]
    pub share: CorrectedShare,
}

/// Shares corrected with the error measured on a reviewed sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Corrections {
    /// The reviewed sheets' file names.
    pub sheets: Vec<String>,
    /// How the correction is made.
    pub method: String,
    /// Per theme, in frame order.
    pub themes: Vec<ThemeCorrection>,
}

/// Bootstrap resamples behind each corrected share's interval.
pub const CORRECTION_RESAMPLES: usize = 2_000;

/// Running count of the changes reviewers made, per theme: (added, removed).
#[derive(Default)]
pub(super) struct Tally {
    changes: Vec<(u64, u64)>,
    file: Option<(String, u64, Vec<OverrideIssue>)>,
    accuracy: Option<(Vec<String>, Accuracy)>,
    health: Option<HealthBuilder>,
}

impl Tally {
    pub(super) fn new(themes: usize) -> Tally {
        Tally {
            changes: vec![(0, 0); themes],
            file: None,
            accuracy: None,
            health: None,
        }
    }

    /// Counts the revisions of a respondent's codings.
    pub(super) fn add(&mut self, codings: &[Coding]) {
        for r in codings.iter().flat_map(|c| &c.revisions) {
            if let Some(slot) = self.changes.get_mut(usize::from(r.theme)) {
                match r.action {
                    RevisionAction::Add => slot.0 += 1,
                    RevisionAction::Remove => slot.1 += 1,
                }
            }
        }
    }

    /// The section of the summary, when overrides were given.
    pub(super) fn finish(&self, frame: &CodeFrame) -> Option<Reviews> {
        let (file, overrides, issues) = self.file.clone()?;
        let by_theme: Vec<ThemeRevisions> = frame
            .themes
            .iter()
            .zip(&self.changes)
            .map(|(t, &(added, removed))| ThemeRevisions {
                theme: t.id.clone(),
                name: t.name.clone(),
                added,
                removed,
            })
            .collect();
        Some(Reviews {
            file,
            overrides,
            added: by_theme.iter().map(|t| t.added).sum(),
            removed: by_theme.iter().map(|t| t.removed).sum(),
            by_theme,
            issues,
        })
    }
}

impl Tally {
    /// Folds a batch into the frame's health, when it is kept; `docs` are its answers as the
    /// summary analysed them (per respondent, per coding).
    pub(super) fn add_batch(
        &mut self,
        batch: &crate::model::CodedBatch,
        docs: &[Vec<super::Analysed>],
    ) {
        if let Some(h) = &mut self.health {
            h.add_analysed(batch, |i, j| &docs[i][j].0);
        }
    }

    /// The keyness sets the frame's health, when kept, counts coding `c` in besides its themes'
    /// (it shares the summary's term counts).
    pub(super) fn extra_sets(&self, c: &Coding) -> Vec<usize> {
        self.health
            .as_ref()
            .map_or_else(Vec::new, |h| h.extra_sets(c))
    }

    /// The frame's health, with example answers named by id only (a report shows no answer
    /// that has not been through quote selection and redaction).
    pub(super) fn health(&self, terms: &TermCounts) -> Option<FrameHealth> {
        let mut h = self.health.as_ref()?.finish_with(terms);
        for e in h.suggestions.iter_mut().flat_map(|s| s.examples.iter_mut()) {
            e.text.clear();
        }
        Some(h)
    }

    /// Each theme's overall share corrected with the reviewed sample, when there is one.
    pub(super) fn corrected(&self, themes: &[CodeSummary]) -> Option<Corrections> {
        let (sheets, accuracy) = self.accuracy.as_ref()?;
        let themes = themes
            .iter()
            .zip(accuracy)
            .enumerate()
            .map(|(i, (t, pairs))| ThemeCorrection {
                theme: t.id.clone(),
                name: t.name.clone(),
                share: corrected_share(
                    t.overall.raising,
                    t.overall.answered,
                    pairs,
                    CORRECTION_RESAMPLES,
                    crate::review::DEFAULT_SEED ^ ((i as u64 + 1) << 32),
                ),
            })
            .collect();
        Some(Corrections {
            sheets: sheets.clone(),
            method: format!(
                "Each theme's share is also given corrected for coding error with the Rogan-Gladen \
                 estimator, (coded share + specificity - 1) / (sensitivity + specificity - 1), \
                 where sensitivity and specificity are hearken's against the reviewers on the \
                 answers of the reviewed sample (each answer of the sample compared, reviewers \
                 pooled). Its 95% interval is a percentile bootstrap ({CORRECTION_RESAMPLES} \
                 resamples of the reviewed answers, with the coded share redrawn from its sampling \
                 error each time). The correction is not made when the sample has no answer the \
                 reviewers coded with the theme, or when hearken does no better than chance on it."
            ),
            themes,
        })
    }
}

impl SummaryBuilder<'_> {
    /// Records the (hearken, reviewer) codes of a reviewed sample, per theme, from the sheets
    /// named `sheets`: the summary then gives each share corrected for coding error.
    pub fn set_reviewed(&mut self, sheets: Vec<String>, accuracy: Accuracy) {
        self.reviews.accuracy = Some((sheets, accuracy));
    }

    /// Keeps the frame's health (see [`crate::summary::health`]) as batches are added.
    pub fn with_health(mut self, lexicon: &crate::lexicon::Lexicon) -> Self {
        let health = HealthBuilder::new(lexicon, self.schema)
            .for_report()
            .sharing_terms();
        // The health's keyness sets come first in the summary's term counts (theme sets are
        // shared), so group sets, numbered as group values appear, start after them.
        self.next_set = self.next_set.max(health.sets_used());
        self.reviews.health = Some(health);
        self
    }

    /// Records that the run applied the overrides in `path` (`lines` of them), with those that
    /// were not applied.
    pub fn set_overrides(&mut self, path: &Path, lines: usize, issues: Vec<OverrideIssue>) {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        self.reviews.file = Some((name, lines as u64, issues));
    }

    /// How many overrides were not applied.
    pub fn override_issues(&self) -> usize {
        self.reviews.file.as_ref().map_or(0, |f| f.2.len())
    }
}
