//! Unit tests of `learn`.

use super::*;

#[test]
fn terms_are_counted_as_the_coder_matches_them() {
    // Phrases "staff were" and "were rude", words "staff" and "rude".
    let keys: Vec<Key> = vec![
        ("staff".into(), Some("were".into())),
        ("were".into(), Some("rude".into())),
        ("staff".into(), None),
        ("rude".into(), None),
    ];
    let index: HashMap<Key, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    let vocab: BTreeSet<usize> = (0..keys.len()).collect();
    let norm = Normalizer::new();
    let doc = words(&norm, "staff were rude");
    // Crossing phrases both count; the words inside them do not.
    assert_eq!(segment(&doc, &index, &vocab), vec![(0, 1.0), (1, 1.0)]);
    let doc = words(&norm, "the staff, rude staff");
    assert_eq!(segment(&doc, &index, &vocab), vec![(2, 2.0), (3, 1.0)]);
    // The coder agrees on the same text.
    let lex = Lexicon {
        frame: CodeFrame {
            priorities: Vec::new(),
            themes: vec![Theme {
                id: "T".into(),
                name: "T".into(),
                description: String::new(),
                priorities: Vec::new(),
            }],
        },
        themes: vec![ThemeLexicon {
            id: "T".into(),
            threshold: 100.0,
            entries: ["staff were", "were rude", "staff", "rude"]
                .iter()
                .map(|t| Entry::new(*t))
                .collect(),
            exclude: Vec::new(),
            near: Vec::new(),
            path: PathBuf::new(),
        }],
        ..Lexicon::default()
    };
    let coder = crate::coding::Coder::new(&lex).unwrap();
    let matched: Vec<String> = coder
        .code_text("staff were rude")
        .evidence
        .into_iter()
        .map(|e| e.entry)
        .collect();
    assert_eq!(matched, vec!["staff were", "were rude"]);
}

#[test]
fn slugs_are_safe_file_names() {
    assert_eq!(slug("Environment/ facilities"), "environment-facilities");
    assert_eq!(slug("Couldn't be improved"), "couldn-t-be-improved");
    assert_eq!(slug("Food & diet"), "food-diet");
    assert_eq!(slug("***"), "theme");
    assert_eq!(slug("Ünïcode label"), "n-code-label");
}

#[test]
fn labels_split_and_drop_missing_values() {
    assert_eq!(
        split_labels("Staff, Food & diet", ", "),
        vec!["Food & diet", "Staff"]
    );
    assert_eq!(split_labels("NA", ";"), Vec::<String>::new());
    assert_eq!(split_labels(" a ; ;b;a", ";"), vec!["a", "b"]);
}

