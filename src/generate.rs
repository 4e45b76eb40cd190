//! A deterministic synthetic survey export for benchmarks at scale.
//!
//! [`generate`] streams a Citizen Space style CSV (the columns of `sample-data/`) with exactly the
//! requested number of non-empty open answers. Answers are composed from sentence templates with
//! slots (services, people, places, numbers, time phrases), so the same idea is worded many ways;
//! they mix the twelve default themes at uneven rates with plenty of text that codes to nothing,
//! spelling slips, lower-case and unpunctuated writing, a few campaign texts copied with edits, and
//! fictional personal details (Ofcom drama phone numbers, `example.com` addresses, invented names).
//!
//! The random numbers come from a small SplitMix64 generator and every floating-point step uses
//! only correctly rounded IEEE operations (no platform `exp`/`ln`), so one seed gives the same bytes
//! on every platform. Memory does not grow with the number of answers: one row is built at a time
//! in reused buffers.

use std::io::Write;

/// The header row, in column order: id, date, three attributes, consent and three open questions.
pub const HEADER: [&str; 9] = [
    "Response ID",
    "Date submitted",
    "Locality",
    "Which of these best describes you?",
    "Age group",
    "May we publish your response?",
    "What matters most to you about health and social care in your community?",
    "What would help you, or the person you care for, to stay well at home?",
    "Is there anything else you want to tell us?",
];

/// The longest answer length drawn, in words (an answer ends with the sentence that reaches its
/// drawn length, so it may run a few words over).
pub const MAX_WORDS: u32 = 2000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of non-empty open answers to write (spread over about half as many respondents).
    pub answers: u64,
    /// Seed of the random sequence; the same seed always gives the same file.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenerateStats {
    /// Data rows (respondents) written, header excluded.
    pub respondents: u64,
    /// Non-empty open answers written.
    pub answers: u64,
    /// Words in those answers (runs of non-space characters).
    pub words: u64,
}

/// Failure to write the generated file.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The CSV writer or the underlying output failed.
    #[error("failed to write generated CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Flushing the output failed.
    #[error("failed to write generated CSV: {0}")]
    Io(#[from] std::io::Error),
}

/// SplitMix64: a tiny, fast, well-mixed generator with a fixed, documented output sequence.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (0 when `n` is 0), by multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A uniform float in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn in proportion to `weights` (index 0 if all are zero).
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        if total == 0 {
            return 0;
        }
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if r < u64::from(w) {
                return i;
            }
            r -= u64::from(w);
        }
        weights.len() - 1
    }
}

/// `e^x` from correctly rounded operations only, so the result is the same on every platform.
/// Accurate to a few ulps for |x| < 700, which is all the word-length model needs.
pub fn exp_portable(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    let n = (x * std::f64::consts::LOG2_E + 0.5).floor();
    let r = x - n * std::f64::consts::LN_2;
    // Taylor series of e^r for |r| <= ln(2)/2, summed by Horner's rule.
    let mut sum = 1.0;
    let mut k = 20.0;
    while k >= 1.0 {
        sum = 1.0 + r * sum / k;
        k -= 1.0;
    }
    let scale = f64::from_bits(((1023 + n as i64) as u64) << 52);
    sum * scale
}

/// Words for one answer: log-normal with median 35 (sigma 0.85; normal variate by summing twelve
/// uniforms), plus a rare uniform 600-2,000 word tail for long letters and submissions.
fn answer_words(rng: &mut SplitMix64, essay_rate: f64) -> u32 {
    if rng.chance(essay_rate) {
        return 600 + rng.below(u64::from(MAX_WORDS - 600) + 1) as u32;
    }
    let mut z = -6.0;
    for _ in 0..12 {
        z += rng.unit();
    }
    let w = 35.0 * exp_portable(0.85 * z);
    (w.round() as u32).clamp(1, MAX_WORDS)
}

/// A respondent's position in the file mapped one-to-one onto a `ANON-XXXX-XXXX-X` id: the index
/// goes through a seed-keyed bijection of 45 bits, then nine base-32 letters. Ids never repeat
/// within a file (up to 2^45 rows) without keeping any set in memory.
pub fn response_id(index: u64, seed: u64, out: &mut Vec<u8>) {
    const BITS: u32 = 45;
    const MASK: u64 = (1u64 << BITS) - 1;
    const ALPHABET: &[u8; 32] = b"123456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let key = SplitMix64::new(seed).next_u64();
    let mut x = (index ^ key) & MASK;
    // Odd multipliers and right xor-shifts are both invertible modulo 2^45.
    x = x.wrapping_mul(0x0005_DEEC_E66D) & MASK;
    x ^= x >> 22;
    x = x.wrapping_mul(0x0001_9E37_79B9) & MASK;
    x ^= x >> 19;
    x = (x ^ (key >> BITS)) & MASK;
    out.extend_from_slice(b"ANON-");
    for i in 0..9 {
        if i == 4 || i == 8 {
            out.push(b'-');
        }
        let shift = 40 - 5 * i;
        out.push(ALPHABET[((x >> shift) & 31) as usize]);
    }
}

