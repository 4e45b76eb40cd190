//! The lexicon a command codes with, compiled, with its fingerprint: every command that codes
//! (`run`, `code`, `evaluate`) loads it the same way.

use super::overrides::{BoundOverrides, OverrideIssue, Overrides};
use super::{Coder, CodingError};
use crate::lexicon::{self, Lexicon, LexiconError};
use crate::model::{CodeFrame, CodedBatch, Question, Respondent};
use std::path::{Path, PathBuf};

/// Why a lexicon could not be made ready for coding.
#[derive(Debug, thiserror::Error)]
pub enum CodebookError {
    /// The lexicon files could not be read or parsed.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The lexicon could not be compiled into a coder.
    #[error(transparent)]
    Coding(#[from] CodingError),
}

/// A lexicon ready to code with: the parsed lexicon, its compiled coder, where it came from and
/// its fingerprint (see [`crate::provenance::lexicon_fingerprint`]).
#[derive(Debug)]
pub struct Codebook {
    /// The lexicon as read.
    pub lexicon: Lexicon,
    /// The compiled coder.
    pub coder: Coder,
    /// The lexicon directory, or `None` for the bundled lexicon.
    pub dir: Option<PathBuf>,
    /// The fingerprint of the files the lexicon was read from.
    pub fingerprint: String,
    /// Reviewers' overrides applied after the lexicons, if any.
    pub overrides: Option<Overrides>,
}

/// The one way survey answers are coded: the lexicons, then the reviewers' overrides. Made by
/// [`Codebook::answers`] for one survey's questions; shared by reference across threads.
#[derive(Debug)]
pub struct AnswerCoder<'a> {
    coder: &'a Coder,
    overrides: Option<BoundOverrides>,
    /// Per question, whether it is about the frame's subject ([`Coder::is_on_subject`]).
    on_subject: Vec<bool>,
}

impl AnswerCoder<'_> {
    /// Codes a batch of respondents with the lexicons, then applies the overrides to it.
    pub fn code_batch(&self, respondents: Vec<Respondent>) -> CodedBatch {
        let mut batch = self.coder.code_batch_on(respondents, &self.on_subject);
        if let Some(o) = &self.overrides {
            o.apply(self.coder.frame(), &mut batch);
        }
        batch
    }

    /// The overrides not applied, by line (complete once every batch is coded); empty without
    /// overrides.
    pub fn issues(&self) -> Vec<OverrideIssue> {
        self.overrides
            .as_ref()
            .map(BoundOverrides::issues)
            .unwrap_or_default()
    }

    /// Codes texts that are the answers of respondents `ids` to the survey's first question
    /// (a hand-coded sample): lexicons, then overrides; one coding per text, in order. Text `i`
    /// answers a question about the frame's subject where `on_subject[i]` is true (missing
    /// entries are false), whatever the survey's first question is.
    pub fn code_identified(
        &self,
        ids: &[String],
        texts: &[&str],
        on_subject: &[bool],
    ) -> Vec<super::TextCoding> {
        let respondents: Vec<Respondent> = ids
            .iter()
            .zip(texts)
            .enumerate()
            .map(|(i, (id, text))| Respondent {
                seq: u32::try_from(i).unwrap_or(u32::MAX),
                row: i as u64 + 2,
                id: id.clone(),
                attributes: Vec::new(),
                consent: crate::model::Consent::Unknown,
                answers: vec![Some((*text).to_string())],
            })
            .collect();
        let subject = |r: &Respondent| on_subject.get(r.seq as usize).copied().unwrap_or(false);
        let (on, off): (Vec<Respondent>, Vec<Respondent>) =
            respondents.into_iter().partition(subject);
        let mut codings = Vec::with_capacity(texts.len());
        for (group, flag) in [(on, true), (off, false)] {
            let mut batch = self.coder.code_batch_on(group, &[flag]);
            if let Some(o) = &self.overrides {
                o.apply(self.coder.frame(), &mut batch);
            }
            codings.extend(batch.codings);
        }
        let mut out = vec![super::TextCoding::default(); texts.len()];
        for c in codings {
            if let Some(slot) = out.get_mut(c.respondent as usize) {
                *slot = super::TextCoding {
                    themes: c.themes,
                    priorities: c.priorities,
                    evidence: c.evidence,
                };
            }
        }
        out
    }

    /// The lexicon coder underneath.
    pub fn coder(&self) -> &Coder {
        self.coder
    }

    /// Whether question `q` (an index into the survey's questions) is about the frame's
    /// subject, so its answers are coded without the domain rule (see [`Coder::is_on_subject`]).
    pub fn on_subject(&self, q: usize) -> bool {
        self.on_subject.get(q).copied().unwrap_or(false)
    }
}

impl Codebook {
    /// Reads and compiles the lexicon in `dir`, or the bundled one for `None`.
    pub fn load(dir: Option<&Path>) -> Result<Codebook, CodebookError> {
        let files = lexicon::lexicon_files(dir)?;
        let lexicon = lexicon::parse_files(&files)?;
        let coder = Coder::new(&lexicon)?;
        Ok(Codebook {
            lexicon,
            coder,
            dir: dir.map(Path::to_path_buf),
            fingerprint: crate::provenance::lexicon_fingerprint(&files),
            overrides: None,
        })
    }

