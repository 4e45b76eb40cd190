//! Scanning one text: words, negation and sentences; auxiliary occurrences (exclusions, and every
//! written cue, proximity or domain term as an "atom"); entry matches with their statuses;
//! proximity pairs; and counting each entry once.

use super::scratch::Scratch;
use super::trie::{Role, WordInfo};
use super::{Coder, CompiledSense, Hit, RawStatus, Target};
use crate::lexicon::{Count, Negation};
use crate::text::segment::segment_with_currency;
use crate::text::NegationScope;

/// What an auxiliary pattern is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum AuxTarget {
    /// Exclusion `x` of theme `theme`.
    Exclude { theme: u32, x: u32 },
    /// A term (or set) written in a sense rule, a proximity rule or `[domain]`: its atom id.
    Atom(u32),
}

/// An exclusion occurrence: theme, exclusion and word range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Excl {
    pub from: u32,
    pub to: u32,
    pub theme: u32,
    pub x: u32,
}

/// An atom occurrence: (atom, first word, one past the last word). Sorted, so each atom's
/// occurrences are one run in text order.
pub(super) type Occ = (u32, u32, u32);

/// The entry matches starting at one word, each theme's longest: the word and the targets (a
/// range of `Scratch::targets`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    from: u32,
    targets: (u32, u32),
}

impl Coder {
    /// Finds every match of `text` into `s.hits` (text order), with weights and statuses.
    pub(super) fn scan(&self, text: &str, s: &mut Scratch) {
        s.hits.clear();
        self.words(text, s);
        self.aux_occurrences(s);
        s.in_domain = match (self.off_domain, self.domain_atom) {
            (Some((_, min_words)), Some(atom)) => {
                s.words.len() < min_words as usize || self.has_domain_word(atom, &s.occ)
            }
            _ => true,
        };
        self.candidates(s);
        self.entry_hits(s);
        self.near_hits(s);
        s.hits.sort_by(|a, b| {
            (a.start, a.end, a.theme, a.near, a.source)
                .cmp(&(b.start, b.end, b.theme, b.near, b.source))
        });
        if self.count == Count::Once {
            once_per_entry(&mut s.hits, &mut s.firsts);
        }
    }

    /// Whether an occurrence of the domain set (`atom`) lies outside every occurrence of the
    /// domain's `unless` phrases ("hospital" counts, "hospitality" and "take care" do not).
    pub(super) fn has_domain_word(&self, atom: u32, occ: &[Occ]) -> bool {
        let covers = spans(occ, self.cue_atoms(self.domain_unless));
        let found = outside(occurrences(occ, atom), &covers).next().is_some();
        found
    }