/// Twelve themes with slot vocabularies and templates. Slots: `{a}` a service or thing of the theme,
/// `{b}` an issue of the theme, `{p}` a person, `{n}` a small number, `{N}` a larger number, `{t}` a
/// time phrase, `{w}` a unit of time, `{T}` a town, `{B}` a complaint, `{G}` a compliment; in
/// everyday sentences also `{v}` a trip, `{d}` a day, `{o}` a place and `{e}` a feeling.
struct Theme {
    /// Relative frequency in each of the three questions (before group adjustments).
    weight: [u32; 3],
    a: &'static [&'static str],
    b: &'static [&'static str],
    templates: &'static [&'static str],
    fragments: &'static [&'static str],
}

const THEMES: [Theme; 12] = [
    // T01 health improvement and prevention
    Theme {
        weight: [50, 80, 20],
        a: &[
            "exercise classes",
            "walking groups",
            "the leisure centre",
            "a health check",
            "chair yoga",
            "the gym",
            "swimming",
            "a stop smoking group",
            "the weight management course",
            "the falls class",
            "cooking classes",
            "the health walk",
        ],
        b: &[
            "staying fit",
            "keeping active",
            "catching things early",
            "looking after yourself",
            "getting out walking",
            "eating better",
            "screening",
            "keeping moving",
        ],
        templates: &[
            "something like {a} for older folk would keep people out of the doctors",
            "{a} in {T} stopped and never came back",
            "{b} is the best medicine but nobody helps you with it",
            "I'd pay a wee bit for {a} if it was local",
            "{p} was a different person after {n} weeks of {a}",
            "if you catch things early it saves everyone a fortune",
            "{b} should start at school",
            "there should be {a} at times working people can get to",
            "{a} was {G}, I felt so much better",
            "nobody checks on you until something goes badly wrong",
            "it's all about {b} really",
            "help folk with {b} before they end up needing a lot more",
        ],
        fragments: &["keeping fit", "exercise", "staying healthy", "more {a}"],
    },
    // T02 poverty and health inequalities
    Theme {
        weight: [45, 30, 25],
        a: &[
            "the gas bill",
            "the electric",
            "the rent",
            "food",
            "bus fares",
            "glasses",
            "the messages",
            "school uniforms",
            "heating",
        ],
        b: &[
            "worrying about money",
            "the cost of everything",
            "debt",
            "being skint",
            "the benefits system",
            "universal credit",
            "low pay",
            "pension credit",
        ],
        templates: &[
            "{a} has gone through the roof and something has to give",
            "{b} is making folk ill round here",
            "people in {T} are choosing between heating and eating",
            "{p} sits in one room with a blanket to save on {a}",
            "half the street is on {b} and struggling",
            "you shouldn't need to be well off to stay healthy",
            "if you're on universal credit you can't afford {a} never mind anything else",
            "the poorer schemes get the worst of everything",
            "the help with {b} at the community centre was {G}",
            "{b} is the real problem, the rest follows from it",
            "it's a postcode lottery what you get",
        ],
        fragments: &["money", "cost of living", "{b}"],
    },
    // T03 community connection and activities
    Theme {
        weight: [60, 70, 30],
        a: &[
            "the lunch club",
            "the day centre",
            "the community cafe",
            "the men's shed",
            "the church group",
            "a befriender",
            "the knit and natter",
            "the youth club",
            "the dementia cafe",
            "bingo at the hall",
        ],
        b: &[
            "being on your own",
            "loneliness",
            "having nobody to talk to",
            "isolation",
            "sitting in alone",
            "having nowhere to go",
        ],
        templates: &[
            "{a} is the only time {p} gets out the house",
            "since {a} closed there's nothing in {T}",
            "{b} is worse than any illness",
            "I can go {n} days without speaking to a soul",
            "{a} in {T} is {G} and run by volunteers",
            "{p} has been lost since {a} stopped",
            "folk need somewhere to go for a cuppa and a blether",
            "{b} in the winter is awful",
            "more things like {a} please",
            "the volunteers at {a} deserve a medal",
            "naebody comes near {p} fae one week tae the next",
        ],
        fragments: &["{a}", "{b}", "things to do"],
    },
    // T04 independent living and housing
    Theme {
        weight: [30, 120, 20],
        a: &[
            "a stair lift",
            "grab rails",
            "a walk in shower",
            "a ramp",
            "the alarm pendant",
            "a key safe",
            "a commode",
            "a hoist",
            "a bungalow",
            "a downstairs flat",
            "the adaptations",
            "a perching stool",
        ],
        b: &[
            "staying in my own home",
            "living independently",
            "managing on my own",
            "getting about the house",
            "the stairs",
            "bathing",
        ],
        templates: &[
            "we waited {n} months for {a}",
            "{p} just wants to keep {b}",
            "{a} made all the difference to {p}",
            "still no sign of {a} after the OT came out",
            "the house isn't suitable anymore, {b} is a struggle",
            "nobody wants to go into a home",
            "the council said {a} would take another {n} {w}",
            "{a} arrived in {n} days, {G}",
            "more housing for older people near the shops",
            "help with {b} so you don't end up in hospital",
            "ah just want tae bide in ma ain hoose",
        ],
        fragments: &["{a}", "{b}", "adaptations"],
    },
    // T05 mental health and wellbeing
    Theme {
        weight: [70, 40, 30],
        a: &[
            "counselling",
            "CAMHS",
            "the mental health team",
            "a psychologist",
            "talking therapy",
            "the crisis team",
            "the community psychiatric nurse",
            "a therapist",
        ],
        b: &[
            "anxiety",
            "depression",
            "panic attacks",
            "my nerves",
            "low mood",
            "dark thoughts",
            "stress",
            "not sleeping",
        ],
        templates: &[
            "{p} has been on the waiting list for {a} {t}",
            "I've had {b} for years and all I get is tablets",
            "waiting {n} {w} for {a} when you're in crisis is dangerous",
            "{G} help from {a} once we got in",
            "young ones with {b} have nowhere to go",
            "you shouldn't have to go to A&E to get help with {b}",
            "I don't even know who to phone when {b} gets bad",
            "my head's been all over the place and there's naebody to talk to",
            "the amount of {b} about since covid is frightening",
            "more {a} in schools",
        ],
        fragments: &["{a}", "{b}", "mental health"],
    },
    // T06 alcohol and drug recovery (rare)
    Theme {
        weight: [8, 5, 6],
        a: &[
            "rehab",
            "the addiction service",
            "the recovery cafe",
            "detox",
            "a methadone script",
            "the drug service",
            "AA meetings",
        ],
        b: &[
            "the drink",
            "drugs",
            "heroin",
            "street valium",
            "addiction",
            "alcohol",
        ],
        templates: &[
            "{p} has been battling {b} {t}",
            "waiting {n} {w} for {a} when someone is ready to stop is madness",
            "{a} saved my life",
            "families living with {b} get no help at all",
            "{b} is everywhere in {T} and nobody talks about it",
            "more places in {a} please",
        ],
        fragments: &["{a}", "{b}"],
    },
    // T07 GP and primary care access (very common)
    Theme {
        weight: [200, 70, 80],
        a: &[
            "the doctor",
            "the doctors",
            "my GP",
            "the surgery",
            "the health centre",
            "the practice",
            "a dentist",
            "the chemist",
            "the nurse at the practice",
            "a doc",
        ],
        b: &[
            "the phone queue at 8",
            "the callback system",
            "online booking",
            "repeat prescriptions",
            "getting past reception",
            "appointments",
        ],
        templates: &[
            "trying to see {a} is {B}",
            "I phoned {a} {n} times and got nowhere",
            "{p} waited {t} to get seen by {a}",
            "{b} is {B}, you just give up",
            "by the time you get through to {a} every slot has gone",
            "it took {n} {w} to get a slot with {a}",
            "{G} service from {a} once I actually got in",
            "cannae get in tae see {a} for love nor money",
            "I ended up at A&E because I couldn't get {a}",
            "no NHS dentist taking anybody on in {T}",
            "the practice in {T} has closed its list",
            "you need to see the same person at {a} who knows you",
        ],
        fragments: &["{a}", "{b}", "GP"],
    },
    // T08 unscheduled and hospital care
    Theme {
        weight: [80, 30, 40],
        a: &[
            "A&E",
            "the ambulance",
            "Hairmyres",
            "Wishaw General",
            "the hospital",
            "the ward",
            "out of hours",
            "NHS 24",
            "minor injuries",
        ],
        b: &[
            "the waiting",
            "discharge",
            "getting home from hospital",
            "being left on a trolley",
            "the waiting list for my operation",
        ],
        templates: &[
            "{p} waited {n} hours in {a}",
            "{a} is {B}, people lying in corridors",
            "{p} was stuck on the ward {t} waiting on carers",
            "the ambulance took {n} hours to come for {p}",
            "the staff at {a} were {G} but run off their feet",
            "{b} needs sorted",
            "sent home at midnight with no way of getting back to {T}",
            "been on the list for my hip {t}",
            "{b} was a shambles, nobody told us anything",
            "the hospital at home team were {G}",
        ],
        fragments: &["{a}", "{b}", "hospital waits"],
    },
    // T09 care at home and social care support (very common)
    Theme {
        weight: [120, 180, 50],
        a: &[
            "the carers",
            "the home carers",
            "the care package",
            "social work",
            "the care home",
            "the agency",
            "the social worker",
            "the home help",
        ],
        b: &[
            "the care package",
            "the assessment",
            "visits",
            "the rota",
            "self directed support",
            "direct payments",
            "the care home fees",
        ],
        templates: &[
            "the carers come at all different times and {p} never knows who's coming",
            "waiting on {b} {t}",
            "the carers only get {n} minutes, it's not enough",
            "{G} experience with {a} for {p}",
            "{p} needs two carers and they send one",
            "nobody explained {b} to us",
            "{a} said they'd phone back and never did",
            "put to bed at 7 at night like a wean",
            "{b} took {n} months to get sorted",
            "we had to pay for the care home and it took everything",
            "naebody phoned back fae {a}",
        ],
        fragments: &["{a}", "{b}", "care at home"],
    },
    // T10 support for unpaid carers
    Theme {
        weight: [40, 50, 30],
        a: &[
            "a break",
            "respite",
            "a sitter",
            "a night off",
            "a weekend away",
            "short breaks",
            "a proper holiday",
            "time to myself",
        ],
        b: &[
            "caring",
            "being a carer",
            "the caring",
            "looking after him",
            "looking after her",
        ],
        templates: &[
            "I haven't had {a} in {n} years",
            "{b} round the clock is wearing me down",
            "nobody asks how I'm doing, it's all about the person I look after",
            "{a} would mean the world",
            "got {a} in the end, {G}, but it took {t}",
            "we asked for a carer support plan and have been waiting {t}",
            "I gave up my job for {b} and feel invisible",
            "what happens to {p} if I take ill",
            "young carers miss school and nobody notices",
            "the carers centre in {T} is {G}",
            "I look after {p} 24/7",
            "{b} has taken over my whole life",
        ],
        fragments: &["{a}", "carers", "{a} for carers"],
    },
    // T11 workforce and staff
    Theme {
        weight: [60, 30, 70],
        a: &[
            "the staff",
            "the nurses",
            "the carers",
            "the girls that come in",
            "the district nurses",
            "agency staff",
            "the social workers",
            "the doctors",
        ],
        b: &[
            "being short staffed",
            "the pay",
            "burnout",
            "low pay",
            "recruitment",
            "the rota",
            "no travel time",
        ],
        templates: &[
            "{a} are {G} but there's just not enough of them",
            "{b} is driving good people away",
            "pay {a} properly and they'll stay",
            "{a} are run ragged",
            "there are never enough {a} on",
            "every time someone leaves, the rest pick up the slack",
            "{b} is the biggest problem in care",
            "I work in the service and {b} is killing us",
            "{a} looked after {p} with real kindness",
            "too many {a} leave within months",
        ],
        fragments: &["{a}", "{b}", "more staff"],
    },
    // T12 information, access and involvement
    Theme {
        weight: [80, 40, 80],
        a: &[
            "the bus",
            "community transport",
            "the website",
            "a phone number",
            "information",
            "an interpreter",
            "large print",
            "the internet",
        ],
        b: &[
            "transport",
            "getting to appointments",
            "finding out what's available",
            "being passed from pillar to post",
            "not being listened to",
            "everything being online",
        ],
        templates: &[
            "{b} is {B} if you live in {T}",
            "there's one bus an hour from {T} if you're lucky",
            "nobody tells you what's out there",
            "{b} shuts out older folk",
            "we need {a} that actually works",
            "you tell your story {n} times to {n} different people",
            "they ask us every year and nothing changes",
            "{b} is the biggest problem when you live out in the country",
            "a taxi to the hospital cost {p} {N} pounds",
            "{a} was {G} once we found out about it",
            "ask the people who use the services",
        ],
        fragments: &["{b}", "{a}", "transport"],
    },
];