    /// The same codebook with reviewers' overrides applied after the lexicons.
    pub fn with_overrides(mut self, overrides: Option<Overrides>) -> Codebook {
        self.overrides = overrides;
        self
    }

    /// The coder for the answers of a survey with these open questions: lexicons, then overrides.
    pub fn answers(&self, questions: &[Question]) -> AnswerCoder<'_> {
        AnswerCoder {
            coder: &self.coder,
            on_subject: self.coder.subjects(
                &questions
                    .iter()
                    .map(|q| q.text.as_str())
                    .collect::<Vec<_>>(),
            ),
            overrides: self
                .overrides
                .as_ref()
                .map(|o| BoundOverrides::bind(o, self.coder.frame(), questions)),
        }
    }

    /// The code frame the coder assigns from.
    pub fn frame(&self) -> &CodeFrame {
        self.coder.frame()
    }

    /// Where the lexicon came from, as manifests record it: the directory, or `built-in`.
    pub fn source(&self) -> String {
        self.dir
            .as_ref()
            .map_or_else(|| "built-in".to_string(), |d| d.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Consent;

    /// A long answer with no word of the care domain: the bundled frame holds its themes back
    /// unless the question it answers is about health and care.
    const LONG: &str = "Listen to the folk who actually use what you run, not the ones who sit on \
        boards and committees. Come down to the harbour on a Tuesday morning and you will hear \
        plenty about it.";

    fn question(n: usize, text: &str) -> Question {
        Question {
            id: format!("Q{n}"),
            text: text.to_string(),
            column: n,
        }
    }

    #[test]
    fn answers_to_a_question_about_care_are_coded_without_the_domain_rule() {
        let codebook = Codebook::load(None).expect("the bundled lexicon loads");
        let coder = &codebook.coder;
        let care = "What matters most to you about health and social care services?";
        let pool = "Petition: Keep the Kirkton swimming pool open";
        assert!(coder.is_on_subject(care));
        assert!(!coder.is_on_subject(pool));
        assert!(coder.code_text(LONG).themes.is_empty());
        assert!(coder.explain(LONG).off_domain);
        assert!(!coder.explain_answer(LONG, true).off_domain);
        assert!(coder.explain_answer(LONG, true).subject_from_question);
        assert!(!coder.explain(LONG).subject_from_question);
        // An answer with care words of its own owes nothing to its question.
        let own = "The carers who come in the morning are kind but always rushed";
        assert!(!coder.explain_answer(own, true).subject_from_question);

        let answers = codebook.answers(&[question(1, care), question(2, pool)]);
        assert!(answers.on_subject(0) && !answers.on_subject(1));
        let respondent = Respondent {
            seq: 0,
            row: 2,
            id: "R1".to_string(),
            attributes: Vec::new(),
            consent: Consent::Unknown,
            answers: vec![Some(LONG.to_string()), Some(LONG.to_string())],
        };
        let batch = answers.code_batch(vec![respondent]);
        let themes: Vec<(u16, Vec<&str>)> = batch
            .codings
            .iter()
            .map(|c| {
                let ids = c.themes.iter().map(|t| codebook.frame().theme_id(t.theme));
                (c.question, ids.collect())
            })
            .collect();
        assert_eq!(themes, vec![(0, vec!["T11", "T12"]), (1, vec![])]);
    }

    #[test]
    fn an_open_question_takes_its_subject_from_the_survey() {
        let codebook = Codebook::load(None).expect("the bundled lexicon loads");
        let coder = &codebook.coder;
        let care = "What matters most to you about health and social care services?";
        let other = "Any other comments?";
        let better = "What could we do better?";
        let pool = "Petition: Keep the Kirkton swimming pool open";
        assert!(coder.is_open_question(other) && coder.is_open_question(better));
        // The organisation running the survey names no subject either.
        assert!(coder.is_open_question("Is there anything else you want the Partnership to know?"));
        assert!(!coder.is_open_question(pool) && !coder.is_open_question("Petition"));
        assert!(!coder.is_open_question(care) && !coder.is_open_question("Q3"));
        // Open questions are on the subject beside a question that names it, or when every
        // question of the survey is open (a feedback card); not beside a petition.
        assert_eq!(
            coder.subjects(&[care, other, pool, better]),
            vec![true, true, false, true]
        );
        assert_eq!(coder.subjects(&[other, pool, better]), vec![false; 3]);
        assert_eq!(coder.subjects(&[other, better]), vec![true; 2]);
        assert_eq!(coder.subjects::<&str>(&[]), Vec::<bool>::new());
        assert_eq!(
            coder.subjects(&["Petition", "Consultation response"]),
            vec![false; 2]
        );
        // The survey's coder codes the long answer under "Any other comments?" as under the care
        // question, and not under the petition.
        let answers = codebook.answers(&[question(1, care), question(2, other), question(3, pool)]);
        assert!(answers.on_subject(1) && !answers.on_subject(2));
        let alone = codebook.answers(&[question(1, other), question(2, pool)]);
        assert!(!alone.on_subject(0));
    }
}