    /// The atoms of cue group `g` (none for `None`).
    fn cue_atoms(&self, g: Option<u32>) -> &[u32] {
        g.and_then(|g| self.cue_groups.get(g as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// Segments the text and fills the per-word buffers: cache entries, negation, sentence
    /// numbers, and the words where a walk of either trie may start.
    fn words(&self, text: &str, s: &mut Scratch) {
        let mut words = std::mem::take(&mut s.words);
        segment_with_currency(text, &mut words);
        s.infos.clear();
        s.negated.clear();
        s.sentence.clear();
        let mut scope = NegationScope::default();
        let mut sentence = 0u32;
        for (i, w) in words.iter().enumerate() {
            let info = self.word_info(text, w.start, w.end, s);
            if w.sentence_break && i > 0 {
                sentence += 1;
            }
            s.negated.push(scope.step(w.clause_break, info.flags));
            s.sentence.push(sentence);
            s.infos.push(info);
        }
        s.words = words;
        sentence_ends(&s.sentence, &mut s.sentence_end);
        s.main_at.clear();
        s.aux_at.clear();
        for (i, w) in s.infos.iter().enumerate() {
            let next = s.infos.get(i + 1).map_or(0, |n| n.starts);
            let worth = Role::worth(w.starts, next);
            if worth & Role::WALK << Role::MAIN != 0 {
                s.main_at.push(i as u32);
            }
            if worth & Role::WALK << Role::AUX != 0 {
                s.aux_at.push(i as u32);
            }
        }
    }

    /// Every exclusion and atom occurrence, overlaps allowed; both lists sorted.
    fn aux_occurrences(&self, s: &mut Scratch) {
        s.excl.clear();
        s.occ.clear();
        if self.aux.is_empty() {
            return;
        }
        for &i in &s.aux_at {
            let (excl, occ) = (&mut s.excl, &mut s.occ);
            self.aux.walk(
                in_sentence(&s.infos, &s.sentence_end, i as usize),
                &self.glob_sets,
                i as usize,
                &mut s.stack,
                |depth, targets| {
                    for t in targets {
                        match *t {
                            AuxTarget::Exclude { theme, x } => excl.push(Excl {
                                from: i,
                                to: i + depth,
                                theme,
                                x,
                            }),
                            AuxTarget::Atom(a) => occ.push((a, i, i + depth)),
                        }
                    }
                },
            );
        }
        s.occ.sort_unstable();
        s.occ.dedup();
    }

    /// At each word where an entry match starts, every theme's longest match there, with its end.
    fn candidates(&self, s: &mut Scratch) {
        s.candidates.clear();
        s.targets.clear();
        for k in 0..s.main_at.len() {
            let i = s.main_at[k] as usize;
            let best = &mut s.best;
            best.clear();
            self.main.walk(
                in_sentence(&s.infos, &s.sentence_end, i),
                &self.glob_sets,
                i,
                &mut s.stack,
                |depth, targets| {
                    best.extend(targets.iter().map(|t| (t.theme, u32::MAX - depth, t.entry)))
                },
            );
            if best.is_empty() {
                continue;
            }
            // By theme, longest first, then in listed order; each theme keeps the entries of its
            // longest match (the first that its sense rule lets count, wins).
            best.sort_unstable();
            best.dedup();
            let first = s.targets.len() as u32;
            let mut kept: Option<(u32, u32)> = None;
            for &(theme, d, entry) in best.iter() {
                if kept.is_some_and(|(t, depth)| t == theme && depth != d) {
                    continue;
                }
                kept = Some((theme, d));
                s.targets
                    .push((Target { theme, entry }, i as u32 + (u32::MAX - d)));
            }
            s.candidates.push(Candidate {
                from: i as u32,
                targets: (first, s.targets.len() as u32),
            });
        }
    }

    /// Turns the candidate matches into hits: each target's status (excluded, negated, sense),
    /// and no hit for a match inside a longer counting match of its own theme ("break" inside
    /// "short break"). Each theme counts its own words, so "explained why" can raise T11 while
    /// "explained" raises T12; a theme keeps another theme's phrase out with an exclusion. A match
    /// its own sense rules or exclusions reject takes no words.
    fn entry_hits(&self, s: &mut Scratch) {
        s.reach.clear();
        s.reach.resize(self.themes.len(), 0);
        for c in 0..s.candidates.len() {
            let Candidate { from, targets } = s.candidates[c];
            let f = from as usize;
            let mut settled: Option<u32> = None; // a theme whose match here has a hit already
            for k in targets.0..targets.1 {
                let (target, to) = s.targets[k as usize];
                if s.reach[target.theme as usize] >= to || settled == Some(target.theme) {
                    continue; // inside an earlier, longer match of the theme, or decided here
                }
                let t = to as usize;
                let negated = s.negated[f..t].iter().any(|&x| x);
                let (start, end) = (s.words[f].start, s.words[t - 1].end);
                let theme = &self.themes[target.theme as usize];
                let entry = &theme.entries[target.entry as usize];
                let status = match self.excluded(&s.excl, target.theme, from, to) {
                    Some(x) => RawStatus::Excluded(x),
                    None => match (entry.negation, negated) {
                        (Negation::Skip, true) => RawStatus::Negated,
                        (Negation::Only, false) => RawStatus::NotNegated,
                        _ => self.sense_status(
                            &theme.senses[target.entry as usize],
                            Place { from, to },
                            s,
                        ),
                    },
                };
                let claims = !matches!(
                    status,
                    RawStatus::Excluded(_) | RawStatus::NoCue | RawStatus::Blocked(..)
                );
                if claims {
                    s.reach[target.theme as usize] = to;
                }
                // An entry whose sense rule turns the words down leaves them to the theme's next
                // entry for the same words; the last one is kept as evidence either way.
                let next_same = s
                    .targets
                    .get(k as usize + 1)
                    .filter(|n| k + 1 < targets.1 && n.0.theme == target.theme);
                if matches!(status, RawStatus::NoCue | RawStatus::Blocked(..))
                    && next_same.is_some()
                {
                    continue;
                }
                settled = Some(target.theme);
                s.hits.push(Hit {
                    theme: target.theme,
                    source: target.entry,
                    near: false,
                    start,
                    end,
                    weight: if status == RawStatus::Counted {
                        entry.weight
                    } else {
                        0.0
                    },
                    negated,
                    status,
                });
            }
        }
    }

    /// The exclusion of `theme` covering words `from..to`, if any. Exclusions are sorted by first
    /// word and at most `max_exclusion` words long, so only a few are looked at.
    fn excluded(&self, excl: &[Excl], theme: u32, from: u32, to: u32) -> Option<u32> {
        let lo = excl.partition_point(|a| a.from + self.max_exclusion < from);
        let hi = excl.partition_point(|a| a.from <= from);
        excl.get(lo..hi)?
            .iter()
            .find(|a| a.theme == theme && to <= a.to)
            .map(|a| a.x)
    }

    /// How a match fares under its entry's sense rule: blocked by an `unless` cue in its window,
    /// or missing a `with` cue there.
    fn sense_status(&self, sense: &CompiledSense, m: Place, s: &Scratch) -> RawStatus {
        let group = |g: Option<u32>| g.and_then(|g| self.cue_groups.get(g as usize));
        if let Some(atoms) = group(sense.unless) {
            let found = atoms.iter().find_map(|&a| {
                cue_near(
                    occurrences(&s.occ, a),
                    m,
                    sense.unless_within,
                    &s.sentence,
                    true,
                )
            });
            if let Some(c) = found {
                return RawStatus::Blocked(c.from, c.to);
            }
        }
        if let Some(atoms) = group(sense.with) {
            let found = atoms.iter().any(|&a| {
                cue_near(occurrences(&s.occ, a), m, sense.within, &s.sentence, false).is_some()
            });
            if !found {
                return RawStatus::NoCue;
            }
        }
        RawStatus::Counted
    }

    /// Pairs proximity-rule occurrences: each `a` with the first unused `b` in range. Only rules
    /// whose `a` term occurs are looked at; pairing is linear in the occurrences, since both lists
    /// are in text order and a `b` too far behind one `a` is too far behind every later one.
    fn near_hits(&self, s: &mut Scratch) {
        let mut k = 0;
        while k < s.occ.len() {
            let atom = s.occ[k].0;
            let run = s.occ[k..].partition_point(|o| o.0 == atom);
            let aa = k..k + run;
            k += run;
            let Some(rules) = self.near_by_a.get(atom as usize) else {
                continue;
            };
            for &(theme, r) in rules {
                let t = &self.themes[theme as usize];
                let (Some(rule), Some(&(_, b_atom, unless))) =
                    (t.near.get(r as usize), t.near_atoms.get(r as usize))
                else {
                    continue;
                };
                // Occurrences inside the rule's `unless` phrases take no part.
                let covers = spans(&s.occ, self.cue_atoms(unless));
                let (a_kept, b_kept): (Vec<Occ>, Vec<Occ>);
                let (a_occ, b_occ) = if covers.is_empty() {
                    (&s.occ[aa.clone()], occurrences(&s.occ, b_atom))
                } else {
                    a_kept = outside(&s.occ[aa.clone()], &covers).copied().collect();
                    b_kept = outside(occurrences(&s.occ, b_atom), &covers)
                        .copied()
                        .collect();
                    (&a_kept[..], &b_kept[..])
                };
                pair(
                    a_occ,
                    b_occ,
                    Range {
                        within: rule.within,
                        sentence: rule.sentence,
                    },
                    &s.sentence,
                    &mut s.used,
                    |a, b| {
                        let (from, to) = (a.from.min(b.from) as usize, a.to.max(b.to) as usize);
                        s.hits.push(Hit {
                            theme,
                            source: r,
                            near: true,
                            start: s.words[from].start,
                            end: s.words[to - 1].end,
                            weight: rule.weight,
                            negated: false,
                            status: RawStatus::Near,
                        });
                    },
                );
            }
        }
    }
}

/// The word ranges of every occurrence of the atoms `of`, sorted.
fn spans(occ: &[Occ], of: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = of
        .iter()
        .flat_map(|&u| occurrences(occ, u).iter().map(|&(_, from, to)| (from, to)))
        .collect();
    out.sort_unstable();
    out
}

/// The occurrences of `items` (one atom's, in text order) that lie inside none of `covers`
/// (sorted word ranges): one sweep over both, so a text full of covered words stays linear.
fn outside<'a>(items: &'a [Occ], covers: &'a [(u32, u32)]) -> impl Iterator<Item = &'a Occ> + 'a {
    // `reach`: the furthest end of the covers starting at or before the item.
    let (mut k, mut reach) = (0, 0u32);
    items.iter().filter(move |&&(_, from, to)| {
        while let Some(&(_, end)) = covers.get(k).filter(|c| c.0 <= from) {
            reach = reach.max(end);
            k += 1;
        }
        to > reach
    })
}

/// The occurrences of `atom` (a run of the sorted list).
fn occurrences(occ: &[Occ], atom: u32) -> &[Occ] {
    let lo = occ.partition_point(|o| o.0 < atom);
    let hi = occ.partition_point(|o| o.0 <= atom);
    occ.get(lo..hi).unwrap_or(&[])
}

/// Fills `ends` with, for each word, one past the last word of its sentence.
fn sentence_ends(sentence: &[u32], ends: &mut Vec<u32>) {
    ends.clear();
    ends.resize(sentence.len(), 0);
    let mut end = sentence.len() as u32;
    for i in (0..sentence.len()).rev() {
        if i + 1 < sentence.len() && sentence[i + 1] != sentence[i] {
            end = i as u32 + 1;
        }
        ends[i] = end;
    }
}

/// The words a phrase starting at word `i` may run over: up to the end of its sentence.
fn in_sentence<'a>(infos: &'a [WordInfo], ends: &[u32], i: usize) -> &'a [WordInfo] {
    let end = ends.get(i).map_or(infos.len(), |&e| e as usize);
    infos.get(..end).unwrap_or(infos)
}

