//! Theme files: the id, name and priorities, the entries with their sense rules, exclusions and
//! proximity rules.

use super::*;

impl Cx<'_> {
    pub(super) fn theme(&mut self, table: &DeTable<'_>) -> Option<ParsedTheme> {
        const KEYS: &[&str] = &[
            "id",
            "name",
            "description",
            "priorities",
            "threshold",
            "terms",
            "exclude",
            "near",
        ];
        let (mut id, mut name, mut description) = (None, None, String::new());
        let mut meta = ThemeMeta { id_line: 1 };
        let mut links = Vec::new();
        let mut threshold = 1.0f32;
        let mut entries = Vec::new();
        let mut exclude = Vec::new();
        let mut near = Vec::new();
        for (key, v) in table.iter() {
            match key.get_ref().as_ref() {
                "id" => {
                    meta.id_line = self.line(&key.span());
                    id = self.string("id", v);
                    if id.as_deref().is_some_and(|s| s.trim().is_empty()) {
                        self.error(&v.span(), "`id` must not be empty");
                        id = None;
                    }
                }
                "name" => name = self.string("name", v),
                "description" => description = self.string("description", v).unwrap_or_default(),
                "priorities" => links = self.string_list("priorities", v),
                "threshold" => {
                    if let Some(x) = self.number("threshold", v) {
                        threshold = x;
                    }
                }
                "terms" => entries = self.entries(v),
                "exclude" => {
                    exclude = self
                        .string_list("exclude", v)
                        .into_iter()
                        .map(|(term, line)| Entry {
                            line,
                            ..Entry::new(term)
                        })
                        .collect();
                }
                "near" => {
                    for t in self.tables("near", v) {
                        if let Some(rule) = self.near(&t) {
                            near.push(rule);
                        }
                    }
                }
                _ => self.unknown(key, KEYS),
            }
        }
        let id = self.required(id, table, "id", "the theme file", 1);
        let name = self.required(name, table, "name", "the theme file", 1);
        let (id, name) = (id?, name?);
        let theme = Theme {
            id: id.clone(),
            name,
            description,
            priorities: links.iter().map(|(p, _)| p.clone()).collect(),
        };
        let lex = ThemeLexicon {
            id,
            threshold,
            entries,
            exclude,
            near,
            path: self.path.to_path_buf(),
        };
        Some((theme, lex, meta, links))
    }

    fn entries(&mut self, v: &Val<'_>) -> Vec<Entry> {
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type("terms", v, "an array");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let line = self.line(&item.span());
            match item.get_ref() {
                DeValue::String(s) => out.push(Entry {
                    line,
                    ..Entry::new(s.to_string())
                }),
                DeValue::Table(t) => out.extend(self.entry_table(t, line)),
                _ => self.wrong_type("terms", item, "a string or a table"),
            }
        }
        out
    }

    /// An entry written as a table: `term` with its weight, negation and sense rule.
    fn entry_table(&mut self, t: &DeTable<'_>, line: usize) -> Option<Entry> {
        let mut entry = Entry {
            line,
            ..Entry::new(String::new())
        };
        let mut term = None;
        for (key, v) in t.iter() {
            match key.get_ref().as_ref() {
                "term" => term = self.string("term", v),
                "weight" => {
                    if let Some(w) = self.number("weight", v) {
                        entry.weight = w;
                    }
                }
                "negation" => {
                    if let Some(s) = self.string("negation", v) {
                        match s.as_str() {
                            "any" => entry.negation = Negation::Any,
                            "skip" => entry.negation = Negation::Skip,
                            "only" => entry.negation = Negation::Only,
                            other => self.error(
                                &v.span(),
                                format!(
                                    "`negation` must be \"any\", \"skip\" or \"only\", not \"{other}\""
                                ),
                            ),
                        }
                    }
                }
                "with" => entry.sense.with = self.cue_list("with", v),
                "unless" => entry.sense.unless = self.cue_list("unless", v),
                "within" => entry.sense.within = self.window(v),
                "unless_within" => entry.sense.unless_within = self.window(v),
                _ => self.unknown(
                    key,
                    &[
                        "term",
                        "weight",
                        "negation",
                        "with",
                        "unless",
                        "within",
                        "unless_within",
                    ],
                ),
            }
        }
        if entry.sense.within.is_some() && entry.sense.is_empty() {
            self.findings.push(Finding::error(
                self.path.to_path_buf(),
                line,
                "`within` sets the window of `with` or `unless`; this entry has neither",
            ));
        }
        if entry.sense.unless_within.is_some() && entry.sense.unless.is_empty() {
            self.findings.push(Finding::error(
                self.path.to_path_buf(),
                line,
                "`unless_within` sets the window of `unless`; this entry has none",
            ));
        }
        entry.term = self.required(term, t, "term", "a terms table", line)?;
        Some(entry)
    }

    fn near(&mut self, t: &Spanned<&DeTable<'_>>) -> Option<NearRule> {
        let line = self.line(&t.span());
        let (mut a, mut b, mut within, mut sentence, mut weight) = (None, None, None, false, 1.0);
        let mut unless = Vec::new();
        for (key, v) in t.get_ref().iter() {
            match key.get_ref().as_ref() {
                "a" => a = self.string("a", v),
                "b" => b = self.string("b", v),
                "within" => within = self.window(v),
                "sentence" => match v.get_ref() {
                    DeValue::Boolean(x) => sentence = *x,
                    _ => self.wrong_type("sentence", v, "a boolean"),
                },
                "weight" => {
                    if let Some(w) = self.number("weight", v) {
                        weight = w;
                    }
                }
                "unless" => unless = self.cue_list("unless", v),
                _ => self.unknown(key, &["a", "b", "within", "sentence", "weight", "unless"]),
            }
        }
        let a = self.required(a, t.get_ref(), "a", "[[near]]", line);
        let b = self.required(b, t.get_ref(), "b", "[[near]]", line);
        let (a, b) = (a?, b?);
        match (within, sentence) {
            (Some(_), _) | (None, true) => Some(NearRule {
                a,
                b,
                within,
                sentence,
                weight,
                unless,
                line,
            }),
            (None, _) => {
                self.findings.push(Finding::error(
                    self.path.to_path_buf(),
                    line,
                    "[[near]] needs `within = N` or `sentence = true`",
                ));
                None
            }
        }
    }
}

impl Cx<'_> {
    /// `within = N`: a whole number of words, 1 to [`MAX_WINDOW`].
    fn window(&mut self, v: &Val<'_>) -> Option<u32> {
        match v.get_ref() {
            DeValue::Integer(i) => {
                match u32::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) if (1..=MAX_WINDOW).contains(&n) => Some(n),
                    _ => {
                        self.error(
                            &v.span(),
                            format!(
                                "`within` must be a whole number of words from 1 to {MAX_WINDOW}"
                            ),
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type("within", v, "an integer");
                None
            }
        }
    }

    /// `with` / `unless`: one term or a list of terms (`@set` allowed).
    fn cue_list(&mut self, key: &str, v: &Val<'_>) -> Vec<String> {
        match v.get_ref() {
            DeValue::String(s) => vec![s.to_string()],
            DeValue::Array(_) => self
                .string_list(key, v)
                .into_iter()
                .map(|(s, _)| s)
                .collect(),
            _ => {
                self.wrong_type(key, v, "a string or an array of strings");
                Vec::new()
            }
        }
    }
}
