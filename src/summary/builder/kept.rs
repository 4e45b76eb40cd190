//! What the end of the summary needs of a respondent long enough to be a campaign copy, packed
//! small. Nearly every respondent of a long-form survey is kept until campaigns are found, so a
//! vector per answer (themes, evidence) and a string per respondent (quote group) would cost
//! several hundred bytes each, hundreds of MB on a million answers. Here a respondent's coded
//! answers take one exact-size allocation and its quote group an index into names stored once.

use super::super::quotes::Weighted;
use std::collections::HashMap;

/// A kept respondent's coded answers, their keyness group sets and quote group, packed into one
/// exact-size allocation of `u32` words: `[answers, group sets, group, group sets..., per
/// answer (question, themes, evidence, extra)..., per answer its themes, evidence (theme, start,
/// end, weight bits) and extra sets]`.
pub(super) struct KeptCodes {
    packed: Box<[u32]>,
}

/// One coded answer of a kept respondent, unpacked.
pub(super) struct KeptAnswer {
    pub(super) question: u16,
    pub(super) themes: Vec<u16>,
    pub(super) evidence: Vec<Weighted>,
    /// Keyness sets the answer was counted in besides its themes' and groups' (the frame
    /// health's near misses and uncoded answers).
    pub(super) extra: Vec<usize>,
}

/// Words per packed evidence span.
const EVIDENCE_WORDS: usize = 4;
/// Words before the group sets: answers, group sets, group.
const HEADER: usize = 3;

impl KeptCodes {
    /// Packs `answers` (question, themes, weighted evidence, extra keyness sets), the
    /// respondent's group sets and its quote group (from [`GroupNames::id`]).
    pub(super) fn new(
        answers: impl IntoIterator<Item = (u16, Vec<u16>, Vec<Weighted>, Vec<usize>)>,
        group_sets: &[usize],
        group: u32,
    ) -> KeptCodes {
        let answers: Vec<_> = answers.into_iter().collect();
        let body: usize = answers
            .iter()
            .map(|(_, t, e, x)| 4 + t.len() + EVIDENCE_WORDS * e.len() + x.len())
            .sum();
        let mut p = Vec::with_capacity(HEADER + group_sets.len() + body);
        p.extend([len_u32(answers.len()), len_u32(group_sets.len()), group]);
        p.extend(group_sets.iter().map(|&s| len_u32(s)));
        for (question, t, e, x) in &answers {
            p.extend([u32::from(*question), len_u32(t.len()), len_u32(e.len())]);
            p.push(len_u32(x.len()));
        }
        for (_, t, e, x) in answers {
            p.extend(t.into_iter().map(u32::from));
            for w in e {
                p.extend([u32::from(w.theme), w.start, w.end, w.weight.to_bits()]);
            }
            p.extend(x.into_iter().map(len_u32));
        }
        KeptCodes {
            packed: p.into_boxed_slice(),
        }
    }

    fn word(&self, i: usize) -> usize {
        self.packed.get(i).map_or(0, |&w| w as usize)
    }

    fn words(&self, from: usize, n: usize) -> &[u32] {
        let end = from.saturating_add(n).min(self.packed.len());
        self.packed.get(from.min(end)..end).unwrap_or_default()
    }

    /// The coded answers, in the order given.
    pub(super) fn answers(&self) -> impl Iterator<Item = KeptAnswer> + '_ {
        let n = self.word(0);
        let heads = HEADER + self.word(1);
        let mut at = heads + 4 * n;
        (0..n).map(move |i| {
            let head = self.words(heads + 4 * i, 4);
            let field = |k: usize| head.get(k).map_or(0, |&w| w as usize);
            let (nt, ne, nx) = (field(1), field(2), field(3));
            let themes = self.words(at, nt).iter().map(|&t| t as u16).collect();
            at += nt;
            let evidence = self
                .words(at, EVIDENCE_WORDS * ne)
                .chunks_exact(EVIDENCE_WORDS)
                .map(|w| Weighted {
                    theme: w[0] as u16,
                    start: w[1],
                    end: w[2],
                    weight: f32::from_bits(w[3]),
                })
                .collect();
            at += EVIDENCE_WORDS * ne;
            let extra = self.words(at, nx).iter().map(|&x| x as usize).collect();
            at += nx;
            KeptAnswer {
                question: field(0) as u16,
                themes,
                evidence,
                extra,
            }
        })
    }

    /// The keyness sets of the respondent's groups.
    pub(super) fn group_sets(&self) -> impl Iterator<Item = usize> + '_ {
        self.words(HEADER, self.word(1)).iter().map(|&s| s as usize)
    }

    /// The respondent's quote group, as an id of [`GroupNames`].
    pub(super) fn group(&self) -> u32 {
        self.word(2) as u32
    }
}

/// A length or set index as `u32`: the counts packed here (themes and evidence of one answer,
/// keyness sets) are bounded far below it by the input limits; saturating keeps it total.
fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Quote group names, each stored once.
#[derive(Default)]
pub(super) struct GroupNames {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

impl GroupNames {
    /// The id of `name`, added when new.
    pub(super) fn id(&mut self, name: String) -> u32 {
        if let Some(&id) = self.ids.get(&name) {
            return id;
        }
        let id = len_u32(self.names.len());
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }

    /// The name of `id` (empty for an id never given).
    pub(super) fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(theme: u16, start: u32) -> Weighted {
        Weighted {
            theme,
            start,
            end: start + 4,
            weight: if theme == 3 { 0.5 } else { 1.0 },
        }
    }

    #[test]
    fn answers_come_back_as_packed() {
        let k = KeptCodes::new(
            [
                (0, vec![1, 3], vec![w(1, 0), w(3, 10), w(3, 20)], vec![30]),
                (1, vec![], vec![], vec![40, 41]),
                (2, vec![7], vec![w(7, 5)], vec![]),
            ],
            &[12, 15],
            4,
        );
        type Unpacked = (u16, Vec<u16>, Vec<(u16, u32, u32, f32)>, Vec<usize>);
        let got: Vec<Unpacked> = k
            .answers()
            .map(|a| {
                let spans = a.evidence.iter();
                let spans = spans.map(|e| (e.theme, e.start, e.end, e.weight)).collect();
                (a.question, a.themes, spans, a.extra)
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    0,
                    vec![1, 3],
                    vec![(1, 0, 4, 1.0), (3, 10, 14, 0.5), (3, 20, 24, 0.5)],
                    vec![30]
                ),
                (1, vec![], vec![], vec![40, 41]),
                (2, vec![7], vec![(7, 5, 9, 1.0)], vec![]),
            ]
        );
        assert_eq!(k.group_sets().collect::<Vec<_>>(), [12, 15]);
        assert_eq!(k.group(), 4);
    }

    #[test]
    fn group_names_are_stored_once() {
        let mut g = GroupNames::default();
        let a = g.id("east".to_string());
        let b = g.id("west".to_string());
        assert_eq!(g.id("east".to_string()), a);
        assert_ne!(a, b);
        assert_eq!(g.name(b), "west");
        assert_eq!(g.name(99), "");
    }
}