/// How close a proximity rule's two terms must be: within so many words, in one sentence, or
/// both.
#[derive(Debug, Clone, Copy)]
struct Range {
    within: Option<u32>,
    sentence: bool,
}

/// Pairs each `a` occurrence with the first unused `b` occurrence in range (not overlapping it),
/// calling `found` for each pair. `used` is a reusable buffer.
fn pair(
    aa: &[Occ],
    bb: &[Occ],
    range: Range,
    sentence: &[u32],
    used: &mut Vec<bool>,
    mut found: impl FnMut(Place, Place),
) {
    used.clear();
    used.resize(bb.len(), false);
    let place = |o: &Occ| Place { from: o.1, to: o.2 };
    let within = range.within;
    // Both `within` and one sentence: the window is still the words, so the skipping below stays
    // linear, and the sentence is checked on each candidate.
    let in_range = |a: Place, b: Place| {
        a.near(b, within, sentence) && (!range.sentence || a.near(b, None, sentence))
    };
    let mut cursor = 0;
    for a in aa.iter().map(place) {
        // Skip what is taken or behind this `a` (and so behind every later one).
        while cursor < bb.len() && (used[cursor] || a.behind(place(&bb[cursor]), within, sentence))
        {
            cursor += 1;
        }
        for (k, b) in bb.iter().map(place).enumerate().skip(cursor) {
            if a.ahead_of(b, within, sentence) {
                break;
            }
            if !used[k] && !a.overlaps(b) && in_range(a, b) {
                used[k] = true;
                found(a, b);
                break;
            }
        }
    }
}