/// Sentences about nothing the code frame covers.
const FILLERS: &[&str] = &[
    "I've lived in {T} for {N} years",
    "we moved from {T} a while back",
    "the weather's been rotten this year",
    "I'm filling this in on my phone so excuse the spelling",
    "don't know if anyone reads these",
    "it's been a tough few years for everybody",
    "anyway that's my thoughts",
    "{p} says the same",
    "I used to work in {T} before I retired",
    "I have {n} grandchildren",
    "this is the third survey I've done this year",
    "nothing against anyone personally",
    "I'll keep this short",
    "hope that makes sense",
    "there's a lot I could say",
    "things were different when I was younger",
    "we're just an ordinary family",
    "it is what it is",
    "my neighbour said I should fill this in",
    "I read about this in the local paper",
    "the new houses keep going up",
    "the roads round here are full of potholes",
    "our street has changed a lot",
    "sorry this is a bit of a ramble",
    "I don't want to moan",
    "thanks for asking",
    "that's about it really",
    "where do I start",
    "rant over",
    "I'm sure I'm no the only one",
    "aye well",
    "{p} told me about this survey",
    "we've had a hard time of it {t}",
    "I'm {N} and still going",
    "{d} {p} {v} {o} and came back {e}",
    "{d} I {v} {o}",
    "{p} {v} {o} {d}, {e}",
    "we {v} {o} {d} and it was {e}",
    "I was {e} {d}",
    "{p} was {e} after going to {o}",
    "{d} it was just {p} and me",
    "I used to go to {o} every week with {p}",
    "{p} still likes to get to {o} when the weather's fine",
    "{d} {p} phoned and was {e}",
    "I keep meaning to get down to {o}",
    "{o} has changed since {p} was young",
];
const VERBS: &[&str] = &[
    "went round to",
    "popped in to",
    "drove over to",
    "walked down to",
    "got the bus to",
    "nipped up to",
    "had a run out to",
    "went along to",
    "took a taxi to",
];
const DAYS: &[&str] = &[
    "last Tuesday",
    "on Monday",
    "the other week",
    "at the weekend",
    "yesterday",
    "over christmas",
    "a couple of months ago",
    "on Friday night",
    "in the summer",
    "this morning",
];
const PLACES: &[&str] = &[
    "the shops",
    "the chippy",
    "the library",
    "the post office",
    "the bank",
    "my sister's",
    "the garden centre",
    "church",
    "the park",
    "the big Asda",
    "the bowling club",
    "the football",
    "the coast",
    "the cafe",
];
const FEELINGS: &[&str] = &[
    "fine",
    "knackered",
    "a bit fed up",
    "not too bad",
    "worried sick",
    "chuffed",
    "fed up",
    "in good form",
    "shattered",
    "raging",
];

