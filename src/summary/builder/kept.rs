//! What the end of the summary needs of a respondent long enough to be a campaign copy, packed
//! small. Nearly every respondent of a long-form survey is kept until campaigns are found, so a
//! vector per answer (themes, evidence) and a string per respondent (quote group) would cost
//! several hundred bytes each, hundreds of MB on a million answers. Here a respondent's coded
//! answers take four exact-size slices and its quote group an index into names stored once.

use super::super::quotes::Weighted;
use std::collections::HashMap;

/// A kept respondent's coded answers, their keyness group sets and quote group.
pub(super) struct KeptCodes {
    /// Per answer, in order: its question and how many of `themes`, `evidence` and `extra`
    /// are its own.
    answers: Box<[(u16, u32, u32, u32)]>,
    themes: Box<[u16]>,
    evidence: Box<[Weighted]>,
    /// Keyness sets the answer was counted in besides its themes' and groups' (the frame
    /// health's near misses and uncoded answers).
    extra: Box<[u32]>,
    group_sets: Box<[u32]>,
    group: u32,
}

/// One coded answer of a kept respondent.
pub(super) struct KeptAnswer<'k> {
    pub(super) question: u16,
    pub(super) themes: &'k [u16],
    pub(super) evidence: &'k [Weighted],
    pub(super) extra: &'k [u32],
}

impl KeptCodes {
    /// Packs `answers` (question, themes, weighted evidence, extra keyness sets), the
    /// respondent's group sets and its quote group (from [`GroupNames::id`]).
    pub(super) fn new(
        answers: impl IntoIterator<Item = (u16, Vec<u16>, Vec<Weighted>, Vec<usize>)>,
        group_sets: &[usize],
        group: u32,
    ) -> KeptCodes {
        let mut heads = Vec::new();
        let mut themes = Vec::new();
        let mut evidence = Vec::new();
        let mut extra = Vec::new();
        for (question, t, e, x) in answers {
            heads.push((
                question,
                len_u32(t.len()),
                len_u32(e.len()),
                len_u32(x.len()),
            ));
            themes.extend(t);
            evidence.extend(e);
            extra.extend(x.into_iter().map(len_u32));
        }
        KeptCodes {
            answers: heads.into_boxed_slice(),
            themes: themes.into_boxed_slice(),
            evidence: evidence.into_boxed_slice(),
            extra: extra.into_boxed_slice(),
            group_sets: group_sets.iter().map(|&s| len_u32(s)).collect(),
            group,
        }
    }

    /// The coded answers, in the order given.
    pub(super) fn answers(&self) -> impl Iterator<Item = KeptAnswer<'_>> {
        let (mut t, mut e, mut x) = (0usize, 0usize, 0usize);
        self.answers.iter().map(move |&(question, nt, ne, nx)| {
            let themes = self.themes.get(t..t + nt as usize).unwrap_or_default();
            let evidence = self.evidence.get(e..e + ne as usize).unwrap_or_default();
            let extra = self.extra.get(x..x + nx as usize).unwrap_or_default();
            t += nt as usize;
            e += ne as usize;
            x += nx as usize;
            KeptAnswer {
                question,
                themes,
                evidence,
                extra,
            }
        })
    }

    /// The keyness sets of the respondent's groups.
    pub(super) fn group_sets(&self) -> impl Iterator<Item = usize> + '_ {
        self.group_sets.iter().map(|&s| s as usize)
    }

    /// The respondent's quote group, as an id of [`GroupNames`].
    pub(super) fn group(&self) -> u32 {
        self.group
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
            weight: 1.0,
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
        type Unpacked = (u16, Vec<u16>, Vec<u32>, Vec<u32>);
        let got: Vec<Unpacked> = k
            .answers()
            .map(|a| {
                let starts = a.evidence.iter().map(|e| e.start).collect();
                (a.question, a.themes.to_vec(), starts, a.extra.to_vec())
            })
            .collect();
        assert_eq!(
            got,
            [
                (0, vec![1, 3], vec![0, 10, 20], vec![30]),
                (1, vec![], vec![], vec![40, 41]),
                (2, vec![7], vec![5], vec![]),
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