/// Keeps the weight of each entry's (and proximity rule's) first counted match in text order and
/// sets later ones to 0 with [`RawStatus::Repeat`]. Sorting keeps this linear-logarithmic however
/// many matches a text has.
fn once_per_entry(hits: &mut [Hit], firsts: &mut Vec<(u32, bool, u32, u32)>) {
    firsts.clear();
    firsts.extend(
        hits.iter()
            .enumerate()
            .filter(|(_, h)| h.weight != 0.0)
            .map(|(i, h)| (h.theme, h.near, h.source, i as u32)),
    );
    firsts.sort_unstable();
    for pair in firsts.windows(2) {
        if (pair[0].0, pair[0].1, pair[0].2) == (pair[1].0, pair[1].1, pair[1].2) {
            if let Some(h) = hits.get_mut(pair[1].3 as usize) {
                h.weight = 0.0;
                h.status = RawStatus::Repeat;
            }
        }
    }
}

/// A run of words `from..to` of one text (a match or a cue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    pub from: u32,
    pub to: u32,
}

impl Place {
    fn overlaps(self, o: Place) -> bool {
        self.from < o.to && o.from < self.to
    }

    /// Words between the two, counting the step into the other (adjacent: 1; overlapping: 0).
    fn gap(self, o: Place) -> u32 {
        if o.to <= self.from {
            self.from - o.to + 1
        } else if self.to <= o.from {
            o.from - self.to + 1
        } else {
            0
        }
    }

