//! Composing one answer: templates with their slots filled, slips, case and punctuation.

use super::*;

/// The generator's per-respondent profile.
pub(super) struct Profile {
    pub(super) kind: usize,
    pub(super) locality: Option<usize>,
    pub(super) sloppy: bool,
    pub(super) lower: bool,
    pub(super) no_punct: bool,
}

/// Builds one answer at a time into a reused byte buffer (all template text is ASCII; slips only
/// swap ASCII letters, so the buffer stays valid UTF-8).
pub(super) struct Composer {
    pub(super) rng: SplitMix64,
    pub(super) buf: Vec<u8>,
    /// (address, length) of the last few templates used, so long answers do not repeat themselves;
    /// equal pairs always mean equal text, so the choice never depends on how literals are laid out.
    pub(super) recent: [(usize, usize); 8],
}

impl Composer {
    fn capitalise_from(&mut self, start: usize) {
        if let Some(b) = self.buf.get_mut(start) {
            b.make_ascii_uppercase();
        }
    }

    /// Append a template with its slots filled.
    fn expand(&mut self, template: &str, theme: Option<&Theme>) {
        let bytes = template.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'{' && i + 2 < bytes.len() && bytes[i + 2] == b'}' {
                let slot = bytes[i + 1];
                match slot {
                    b'a' | b'b' => {
                        if let Some(t) = theme {
                            let list = if slot == b'a' { t.a } else { t.b };
                            let s = self.rng.pick(list);
                            self.buf.extend_from_slice(s.as_bytes());
                        }
                    }
                    b'p' => {
                        let s = self.rng.pick(PEOPLE);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                    b'T' => {
                        let s = self.rng.pick(TOWNS);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                    b't' => {
                        let s = self.rng.pick(TIMES);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                    b'w' => {
                        let s = self.rng.pick(UNITS);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                    b'B' => {
                        let s = self.rng.pick(BAD);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                    b'G' => {
                        let s = self.rng.pick(GOOD);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                    b'v' | b'd' | b'o' | b'e' => {
                        let list = match slot {
                            b'v' => VERBS,
                            b'd' => DAYS,
                            b'o' => PLACES,
                            _ => FEELINGS,
                        };
                        let s = self.rng.pick(list);
                        self.buf.extend_from_slice(s.as_bytes());
                    }
                    b'n' => {
                        let n = 2 + self.rng.below(11);
                        push_number(&mut self.buf, n);
                    }
                    b'N' => {
                        let n = 20 + self.rng.below(70);
                        push_number(&mut self.buf, n);
                    }
                    _ => self.buf.extend_from_slice(&bytes[i..i + 3]),
                }
                i += 3;
            } else {
                self.buf.push(bytes[i]);
                i += 1;
            }
        }
    }

    /// Swap two inner letters of some words in `buf[start..]` (a typing slip).
    fn slips(&mut self, start: usize, rate: f64) {
        let mut i = start;
        let len = self.buf.len();
        while i < len {
            while i < len && !self.buf[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = i;
            while i < len && self.buf[i].is_ascii_alphabetic() {
                i += 1;
            }
            let wlen = i - w;
            if wlen >= 4 && self.rng.chance(rate) {
                let k = w + 1 + self.rng.below((wlen - 2) as u64) as usize;
                if k + 1 < i {
                    self.buf.swap(k, k + 1);
                }
            }
        }
    }

    /// One sentence, capitalised, with its closing punctuation; returns the words added.
    fn sentence(&mut self, template: &str, theme: Option<&Theme>, first: bool) -> u32 {
        if !first {
            let sep = match self.rng.below(40) {
                0 => "\n\n",
                1 => "\n",
                2 => "  ",
                _ => " ",
            };
            self.buf.extend_from_slice(sep.as_bytes());
        }
        let start = self.buf.len();
        if first && self.rng.chance(0.08) {
            let o = self.rng.pick(OPENERS);
            self.buf.extend_from_slice(o.as_bytes());
        }
        self.expand(template, theme);
        self.capitalise_from(start);
        let end = match self.rng.below(20) {
            0 => "!",
            1 => "...",
            2 => "",
            _ => ".",
        };
        self.buf.extend_from_slice(end.as_bytes());
        count_words(&self.buf[start..])
    }

    /// Append fictional personal details to the answer.
    fn personal_detail(&mut self) {
        self.buf.push(b' ');
        match self.rng.below(6) {
            0 => {
                self.buf.extend_from_slice(b"Ring me on 07700 900");
                push_digits(&mut self.buf, self.rng.below(1000), 3);
            }
            1 => {
                self.buf.extend_from_slice(b"My number is 01632 960");
                push_digits(&mut self.buf, self.rng.below(1000), 3);
            }
            2 => {
                self.buf.extend_from_slice(b"Call 0141 496 0");
                push_digits(&mut self.buf, self.rng.below(1000), 3);
            }
            3 => {
                self.buf.extend_from_slice(b"Email me at ");
                let f = self.rng.pick(FIRST_NAMES).to_ascii_lowercase();
                let s = self.rng.pick(SURNAMES).to_ascii_lowercase();
                self.buf.extend_from_slice(f.as_bytes());
                self.buf.push(b'.');
                self.buf.extend_from_slice(s.as_bytes());
                let domain = if self.rng.chance(0.5) {
                    "@example.com"
                } else {
                    "@example.org"
                };
                self.buf.extend_from_slice(domain.as_bytes());
            }
            4 => {
                let r = self.rng.pick(RELATIVES);
                let start = self.buf.len();
                self.buf.extend_from_slice(r.as_bytes());
                self.capitalise_from(start);
                self.buf.push(b' ');
                let name = self.rng.pick(FIRST_NAMES);
                self.buf.extend_from_slice(name.as_bytes());
                self.buf.extend_from_slice(b" has been waiting ");
                self.buf.extend_from_slice(self.rng.pick(TIMES).as_bytes());
            }
            _ => {
                self.buf.extend_from_slice(b"We live at ");
                push_number(&mut self.buf, 1 + self.rng.below(120));
                self.buf.push(b' ');
                self.buf
                    .extend_from_slice(self.rng.pick(STREETS).as_bytes());
                self.buf.extend_from_slice(b", ");
                self.buf.extend_from_slice(self.rng.pick(TOWNS).as_bytes());
            }
        }
        self.buf.push(b'.');
    }

    /// Compose one non-empty answer to question `q` (0-based) into `buf`.
    pub(super) fn answer(&mut self, q: usize, profile: &Profile, weights: &[u32; 12]) {
        self.buf.clear();
        if self.rng.chance(if q == 2 { 0.15 } else { 0.04 }) {
            let s = self.rng.pick(NON_ANSWERS);
            self.buf.extend_from_slice(s.as_bytes());
            return;
        }
        if self.rng.chance(0.008) {
            self.campaign();
            return;
        }
        let essay_rate = if profile.kind == 3 { 0.02 } else { 0.0004 };
        let target = answer_words(&mut self.rng, essay_rate);
        let n_themes = match self.rng.below(100) {
            0..=11 => 0,
            12..=61 => 1,
            62..=89 => 2,
            _ => 3,
        };
        let mut chosen = [0usize; 3];
        for c in chosen.iter_mut().take(n_themes) {
            *c = self.rng.weighted(weights);
        }
        if target <= 4 && n_themes > 0 {
            let theme = &THEMES[chosen[0]];
            let f = self.rng.pick(theme.fragments);
            self.expand(f, Some(theme));
        } else {
            let mut words = 0u32;
            let mut k = 0usize;
            while words < target {
                let first = k == 0;
                // The chosen themes come first; after that a sentence is on a theme a bit under
                // half the time, otherwise it is everyday text that codes to nothing.
                let theme = if k < n_themes {
                    Some(&THEMES[chosen[k]])
                } else if n_themes > 0 && self.rng.chance(0.45) {
                    Some(&THEMES[chosen[self.rng.below(n_themes as u64) as usize]])
                } else {
                    None
                };
                let list = theme.map_or(FILLERS, |t| t.templates);
                let mut template = self.rng.pick(list);
                for _ in 0..4 {
                    if !self
                        .recent
                        .contains(&(template.as_ptr() as usize, template.len()))
                    {
                        break;
                    }
                    template = self.rng.pick(list);
                }
                self.recent[k % self.recent.len()] = (template.as_ptr() as usize, template.len());
                words += self.sentence(template, theme, first);
                k += 1;
            }
        }
        if self.rng.chance(0.01) {
            self.personal_detail();
        }
        if profile.sloppy {
            self.slips(0, 0.05);
        }
        if profile.no_punct {
            self.buf.retain(|&b| !matches!(b, b'.' | b',' | b'!'));
        }
        if profile.lower {
            self.buf.make_ascii_lowercase();
        }
        if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
            self.buf.clear();
            self.buf.extend_from_slice(b"no");
        }
    }

    /// A campaign copy: exact, edited, or with a comment added.
    pub(super) fn campaign(&mut self) {
        let c = &CAMPAIGNS[self.rng.weighted(CAMPAIGN_WEIGHTS)];
        let roll = self.rng.below(10);
        if roll < 5 {
            self.buf.extend_from_slice(c.text.as_bytes());
            return;
        }
        let mut text = c.text.to_string();
        if roll < 8 {
            for _ in 0..1 + self.rng.below(3) {
                let (from, to) = c.edits[self.rng.below(c.edits.len() as u64) as usize];
                text = text.replacen(from, to, 1);
            }
            self.buf.extend_from_slice(text.as_bytes());
        } else {
            let comment = self.rng.pick(CAMPAIGN_COMMENTS);
            if self.rng.chance(0.5) {
                self.buf.extend_from_slice(comment.as_bytes());
                self.buf.push(b' ');
                self.buf.extend_from_slice(text.as_bytes());
            } else {
                self.buf.extend_from_slice(text.as_bytes());
                self.buf.extend_from_slice(b"\n\n");
                self.buf.extend_from_slice(comment.as_bytes());
            }
        }
    }
}

pub(super) fn push_number(buf: &mut Vec<u8>, n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    let mut n = n;
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

pub(super) fn push_digits(buf: &mut Vec<u8>, n: u64, width: usize) {
    let mut tmp = [b'0'; 20];
    let mut n = n;
    for i in (0..width).rev() {
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    buf.extend_from_slice(&tmp[..width]);
}

/// Runs of non-whitespace bytes.
pub(super) fn count_words(bytes: &[u8]) -> u32 {
    let mut words = 0;
    let mut in_word = false;
    for &b in bytes {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    words
}

/// Theme weights for one question, adjusted for the respondent's group (carers write about carer
/// support, staff about the workforce, Clydesdale about transport and access).
pub(super) fn theme_weights(q: usize, profile: &Profile) -> [u32; 12] {
    let mut w = [0u32; 12];
    for (i, t) in THEMES.iter().enumerate() {
        w[i] = t.weight[q];
    }
    match profile.kind {
        1 => {
            w[9] *= 6;
            w[8] = w[8] * 3 / 2;
        }
        2 => {
            w[10] *= 5;
            w[7] = w[7] * 13 / 10;
        }
        3 => {
            w[1] *= 2;
            w[2] *= 2;
            w[5] *= 4;
            w[11] = w[11] * 3 / 2;
        }
        _ => {}
    }
    match profile.locality {
        Some(2) => w[11] = w[11] * 5 / 2,
        Some(3) => w[1] = w[1] * 9 / 5,
        _ => {}
    }
    w
}