/// A fictional multi-label sample: transport and carers, some answers with both or neither.
fn fictional() -> CodedSample {
    let texts: &[(&str, &[&str])] = &[
        ("The bus to the clinic never comes on time", &["transport"]),
        (
            "No bus on a Sunday so I missed my appointment",
            &["transport"],
        ),
        ("Parking at the hospital is a nightmare", &["transport"]),
        (
            "The taxi fare to the day centre is too much",
            &["transport"],
        ),
        (
            "A community bus would help people get to the surgery",
            &["transport"],
        ),
        (
            "Trains and buses do not connect with clinic times",
            &["transport"],
        ),
        ("Parking costs too much and the bus is slow", &["transport"]),
        (
            "I look after my husband and need a short break",
            &["carers"],
        ),
        ("Unpaid carers get no respite at all", &["carers"]),
        ("Caring for my mum full time is exhausting", &["carers"]),
        (
            "A short break for carers would make all the difference",
            &["carers"],
        ),
        ("As a carer I never get time for myself", &["carers"]),
        ("Respite for young carers is hard to find", &["carers"]),
        ("My son is my carer and he needs support too", &["carers"]),
        (
            "I care for my wife and the bus to the hospital takes hours",
            &["carers", "transport"],
        ),
        (
            "Carers need help with parking at the clinic",
            &["carers", "transport"],
        ),
        ("The staff were lovely", &[]),
        ("Nothing to add", &[]),
        ("Good service overall", &[]),
        ("The leaflet was clear", &[]),
        ("Staff were kind and the food was fine", &[]),
        ("More information online please", &[]),
    ];
    CodedSample {
        rows: texts
            .iter()
            .enumerate()
            .map(|(i, (t, l))| CodedRow {
                line: i as u64 + 2,
                text: t.to_string(),
                labels: l.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
        skipped: Vec::new(),
    }
}

fn small_options() -> LearnOptions {
    LearnOptions {
        min_count: 1,
        folds: 3,
        ..LearnOptions::default()
    }
}

#[test]
fn written_lexicon_codes_as_the_model_decides() {
    let sample = fictional();
    let (lex, summary, decisions) = learn_with_decisions(&sample, &small_options()).unwrap();
    assert_eq!(lex.assign, Assign::All);
    assert_eq!(summary.labels.len(), 2);
    let coder = crate::coding::Coder::new(&lex).unwrap();
    let mut agree = 0;
    for (row, decided) in sample.rows.iter().zip(&decisions) {
        let coded: BTreeSet<String> = coder
            .code_text(&row.text)
            .themes
            .into_iter()
            .map(|t| coder.frame().theme_id(t.theme).to_string())
            .collect();
        assert_eq!(&coded, decided, "{}", row.text);
        if coded.iter().cloned().collect::<Vec<_>>() == row.labels {
            agree += 1;
        }
    }
    // The sample is easy: the model gets most of it right.
    // (Coding nothing would agree on the 6 answers without a label.)
    assert!(agree >= 16, "{agree} of {}", sample.rows.len());
    // And through the files: written, read back, same decisions.
    let dir = tempfile::tempdir().unwrap();
    crate::lexicon::write_dir(&lex, dir.path()).unwrap();
    let back = crate::lexicon::load_dir(dir.path()).unwrap();
    let coder = crate::coding::Coder::new(&back).unwrap();
    for (row, decided) in sample.rows.iter().zip(&decisions) {
        let coded: BTreeSet<String> = coder
            .code_text(&row.text)
            .themes
            .into_iter()
            .map(|t| coder.frame().theme_id(t.theme).to_string())
            .collect();
        assert_eq!(&coded, decided, "{}", row.text);
    }
}

#[test]
fn weights_are_sparse_and_point_the_right_way() {
    let (lex, summary, _) = learn_with_decisions(&fictional(), &small_options()).unwrap();
    let transport = &lex.themes[1];
    assert_eq!(transport.id, "transport");
    let weight =
        |t: &ThemeLexicon, term: &str| t.entries.iter().find(|e| e.term == term).map(|e| e.weight);
    assert!(
        weight(transport, "bus").is_some_and(|w| w > 0.0),
        "{transport:?}"
    );
    // L1: far fewer terms than candidates, and no weight on words of no label's answers.
    assert!(summary.terms < summary.candidates / 3, "{summary:?}");
    assert_eq!(weight(transport, "leaflet"), None);
    assert!(summary.fits.iter().all(|f| f.cv_f1 > 0.5), "{summary:?}");
    assert!(summary.cv_micro_f1 > 0.5);
}

#[test]
fn same_sample_same_lexicon_and_the_seed_matters_only_through_folds() {
    let sample = fictional();
    let a = learn(&sample, &small_options()).unwrap();
    let b = learn(&sample, &small_options()).unwrap();
    assert_eq!(a, b);
    assert_eq!(fold_assignment(10, 3, 1), fold_assignment(10, 3, 1),);
    let folds = fold_assignment(10, 3, 1);
    for f in 0..3 {
        let size = folds.iter().filter(|&&x| x == f).count();
        assert!((3..=4).contains(&size), "{folds:?}");
    }
    assert_ne!(fold_assignment(50, 5, 1), fold_assignment(50, 5, 2));
}

#[test]
fn cutoffs_maximise_f1_and_skip_uncounted_answers() {
    let mut s = vec![
        (2.0, true),
        (1.0, true),
        (0.5, false),
        (0.0, true),
        (f64::NEG_INFINITY, true),
    ];
    let (f, cut, counts) = best_cutoff(&mut s);
    // Top two: tp 2, predicted 2, actual 4 -> 4/6; top four: tp 3, predicted 4 -> 6/8.
    assert!((f - 0.75).abs() < 1e-12, "{f}");
    assert_eq!(counts, (3, 4, 4));
    assert!(cut < 0.0 && cut > f64::NEG_INFINITY, "{cut}");
    let (f, cut, _) = best_cutoff(&mut [(f64::NEG_INFINITY, true), (1.0, false)]);
    assert_eq!((f, cut), (0.0, f64::INFINITY));
}

#[test]
fn bad_options_are_refused() {
    let sample = fictional();
    for opts in [
        LearnOptions {
            l1_ratio: 0.0,
            ..LearnOptions::default()
        },
        LearnOptions {
            folds: 1,
            ..LearnOptions::default()
        },
        LearnOptions {
            path_length: 0,
            ..LearnOptions::default()
        },
    ] {
        assert!(matches!(
            learn(&sample, &opts),
            Err(LearnError::BadOption(_))
        ));
    }
}