    /// Whether `o` is within `within` words of this place, or in the same sentence (`None`).
    fn near(self, o: Place, within: Option<u32>, sentence: &[u32]) -> bool {
        match within {
            Some(n) => self.gap(o) <= n,
            None => {
                let first = |p: Place| sentence.get(p.from as usize).copied().unwrap_or(0);
                let last = |p: Place| sentence.get(p.to as usize - 1).copied().unwrap_or(0);
                self.overlaps(o) || first(self) <= last(o) && first(o) <= last(self)
            }
        }
    }

    /// Whether `o` lies so far before this place that it is out of range (and so out of range of
    /// every later place too).
    fn behind(self, o: Place, within: Option<u32>, sentence: &[u32]) -> bool {
        o.to <= self.from && !self.near(o, within, sentence)
    }

    /// Whether `o` starts so far after this place that it, and every later place, is out of range.
    fn ahead_of(self, o: Place, within: Option<u32>, sentence: &[u32]) -> bool {
        self.to <= o.from && !self.near(o, within, sentence)
    }
}

/// How many cue occurrences before a match are tried: the nearest few by start, enough for cues
/// of different lengths, and a fixed cost per match however many cues the text holds.
const CUES_BEHIND: usize = 8;

/// One of `cues` (an atom's occurrences, in text order) in the window of match `m`. One that
/// overlaps or contains the match counts; one lying wholly inside it counts only when `inside`
/// (an `unless` cue may name the matched words themselves: "operation*" unless "operational*"),
/// since a `with` cue inside the match would be the match itself.
fn cue_near(
    cues: &[Occ],
    m: Place,
    within: Option<u32>,
    sentence: &[u32],
    inside: bool,
) -> Option<Place> {
    let split = cues.partition_point(|c| c.1 < m.from);
    let usable = |c: &Occ| {
        let p = Place { from: c.1, to: c.2 };
        let within_match = m.from <= p.from && p.to <= m.to;
        ((inside || !within_match) && m.near(p, within, sentence)).then_some(p)
    };
    // The nearest cues starting before the match, then those starting inside it, then the
    // first one after it.
    if let Some(p) = cues[..split]
        .iter()
        .rev()
        .take(CUES_BEHIND)
        .find_map(usable)
    {
        return Some(p);
    }
    for c in &cues[split..] {
        if c.1 >= m.to {
            return usable(c);
        }
        if let Some(p) = usable(c) {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_files;
    use std::path::PathBuf;

    /// A coder with one theme, T10, whose file holds `body` after its id, name and priority.
    fn coder(body: &str) -> Coder {
        let files = vec![
            (
                PathBuf::from("l/priorities.toml"),
                "[[priority]]\nid = \"P1\"\nname = \"One\"\n".to_string(),
            ),
            (
                PathBuf::from("l/T10.toml"),
                format!("id = \"T10\"\nname = \"Carers\"\npriorities = [\"P1\"]\n{body}"),
            ),
        ];
        Coder::new(&parse_files(&files).unwrap()).unwrap()
    }

    fn entries(c: &Coder, text: &str) -> Vec<(String, f32)> {
        let r = c.code_text(text);
        r.evidence
            .iter()
            .map(|e| (e.entry.to_string(), e.weight))
            .collect()
    }

    #[test]
    fn sentence_ends_mark_one_past_each_sentence() {
        let mut ends = vec![9];
        sentence_ends(&[0, 0, 1, 2, 2, 2], &mut ends);
        assert_eq!(ends, vec![2, 2, 3, 6, 6, 6]);
        sentence_ends(&[], &mut ends);
        assert!(ends.is_empty());
    }

    #[test]
    fn phrases_and_exclusions_stop_at_a_full_stop() {
        let c = coder("terms = [\"break\", \"home care\"]\nexclude = [\"break even\"]");
        // An exclusion does not reach across a full stop: "a break. Even one night" is a break.
        assert_eq!(
            entries(&c, "A break. Even one night a month."),
            vec![("break".to_string(), 1.0)]
        );
        assert_eq!(
            entries(&c, "The cafe will break even"),
            vec![("break".to_string(), 0.0)]
        );
        // Nor does an entry: "home. Care" is two sentences, "home care" one.
        assert!(entries(&c, "I got home. Care was fine after").is_empty());
        assert_eq!(
            entries(&c, "Home care was fine"),
            vec![("home care".to_string(), 1.0)]
        );
        assert_eq!(
            c.code_text("A break. Even one night a month.").themes.len(),
            1
        );
    }
}
