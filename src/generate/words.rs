//! Everything else the generator draws from: filler sentences, people, places, times, groups,
//! campaign texts and the fictional personal details.

/// Sentences about nothing the code frame covers.
pub(super) const FILLERS: &[&str] = &[
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
pub(super) const VERBS: &[&str] = &[
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
pub(super) const DAYS: &[&str] = &[
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
pub(super) const PLACES: &[&str] = &[
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
pub(super) const FEELINGS: &[&str] = &[
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
pub(super) const NON_ANSWERS: &[&str] = &[
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

pub(super) const PEOPLE: &[&str] = &[
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
pub(super) const TOWNS: &[&str] = &[
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
pub(super) const TIMES: &[&str] = &[
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
pub(super) const UNITS: &[&str] = &["days", "weeks", "months"];
pub(super) const BAD: &[&str] = &[
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
pub(super) const GOOD: &[&str] = &[
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
pub(super) const OPENERS: &[&str] = &[
    "Honestly, ",
    "To be fair ",
    "I think ",
    "Tbh ",
    "For me ",
    "Basically ",
    "Well ",
    "The main thing is ",
];

pub(super) const LOCALITIES: &[&str] = &[
    "Hamilton",
    "East Kilbride",
    "Clydesdale",
    "Rutherglen/Cambuslang",
];
pub(super) const LOCALITY_WEIGHTS: &[u32] = &[33, 28, 22, 17];
pub(super) const TYPES: &[&str] = &["Individual", "Unpaid carer", "Staff member", "Organisation"];
pub(super) const TYPE_WEIGHTS: &[u32] = &[61, 21, 13, 5];
pub(super) const AGES: &[&str] = &[
    "Under 25",
    "25-44",
    "45-64",
    "65-74",
    "75 or over",
    "Prefer not to say",
];
pub(super) const AGE_WEIGHTS: [[u32; 6]; 4] = [
    [6, 22, 30, 21, 15, 6],
    [3, 15, 42, 25, 10, 5],
    [8, 40, 47, 2, 0, 3],
    [0, 0, 0, 0, 0, 100],
];
pub(super) const CONSENTS: &[&str] = &[
    "Publish response with name",
    "Publish response only (without name)",
    "Do not publish response",
];

/// Standard campaign texts, and phrase edits that copies sometimes carry.
pub(super) struct Campaign {
    pub(super) text: &'static str,
    pub(super) edits: &'static [(&'static str, &'static str)],
}

pub(super) const CAMPAIGNS: [Campaign; 3] = [
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
pub(super) const CAMPAIGN_WEIGHTS: &[u32] = &[5, 3, 2];
pub(super) const CAMPAIGN_COMMENTS: &[&str] = &[
    "I totally agree with this.",
    "Please read this.",
    "My family all feel the same.",
    "This matters to us.",
    "Signed on behalf of my mum and dad too.",
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Agnes", "Jim", "Tam", "Isa", "Margaret", "Callum", "Betty", "Sandra", "Gary", "Jean", "Davie",
    "Morag", "Shona", "Rab", "Elspeth", "Kieran",
];
pub(super) const SURNAMES: &[&str] = &[
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
pub(super) const STREETS: &[&str] = &[
    "Whinberry Road",
    "Larkspur Court",
    "Brackenhill Gardens",
    "Meadowpark Lane",
    "Hazelden Crescent",
    "Thistlebank Drive",
];
pub(super) const RELATIVES: &[&str] = &[
    "my husband",
    "my mum",
    "my dad",
    "my wife",
    "my son",
    "my granny",
    "my brother",
];
