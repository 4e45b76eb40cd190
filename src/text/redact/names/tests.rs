use super::super::Redactor;
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
}

#[test]
fn names_after_titles() {
    for (text, want) in [
        ("Dr Patel was kind", "Dr [name] was kind"),
        ("Dr Foster's clinic", "Dr [name]'s clinic"),
        ("Mrs Agnes McLeod", "Mrs [name]"),
        ("Mr. Smith", "Mr. [name]"),
        ("Nurse Practitioner Ann", "Nurse Practitioner Ann"),
        ("Nurse Jones", "Nurse [name]"),
        ("Councillor O'Neill", "Councillor [name]"),
        ("Rev Smith-Jones", "Rev [name]"),
        ("Dr J. Smith", "Dr [name]"),
        ("Dr J Smith", "Dr [name]"),
        ("dr Patel", "dr [name]"),
        ("Sister Kelly on ward 3", "Sister [name] on ward 3"),
        (
            "I saw Dr Patel. Then I left",
            "I saw Dr [name]. Then I left",
        ),
        ("Dr PATEL", "Dr [name]"),
        ("Mr and Mrs Smith", "Mr and Mrs [name]"),
        ("Dr Patel and Nurse Smith", "Dr [name] and Nurse [name]"),
        ("my GP Dr Patel", "my GP Dr [name]"),
        ("Father Brown", "Father [name]"),
    ] {
        assert_eq!(red(text), want, "{text}");
    }
}

#[test]
fn lower_case_titles_and_names() {
    for (text, want) in [
        ("mrs mcleod was lovely", "mrs [name] was lovely"),
        ("ask mr smith", "ask mr [name]"),
        ("dr patel said wait", "dr [name] said wait"),
        ("Mrs mcleod", "Mrs [name]"),
        ("mrs mary mcleod", "mrs [name]"),
    ] {
        assert_eq!(red(text), want, "{text}");
    }
    for text in [
        "my dr appointment was cancelled",
        "the ms symptoms are worse",
        "the dr said no",
        "mr and mrs",
        "I miss going out",
        "See Dr quicker",
        "The Dr requested this",
    ] {
        untouched(text);
    }
}

#[test]
fn introductions_and_im() {
    for (text, want) in [
        ("my name is Jean Smith", "my name is [name]"),
        ("My name is Jean Smith and I", "My name is [name] and I"),
        ("I'm called Bob", "I'm called [name]"),
        ("I’m called Bob", "I’m called [name]"),
        ("I am called Bob.", "I am called [name]."),
        (
            "Phone 07700 900188 and ask for Sandra. The carers",
            "Phone [phone] and ask for [name]. The carers",
        ),
        (
            "Hello, I'm Mary McLeod and I care for my dad",
            "Hello, I'm [name] and I care for my dad",
        ),
        ("I am Jean, a carer", "I am [name], a carer"),
    ] {
        assert_eq!(red(text), want, "{text}");
    }
    for text in [
        "ask for Help at the Council",
        "I asked for a referral",
        "could not have asked for better care",
        "couldn't ask for nicer people",
        "my name is not important",
        "I'm Scottish and proud",
        "I'm Not Happy With The Service At All",
        "I am Disabled and need help",
        "I’m Confused but everyone has been amazing",
    ] {
        untouched(text);
    }
}

#[test]
fn relations_and_family_words() {
    for (text, want) in [
        ("my husband John helps", "my husband [name] helps"),
        ("my wife, Mary, cares", "my wife, [name], cares"),
        ("my mum Agnes", "my mum [name]"),
        ("my son Kyle", "my son [name]"),
        ("my daughter-in-law Claire", "my daughter-in-law [name]"),
        ("my carer Julie", "my carer [name]"),
        ("our neighbour Mrs Brown", "our neighbour Mrs [name]"),
        ("My late husband Tam", "My late husband [name]"),
        ("my sons Kyle and Ryan", "my sons [name] and [name]"),
        ("a carer called Julie", "a carer called [name]"),
        ("my care worker Siobhan", "my care worker [name]"),
        ("my husband John Smith", "my husband [name]"),
        ("my son Kyle's school", "my son [name]'s school"),
        ("my friend Zoë", "my friend [name]"),
        (
            "my wee boy Callum has autism",
            "my wee boy [name] has autism",
        ),
        ("my son's name is Kyle", "my son's name is [name]"),
        (
            "my daughter who is called Amy",
            "my daughter who is called [name]",
        ),
        (
            "a lady called Margaret phoned",
            "a lady called [name] phoned",
        ),
        ("my husband John and I", "my husband [name] and I"),
        ("my mum Agnes and Dad", "my mum [name] and Dad"),
    ] {
        assert_eq!(red(text), want, "{text}");
    }
    for text in [
        "my husband And I",
        "my mum In the morning",
        "my husband and I",
        "my son. Sometimes he",
        "my mum\nAgnes",
        "my GP Practice was closed",
        "my GP is good",
        "my daughter Monday to Friday",
        "I miss Glasgow",
        "I have MS Fatigue",
        "the GP",
        "A&E",
        "Hamilton",
        "East Kilbride",
        "a place called Hamilton",
        "My son has autism and my mum has dementia.",
        "Dear Sir, I am writing",
        "Dr A&E",
        "the Dr And nurse",
    ] {
        untouched(text);
    }
}

#[test]
fn sign_offs_and_greetings() {
    for (text, want) in [
        (
            "Please fix it. Regards, Jean Smith",
            "Please fix it. Regards, [name]",
        ),
        ("Kind regards\nJean", "Kind regards\n[name]"),
        ("Thanks,\nTam McGuire", "Thanks,\n[name]"),
        ("Many thanks, J. Smith.", "Many thanks, [name]."),
        ("Yours sincerely, Agnes Brodie", "Yours sincerely, [name]"),
        ("Dear Jean, thank you", "Dear [name], thank you"),
        ("Cheers, Tam!", "Cheers, [name]!"),
    ] {
        assert_eq!(red(text), want, "{text}");
    }
    for text in [
        "thanks Hamilton council for the help",
        "I love Hamilton and want it to thrive",
        "Many thanks, Hamilton Council staff",
        "Thank you NHS",
        "Regards to the Staff at Wishaw",
    ] {
        untouched(text);
    }
}

#[test]
fn listed_names_go_anywhere() {
    let r = Redactor::with_options(&super::super::RedactOptions {
        names: vec!["Siobhan Kerr".into(), "Dr Aziz".into(), "Kerr".into()],
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        r.redact("siobhan kerr was great, Kerr again, Kerrs no"),
        "[name] was great, [name] again, Kerrs no"
    );
    assert_eq!(r.redact("Dr Aziz."), "[name].");
}