/// Whole answers that say nothing.
const NON_ANSWERS: &[&str] = &[
    "N/A",
    "n/a",
    "no",
    "No.",
    "nothing to add",
    "None",
    "-",
    "no thanks",
    "not at the moment",
    "Nothing else",
    "Thanks for asking",
    "As above",
    "nope",
    "see previous answer",
    "NA",
];

const PEOPLE: &[&str] = &[
    "my mum",
    "my dad",
    "my husband",
    "my wife",
    "my partner",
    "my gran",
    "my son",
    "my daughter",
    "our neighbour",
    "my brother",
    "my auntie",
    "the wife",
    "my man",
    "my nan",
    "my pal",
    "the wean",
    "my sister",
    "my father in law",
];
const TOWNS: &[&str] = &[
    "Hamilton",
    "East Kilbride",
    "Lanark",
    "Carluke",
    "Rutherglen",
    "Cambuslang",
    "Blantyre",
    "Larkhall",
    "Strathaven",
    "Biggar",
    "Lesmahagow",
    "Uddingston",
    "Bothwell",
    "Carnwath",
    "Forth",
    "Stonehouse",
];
const TIMES: &[&str] = &[
    "since the summer",
    "for months",
    "since before christmas",
    "for over a year",
    "since january",
    "for weeks now",
    "for the last two years",
    "since last spring",
    "for ages",
];
const UNITS: &[&str] = &["days", "weeks", "months"];
const BAD: &[&str] = &[
    "a nightmare",
    "hopeless",
    "a joke",
    "shocking",
    "impossible",
    "a disgrace",
    "beyond a joke",
    "ridiculous",
    "a shambles",
    "a pure shambles",
    "murder",
];
const GOOD: &[&str] = &[
    "brilliant",
    "excellent",
    "great",
    "fantastic",
    "really good",
    "spot on",
    "first class",
    "lovely",
    "a godsend",
];
const OPENERS: &[&str] = &[
    "Honestly, ",
    "To be fair ",
    "I think ",
    "Tbh ",
    "For me ",
    "Basically ",
    "Well ",
    "The main thing is ",
];

