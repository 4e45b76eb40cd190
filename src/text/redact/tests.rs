use super::*;
use std::sync::OnceLock;

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(Redactor::new)
}

fn red(text: &str) -> String {
    redactor().redact(text)
}

fn untouched(text: &str) {
    assert_eq!(red(text), text, "should not be redacted: {text:?}");
    assert!(redactor().find(text).is_empty(), "{text:?}");
}

#[test]
fn ordinary_text_untouched() {
    for text in [
        "I waited 3 weeks for an appointment at the GP.",
        "Ward 12 at Hairmyres was clean, A&E was busy 24/7.",
        "Hamilton and East Kilbride need more buses.",
        "",
        "   ",
        "Services in 2023 were better than in 2019; 80% agreed.",
        "My son has autism and my mum has dementia.",
        "Mum goes to the day centre on Monday and Thursday at 10:30.",
        "It costs £15.50 a week and the bus at 9.45am is always late.",
        "Call NHS 24 on 111 or Breathing Space if you need to talk.",
        "The 3 hour wait at A&E in Hamilton was awful.",
    ] {
        untouched(text);
    }
}

#[test]
fn mixed_text_keeps_everything_else() {
    let text = "Hi, my name is Jean Smith, 22 Kirkton Avenue, Hamilton ML3 0AA, \
                tel 07700 900123, jean@example.com. My GP Dr Patel said wait 3 weeks.";
    assert_eq!(
        red(text),
        "Hi, my name is [name], [address] [postcode], \
         tel [phone], [email]. My GP Dr [name] said wait 3 weeks."
    );
}

#[test]
fn email_beats_phone_inside_it() {
    let kinds: Vec<PiiKind> = redactor()
        .find("07700900123@sms.example.com")
        .iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(kinds, vec![PiiKind::Email]);
}

#[test]
fn find_is_sorted_non_overlapping_and_on_char_boundaries() {
    let text = "Zoë’s dad: Mr Ó Briain, 0141 555 0123 — ML3 0AA; Dr Ng and my wife, Mary.";
    let found = redactor().find(text);
    assert_eq!(
        found.iter().map(|r| r.kind).collect::<Vec<_>>(),
        vec![
            PiiKind::Name,
            PiiKind::Phone,
            PiiKind::Postcode,
            PiiKind::Name,
            PiiKind::Name
        ]
    );
    for w in found.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
    for r in &found {
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
    assert_eq!(
        red(text),
        "Zoë’s dad: Mr [name], [phone] — [postcode]; Dr [name] and my wife, [name]."
    );
}

#[test]
fn spans_and_rules_are_exact() {
    let f = redactor().find("Tel: (01355) 234567.");
    assert_eq!(
        f,
        vec![Redaction {
            kind: PiiKind::Phone,
            rule: "phone-uk",
            start: 5,
            end: 19
        }]
    );
}

#[test]
fn resolve_prefers_longest_then_most_specific() {
    let r = |kind, start, end| Redaction {
        kind,
        rule: "test",
        start,
        end,
    };
    let text = "x".repeat(30);
    let got = resolve(
        &text,
        vec![
            r(PiiKind::Name, 0, 4),
            r(PiiKind::Address, 0, 10),
            r(PiiKind::Phone, 12, 20),
            r(PiiKind::Chi, 12, 20),
            r(PiiKind::Postcode, 19, 25),
        ],
    );
    assert_eq!(
        got,
        vec![r(PiiKind::Address, 0, 10), r(PiiKind::Chi, 12, 20)]
    );
}

#[test]
fn apply_matches_find() {
    let text = "call 0141 555 0123 or write to 12 Main Street";
    let found = redactor().find(text);
    assert_eq!(apply(text, &found), red(text));
    assert_eq!(red(text), "call [phone] or write to [address]");
}

#[test]
fn long_inputs_are_handled() {
    untouched(&"1 ".repeat(5000));
    let text = format!("{}07700 900123", "12 ".repeat(2000));
    assert!(red(&text).ends_with("12 [phone]"));
    untouched(&"0".repeat(10_000));
    untouched(&"one two ".repeat(3000));
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "+",
        "(",
        ")",
        "(0)",
        "+44",
        "+44 (0)",
        "0",
        "00",
        "0044",
        "@",
        "@@.",
        "Dr",
        "Dr ",
        "my wife,",
        "my name is",
        "12 ",
        "flat 3/2,",
        "((((1111))))",
        "+++1",
        "1-2-3-4-5-6-7",
        "ÀÉÎ 12 Ñ Road",
        "\u{0}\u{1}",
        "my husband 𝔍ohn",
        "0141 (555) 0123",
        "Regards,",
        "born on",
        "www.",
        "@_",
        "facebook.com/",
        "O O O O",
        "double double double",
    ] {
        let out = red(text);
        assert!(!out.is_empty() || text.is_empty(), "{text:?}");
    }
    assert_eq!(red("+44"), "+44");
    assert_eq!(red("((((1111))))"), "((((1111))))");
}

#[test]
fn placeholders_and_names() {
    for k in PiiKind::ALL {
        assert_eq!(k.placeholder(), format!("[{}]", k.name()));
        assert_eq!(
            serde_json::to_string(&k).unwrap_or_default(),
            format!("\"{}\"", k.name())
        );
    }
    assert_eq!(PiiKind::Postcode.to_string(), "postcode");
}

#[test]
fn redactor_is_send_sync_and_default() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Redactor>();
    assert_eq!(Redactor::default().redact("Dr Patel"), "Dr [name]");
}

#[test]
fn too_many_listed_names_is_an_error() {
    let names = vec!["x".to_string(); MAX_LISTED_NAMES + 1];
    let err = Redactor::with_options(&RedactOptions { names })
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("more than the 100000 allowed"), "{err}");
}
