//! Compiling a lexicon into the coder's matchers: entries into the main trie; exclusions, cue
//! words, proximity terms and the domain vocabulary into the auxiliary trie, each written term
//! once as an "atom" however many rules name it.

use super::scan::AuxTarget;
use super::trie::{Elem, GlobSets, Trie};
use super::{Coder, CodingError, CompiledSense, CompiledTheme, Target};
use crate::lexicon::{Lexicon, ThemeLexicon};
use crate::model::Theme;
use crate::text::{parse_term, Normalizer, TermWord};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_CODER: AtomicU64 = AtomicU64::new(1);

/// What compiling needs besides the coder: the normaliser, the expansions of sets seen so far,
/// and the ids of the globs and atoms made so far.
struct Compile {
    normalizer: Normalizer,
    memo: BTreeMap<String, Vec<String>>,
    globs: HashMap<String, u32>,
    atoms: HashMap<String, u32>,
}

impl Coder {
    /// Compiles a lexicon. Entries that normalise to no words are skipped (`hearken lexicon
    /// check` reports them).
    pub fn new(lex: &Lexicon) -> Result<Coder, CodingError> {
        check_frame(lex)?;
        let aliases = lex.alias_map();
        let mut cx = Compile {
            normalizer: Normalizer::with_aliases(aliases.clone()),
            memo: BTreeMap::new(),
            globs: HashMap::new(),
            atoms: HashMap::new(),
        };
        let mut coder = Coder {
            id: NEXT_CODER.fetch_add(1, Ordering::Relaxed),
            frame: lex.frame.clone(),
            assign: lex.assign,
            count: lex.count,
            themes: Vec::with_capacity(lex.themes.len()),
            vocabulary: HashMap::new(),
            aliases,
            globs: Vec::new(),
            glob_index: Vec::new(),
            glob_sets: GlobSets::default(),
            main: Trie::new(),
            aux: Trie::new(),
            atoms: Vec::new(),
            cue_groups: Vec::new(),
            near_by_a: Vec::new(),
            domain_atom: None,
            domain_unless: None,
            max_exclusion: 0,
            off_domain: None,
            question_words: Default::default(),
        };
        for (ti, (t, f)) in lex.themes.iter().zip(&lex.frame.themes).enumerate() {
            let theme = coder.compile_theme(ti as u32, t, f, lex, &mut cx)?;
            coder.themes.push(theme);
        }
        if let Some(d) = &lex.domain {
            if !d.threshold.is_finite() {
                return Err(CodingError::NotFinite {
                    theme: "[domain]".into(),
                    what: "threshold".into(),
                });
            }
            coder.domain_atom = Some(coder.atom(&format!("@{}", d.set), lex, &mut cx)?);
            coder.domain_unless = coder.cue_group(&d.unless, lex, &mut cx)?;
            coder.off_domain = Some((d.threshold, d.min_words));
            coder.question_words = d
                .question_words
                .iter()
                .map(|w| w.replace('\'', ""))
                .collect();
        }
        coder.finish()?;
        Ok(coder)
    }

    /// One theme: its entries into the main trie, its exclusions, cues and proximity terms into
    /// the auxiliary trie.
    fn compile_theme(
        &mut self,
        theme: u32,
        t: &ThemeLexicon,
        f: &Theme,
        lex: &Lexicon,
        cx: &mut Compile,
    ) -> Result<CompiledTheme, CodingError> {
        let not_finite = |what: String| CodingError::NotFinite {
            theme: t.id.clone(),
            what,
        };
        if !t.threshold.is_finite() {
            return Err(not_finite("threshold".into()));
        }
        let mut senses = Vec::with_capacity(t.entries.len());
        for (ei, e) in t.entries.iter().enumerate() {
            if !e.weight.is_finite() {
                return Err(not_finite(format!("the weight of \"{}\"", e.term)));
            }
            let target = Target {
                theme,
                entry: ei as u32,
            };
            for elems in self.compile(&e.term, lex, cx)? {
                self.main.insert(&elems, target);
            }
            senses.push(CompiledSense {
                with: self.cue_group(&e.sense.with, lex, cx)?,
                unless: self.cue_group(&e.sense.unless, lex, cx)?,
                within: e.sense.within,
                unless_within: e.sense.unless_within.or(e.sense.within),
            });
        }
        for (xi, x) in t.exclude.iter().enumerate() {
            let target = AuxTarget::Exclude {
                theme,
                x: xi as u32,
            };
            for elems in self.compile(&x.term, lex, cx)? {
                self.max_exclusion = self.max_exclusion.max(elems.len() as u32);
                self.aux.insert(&elems, target);
            }
        }
        let near_atoms = self.compile_near(theme, t, lex, cx)?;
        Ok(CompiledTheme {
            id: t.id.clone(),
            name: f.name.clone(),
            threshold: t.threshold,
            entries: t.entries.clone(),
            senses,
            exclude: t.exclude.iter().map(|x| x.term.clone()).collect(),
            near: t.near.clone(),
            near_atoms,
            priorities: f
                .priorities
                .iter()
                .map(|p| {
                    let index = lex.frame.priorities.iter().position(|q| &q.id == p);
                    index
                        .map(|i| i as u16)
                        .ok_or_else(|| CodingError::UnknownPriority {
                            theme: t.id.clone(),
                            priority: p.clone(),
                        })
                })
                .collect::<Result<_, _>>()?,
        })
    }