const LOCALITIES: &[&str] = &[
    "Hamilton",
    "East Kilbride",
    "Clydesdale",
    "Rutherglen/Cambuslang",
];
const LOCALITY_WEIGHTS: &[u32] = &[33, 28, 22, 17];
const TYPES: &[&str] = &["Individual", "Unpaid carer", "Staff member", "Organisation"];
const TYPE_WEIGHTS: &[u32] = &[61, 21, 13, 5];
const AGES: &[&str] = &[
    "Under 25",
    "25-44",
    "45-64",
    "65-74",
    "75 or over",
    "Prefer not to say",
];
const AGE_WEIGHTS: [[u32; 6]; 4] = [
    [6, 22, 30, 21, 15, 6],
    [3, 15, 42, 25, 10, 5],
    [8, 40, 47, 2, 0, 3],
    [0, 0, 0, 0, 0, 100],
];
const CONSENTS: &[&str] = &[
    "Publish response with name",
    "Publish response only (without name)",
    "Do not publish response",
];

/// Standard campaign texts, and phrase edits that copies sometimes carry.
struct Campaign {
    text: &'static str,
    edits: &'static [(&'static str, &'static str)],
}

const CAMPAIGNS: [Campaign; 3] = [
    Campaign {
        text: "Keep the Carluke health centre open. We the residents of Carluke ask the Partnership to keep \
               GP and nursing services in the town. Moving them to Lanark would mean two buses for many older \
               people and for families without a car. Local services keep people well and out of hospital. \
               Please listen to the community before any decision is made.",
        edits: &[("We the residents of Carluke ask", "I am asking"), ("two buses", "2 buses"),
            ("older people", "elderly people"), ("Please listen", "Listen"),
            ("keep people well", "keep folk well"), ("before any decision is made", "first")],
    },
    Campaign {
        text: "Fair pay for home carers now. Care at home workers in South Lanarkshire deserve a proper wage, \
               paid travel time and guaranteed hours. Without them people cannot leave hospital or stay \
               safely at home. I support the call for the Partnership to make fair pay for care at home staff \
               a priority in this plan.",
        edits: &[("deserve a proper wage", "deserve a decent wage"), ("cannot", "can't"),
            ("I support the call", "I back the call"), ("a priority", "the top priority")],
    },
    Campaign {
        text: "Respite for carers is not a luxury. Unpaid carers save the public purse millions every year but \
               short breaks are harder to get than ever. I am asking the Partnership to restore the respite \
               beds that have been lost and to give every carer who needs one a break each year.",
        edits: &[("is not a luxury", "isn't a luxury"), ("millions", "billions"),
            ("harder to get than ever", "near impossible to get"), ("I am asking", "I'm asking")],
    },
];
const CAMPAIGN_WEIGHTS: &[u32] = &[5, 3, 2];
const CAMPAIGN_COMMENTS: &[&str] = &[
    "I totally agree with this.",
    "Please read this.",
    "My family all feel the same.",
    "This matters to us.",
    "Signed on behalf of my mum and dad too.",
];

const FIRST_NAMES: &[&str] = &[
    "Agnes", "Jim", "Tam", "Isa", "Margaret", "Callum", "Betty", "Sandra", "Gary", "Jean", "Davie",
    "Morag", "Shona", "Rab", "Elspeth", "Kieran",
];
const SURNAMES: &[&str] = &[
    "McBride",
    "Gilchrist",
    "Rooney",
    "Kerr",
    "McAllister",
    "Baird",
    "Lindsay",
    "Hendry",
    "Muir",
    "Tennant",
];
const STREETS: &[&str] = &[
    "Whinberry Road",
    "Larkspur Court",
    "Brackenhill Gardens",
    "Meadowpark Lane",
    "Hazelden Crescent",
    "Thistlebank Drive",
];
const RELATIVES: &[&str] = &[
    "my husband",
    "my mum",
    "my dad",
    "my wife",
    "my son",
    "my granny",
    "my brother",
];

/// The generator's per-respondent profile.
struct Profile {
    kind: usize,
    locality: Option<usize>,
    sloppy: bool,
    lower: bool,
    no_punct: bool,
}

/// Builds one answer at a time into a reused byte buffer (all template text is ASCII; slips only
/// swap ASCII letters, so the buffer stays valid UTF-8).
struct Composer {
    rng: SplitMix64,
    buf: Vec<u8>,
    /// (address, length) of the last few templates used, so long answers do not repeat themselves;
    /// equal pairs always mean equal text, so the choice never depends on how literals are laid out.
    recent: [(usize, usize); 8],
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
    fn answer(&mut self, q: usize, profile: &Profile, weights: &[u32; 12]) {
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
    fn campaign(&mut self) {
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

fn push_number(buf: &mut Vec<u8>, n: u64) {
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

fn push_digits(buf: &mut Vec<u8>, n: u64, width: usize) {
    let mut tmp = [b'0'; 20];
    let mut n = n;
    for i in (0..width).rev() {
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    buf.extend_from_slice(&tmp[..width]);
}

/// Runs of non-whitespace bytes.
fn count_words(bytes: &[u8]) -> u32 {
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
fn theme_weights(q: usize, profile: &Profile) -> [u32; 12] {
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

/// Write a synthetic export with exactly `opts.answers` non-empty open answers to `out`.
/// `progress` is called with the running answer count every 10,000 answers and at the end.
pub fn generate<W: Write>(
    out: W,
    opts: &GenerateOptions,
    mut progress: impl FnMut(u64),
) -> Result<GenerateStats, GenerateError> {
    let mut wtr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1 << 16)
        .from_writer(std::io::BufWriter::with_capacity(1 << 20, out));
    wtr.write_record(HEADER)?;

    let mut rng = SplitMix64::new(opts.seed);
    let mut composer = Composer {
        rng: SplitMix64::new(opts.seed ^ 0xA5A5_5A5A_C3C3_3C3C),
        buf: Vec::new(),
        recent: [(0, 0); 8],
    };
    let mut cells: [Vec<u8>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut id = Vec::with_capacity(16);
    let mut date = Vec::with_capacity(24);
    let mut stats = GenerateStats::default();
    // Dates rise through an eight-week window as the file goes on, like an export sorted by date.
    const WINDOW_SECS: u64 = 56 * 86_400 - 1;
    let expected_rows = (opts.answers / 2).max(1);
    let mut last_secs = 0u64;
    let mut next_report = 10_000u64;

    while stats.answers < opts.answers {
        let remaining = opts.answers - stats.answers;
        let kind = rng.weighted(TYPE_WEIGHTS);
        let locality = if rng.chance(0.01) {
            None
        } else {
            Some(rng.weighted(LOCALITY_WEIGHTS))
        };
        let age = if kind == 3 && rng.chance(0.7) {
            ""
        } else {
            AGES[rng.weighted(&AGE_WEIGHTS[kind])]
        };
        let consent_weights: &[u32] = if kind == 3 {
            &[70, 20, 10]
        } else {
            &[18, 52, 30]
        };
        let consent = CONSENTS[rng.weighted(consent_weights)];
        let individual = kind != 3;
        let profile = Profile {
            kind,
            locality,
            sloppy: individual && rng.chance(0.22),
            lower: individual && rng.chance(0.12),
            no_punct: individual && rng.chance(0.06),
        };
        // One to three answers, two on average, so rows are about half the answers.
        let k = (1 + rng.below(3)).min(remaining) as usize;
        let which: [bool; 3] = match k {
            3 => [true, true, true],
            2 => match rng.below(20) {
                0..=11 => [true, true, false],
                12..=16 => [true, false, true],
                _ => [false, true, true],
            },
            _ => match rng.below(10) {
                0..=6 => [true, false, false],
                7..=8 => [false, true, false],
                _ => [false, false, true],
            },
        };
        for (q, cell) in cells.iter_mut().enumerate() {
            cell.clear();
            if which[q] {
                let weights = theme_weights(q, &profile);
                composer.answer(q, &profile, &weights);
                std::mem::swap(cell, &mut composer.buf);
                stats.words += u64::from(count_words(cell));
                stats.answers += 1;
            }
        }

        id.clear();
        response_id(stats.respondents, opts.seed, &mut id);
        let base = stats.respondents.saturating_mul(WINDOW_SECS) / expected_rows;
        let secs = (base + rng.below(900)).clamp(last_secs, WINDOW_SECS);
        last_secs = secs;
        date.clear();
        push_date(&mut date, secs);

        wtr.write_record([
            id.as_slice(),
            date.as_slice(),
            locality.map_or("", |l| LOCALITIES[l]).as_bytes(),
            TYPES[kind].as_bytes(),
            age.as_bytes(),
            consent.as_bytes(),
            cells[0].as_slice(),
            cells[1].as_slice(),
            cells[2].as_slice(),
        ])?;
        stats.respondents += 1;
        if stats.answers >= next_report {
            progress(stats.answers);
            next_report = stats.answers + 10_000;
        }
    }
    wtr.flush()?;
    progress(stats.answers);
    Ok(stats)
}

/// `YYYY-MM-DD HH:MM:SS` for `secs` seconds after 2026-02-02 08:00:00 (window ends in March).
fn push_date(buf: &mut Vec<u8>, secs: u64) {
    let day = secs / 86_400;
    let rest = secs % 86_400;
    // Submissions fall between 08:00 and 23:59 by folding the day's seconds into 16 hours.
    let in_day = rest * (16 * 3600) / 86_400 + 8 * 3600;
    let (month, dom) = if day < 27 {
        (2, day + 2)
    } else {
        (3, day - 26)
    };
    buf.extend_from_slice(b"2026-");
    push_digits(buf, month, 2);
    buf.push(b'-');
    push_digits(buf, dom, 2);
    buf.push(b' ');
    push_digits(buf, in_day / 3600, 2);
    buf.push(b':');
    push_digits(buf, in_day % 3600 / 60, 2);
    buf.push(b':');
    push_digits(buf, in_day % 60, 2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn run(answers: u64, seed: u64) -> (Vec<u8>, GenerateStats) {
        let mut out = Vec::new();
        let stats = generate(&mut out, &GenerateOptions { answers, seed }, |_| {})
            .expect("in-memory write");
        (out, stats)
    }

    #[test]
    fn splitmix64_matches_reference_sequence() {
        // First outputs of the reference SplitMix64 for seed 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = SplitMix64::new(7);
        for n in 1..50u64 {
            for _ in 0..100 {
                assert!(r.below(n) < n);
            }
        }
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn exp_portable_agrees_with_std() {
        for i in -400..=400 {
            let x = f64::from(i) / 50.0;
            let ours = exp_portable(x);
            let std = x.exp();
            assert!(((ours - std) / std).abs() < 1e-13, "x={x}: {ours} vs {std}");
        }
    }

    #[test]
    fn word_lengths_have_median_near_35_and_bounded_tail() {
        let mut r = SplitMix64::new(42);
        let mut v: Vec<u32> = (0..20_001).map(|_| answer_words(&mut r, 0.0004)).collect();
        v.sort_unstable();
        let median = v[v.len() / 2];
        assert!((30..=40).contains(&median), "median {median}");
        assert!(v[0] >= 1);
        assert!(*v.last().unwrap_or(&0) <= MAX_WORDS);
        assert!(v.iter().any(|&w| w >= 600), "no long tail");
    }

    #[test]
    fn response_ids_are_unique_and_shaped() {
        let mut seen = HashSet::new();
        let mut buf = Vec::new();
        for i in 0..50_000 {
            buf.clear();
            response_id(i, 9, &mut buf);
            let s = String::from_utf8(buf.clone()).expect("ascii");
            assert_eq!(s.len(), 16);
            assert!(s.starts_with("ANON-"));
            assert_eq!(&s[9..10], "-");
            assert_eq!(&s[14..15], "-");
            assert!(seen.insert(s));
        }
    }

    #[test]
    fn dates_stay_in_the_window() {
        let mut b = Vec::new();
        push_date(&mut b, 0);
        assert_eq!(b, b"2026-02-02 08:00:00");
        b.clear();
        push_date(&mut b, 56 * 86_400 - 1);
        assert_eq!(&b[..10], b"2026-03-29");
    }

    #[test]
    fn exact_answer_count_and_deterministic() {
        let (a, sa) = run(2_001, 5);
        let (b, sb) = run(2_001, 5);
        assert_eq!(a, b);
        assert_eq!(sa, sb);
        assert_eq!(sa.answers, 2_001);
        let mut rdr = csv::ReaderBuilder::new().from_reader(a.as_slice());
        let mut non_empty = 0;
        let mut rows = 0;
        for rec in rdr.records() {
            let rec = rec.expect("valid csv");
            assert_eq!(rec.len(), 9);
            non_empty += (6..9).filter(|&i| !rec[i].trim().is_empty()).count();
            rows += 1;
        }
        assert_eq!(non_empty, 2_001);
        assert_eq!(rows, sa.respondents);
        // Two answers per respondent on average.
        assert!((800..1_200).contains(&rows), "rows {rows}");
    }

    #[test]
    fn output_is_pinned() {
        // Any change to the tables, the templates or the arithmetic changes benchmark inputs; this
        // fingerprint makes such a change deliberate. It must also hold on every platform.
        let (out, stats) = run(200, 1);
        assert_eq!(stats.respondents, 103);
        assert_eq!(
            blake3::hash(&out).to_hex().as_str(),
            "dcd0b8b4481ea7001a568c71ceaabc31390abf209d8bb07cf56a9e2943fe854a"
        );
    }

    #[test]
    fn zero_answers_writes_only_the_header() {
        let (out, stats) = run(0, 1);
        assert_eq!(stats.respondents, 0);
        assert_eq!(String::from_utf8(out).expect("utf8").lines().count(), 1);
    }

    #[test]
    fn themes_campaigns_and_details_all_appear() {
        let (out, _) = run(20_000, 3);
        let text = String::from_utf8(out).expect("generated text is UTF-8");
        for needle in [
            "07700 900",
            "@example.",
            "Keep the Carluke health centre open",
            "Respite for carers",
            "care",
            "respite",
            "A&E",
            "rehab",
            "transport",
            "counselling",
        ] {
            assert!(text.contains(needle), "missing {needle}");
        }
    }
}