    /// A theme's proximity rules: the atoms of their two terms and the cue group of their
    /// `unless` phrases, each rule indexed under its `a` atom.
    fn compile_near(
        &mut self,
        theme: u32,
        t: &ThemeLexicon,
        lex: &Lexicon,
        cx: &mut Compile,
    ) -> Result<Vec<(u32, u32, Option<u32>)>, CodingError> {
        let mut near_atoms = Vec::with_capacity(t.near.len());
        for (ri, r) in t.near.iter().enumerate() {
            if !r.weight.is_finite() {
                return Err(CodingError::NotFinite {
                    theme: t.id.clone(),
                    what: format!("the weight of near rule on line {}", r.line),
                });
            }
            let (a, b) = (self.atom(&r.a, lex, cx)?, self.atom(&r.b, lex, cx)?);
            let unless = self.cue_group(&r.unless, lex, cx)?;
            self.near_by_a[a as usize].push((theme, ri as u32));
            near_atoms.push((a, b, unless));
        }
        Ok(near_atoms)
    }

    /// Builds the dense tables once every pattern is in.
    fn finish(&mut self) -> Result<(), CodingError> {
        if self.globs.len() > usize::from(u16::MAX) {
            return Err(CodingError::TooManyGlobs(self.globs.len()));
        }
        self.glob_sets = GlobSets::new(&self.globs);
        self.glob_index = self
            .globs
            .iter()
            .enumerate()
            .map(|(i, g)| (g.clone(), i as u32))
            .collect();
        self.glob_index.sort();
        let n = self.vocabulary.len();
        let g = self.globs.len();
        self.main.finish(n, g);
        self.aux.finish(n, g);
        Ok(())
    }

    /// The atom of a term as written (a word, phrase or `@set`): added to the auxiliary trie the
    /// first time, shared by every rule that names the same term after.
    fn atom(&mut self, term: &str, lex: &Lexicon, cx: &mut Compile) -> Result<u32, CodingError> {
        if let Some(&a) = cx.atoms.get(term) {
            return Ok(a);
        }
        let a = self.atoms.len() as u32;
        cx.atoms.insert(term.to_string(), a);
        self.atoms.push(term.to_string());
        self.near_by_a.push(Vec::new());
        for elems in self.compile(term, lex, cx)? {
            self.aux.insert(&elems, AuxTarget::Atom(a));
        }
        Ok(a)
    }

    /// The cue group of a `with` / `unless` list (shared by every entry with the same list);
    /// `None` for an empty list.
    fn cue_group(
        &mut self,
        cues: &[String],
        lex: &Lexicon,
        cx: &mut Compile,
    ) -> Result<Option<u32>, CodingError> {
        if cues.is_empty() {
            return Ok(None);
        }
        let mut atoms = Vec::with_capacity(cues.len());
        for cue in cues {
            atoms.push(self.atom(cue, lex, cx)?);
        }
        atoms.sort_unstable();
        atoms.dedup();
        if let Some(g) = self.cue_groups.iter().position(|c| *c == atoms) {
            return Ok(Some(g as u32));
        }
        self.cue_groups.push(atoms);
        Ok(Some(self.cue_groups.len() as u32 - 1))
    }

    /// Normalises a term into trie elements, interning stems and globs: one pattern per plain
    /// term it stands for (see [`Lexicon::expand`]). Terms that normalise to no words give none.
    fn compile(
        &mut self,
        term: &str,
        lex: &Lexicon,
        cx: &mut Compile,
    ) -> Result<Vec<Vec<Elem>>, CodingError> {
        let terms = lex.expand(term, &mut cx.memo)?;
        Ok(terms
            .iter()
            .filter_map(|t| self.compile_one(t, cx))
            .collect())
    }

    /// One term (not a set) as trie elements.
    fn compile_one(&mut self, term: &str, cx: &mut Compile) -> Option<Vec<Elem>> {
        let parsed = parse_term(term, &cx.normalizer);
        if parsed.words.is_empty() {
            return None;
        }
        let elems = parsed
            .words
            .into_iter()
            .map(|w| match w {
                TermWord::Word { stem, .. } => {
                    let next = self.vocabulary.len() as u32;
                    Elem::Stem(*self.vocabulary.entry(stem).or_insert(next))
                }
                TermWord::Prefix(p) => {
                    let next = self.globs.len() as u32;
                    let id = *cx.globs.entry(p.clone()).or_insert(next);
                    if id == next {
                        self.globs.push(p);
                    }
                    Elem::Glob(id)
                }
                TermWord::Any => Elem::Any,
            })
            .collect();
        Some(elems)
    }
}

/// The lexicon's theme list and its code frame must name the same themes in the same order.
fn check_frame(lex: &Lexicon) -> Result<(), CodingError> {
    let (a, b) = (&lex.themes, &lex.frame.themes);
    let most = a.len().max(b.len()).max(lex.frame.priorities.len());
    if most > usize::from(u16::MAX) {
        return Err(CodingError::TooManyThemes(most));
    }
    for i in 0..a.len().max(b.len()) {
        let lexicon = a.get(i).map(|t| t.id.as_str());
        let frame = b.get(i).map(|t| t.id.as_str());
        if lexicon != frame {
            return Err(CodingError::ThemeMismatch {
                index: i,
                lexicon: lexicon.unwrap_or_default().to_string(),
                frame: frame.unwrap_or_default().to_string(),
            });
        }
    }
    Ok(())
}
