//! The bundled default lexicon (`lexicons/` in the source tree), compiled into the binary.

use super::{parse_files, Lexicon};
use std::path::PathBuf;

/// The bundled lexicon files: (path shown in messages, contents).
const FILES: &[(&str, &str)] = &[
    (
        "lexicons/aliases.toml",
        include_str!("../../lexicons/aliases.toml"),
    ),
    (
        "lexicons/priorities.toml",
        include_str!("../../lexicons/priorities.toml"),
    ),
    (
        "lexicons/sets.toml",
        include_str!("../../lexicons/sets.toml"),
    ),
    (
        "lexicons/T01-health-improvement.toml",
        include_str!("../../lexicons/T01-health-improvement.toml"),
    ),
    (
        "lexicons/T02-poverty-inequalities.toml",
        include_str!("../../lexicons/T02-poverty-inequalities.toml"),
    ),
    (
        "lexicons/T03-community-connection.toml",
        include_str!("../../lexicons/T03-community-connection.toml"),
    ),
    (
        "lexicons/T04-independent-living.toml",
        include_str!("../../lexicons/T04-independent-living.toml"),
    ),
    (
        "lexicons/T05-mental-health.toml",
        include_str!("../../lexicons/T05-mental-health.toml"),
    ),
    (
        "lexicons/T06-alcohol-drugs.toml",
        include_str!("../../lexicons/T06-alcohol-drugs.toml"),
    ),
    (
        "lexicons/T07-gp-primary-care.toml",
        include_str!("../../lexicons/T07-gp-primary-care.toml"),
    ),
    (
        "lexicons/T08-unscheduled-hospital.toml",
        include_str!("../../lexicons/T08-unscheduled-hospital.toml"),
    ),
    (
        "lexicons/T09-care-at-home.toml",
        include_str!("../../lexicons/T09-care-at-home.toml"),
    ),
    (
        "lexicons/T10-unpaid-carers.toml",
        include_str!("../../lexicons/T10-unpaid-carers.toml"),
    ),
    (
        "lexicons/T11-workforce.toml",
        include_str!("../../lexicons/T11-workforce.toml"),
    ),
    (
        "lexicons/T12-information-access.toml",
        include_str!("../../lexicons/T12-information-access.toml"),
    ),
];

/// The bundled default lexicon: 3 priorities and 12 themes. Its validity is checked by the
/// test suite, so failing to parse it is a build defect, not an input error.
pub fn default_lexicon() -> Lexicon {
    match parse_files(&files()) {
        Ok(lex) => lex,
        Err(e) => panic!("the bundled lexicon is invalid: {e}"),
    }
}

/// The bundled lexicon files as (path, contents).
pub(crate) fn files() -> Vec<(PathBuf, String)> {
    FILES
        .iter()
        .map(|(p, t)| (PathBuf::from(p), (*t).to_string()))
        .collect()
}

/// The bundled lexicon files, for writing them out (`hearken lexicon init`-style uses).
pub fn default_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_has_three_priorities_and_twelve_themes() {
        let lex = default_lexicon();
        assert_eq!(lex.frame.priorities.len(), 3);
        assert_eq!(lex.themes.len(), 12);
        let ids: Vec<&str> = lex.frame.themes.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"T01"));
        assert_eq!(ids.last(), Some(&"T12"));
        assert!(crate::coding::Coder::new(&lex).is_ok());
    }

    /// Answers and the themes the bundled frame gives them, exactly, as the codebook reads them.
    const EXACT: &[(&str, &[&str])] = &[
        // Gratitude, not missing information (T12); the break is the carer's (T10).
        (
            "The day centre gives me a break, I dont know what I'd do without it",
            &["T03", "T10"],
        ),
        // Not knowing where to go is about information.
        ("I don't know where to go for help with my mum", &["T12"]),
        // Hearing again is not an access barrier; not hearing is.
        ("New hearing aids, I can hear the birds again", &[]),
        (
            "I can't hear the receptionist through the glass",
            &["T07", "T11", "T12"],
        ),
        // The alarm that answers a fall is telecare (T04), said with or without its name.
        ("If I fall I've got the button", &["T04"]),
        ("Being ignored every time we say something", &["T12"]),
        // Staff who stick with a person, staff there are not, a care home called "the home".
        ("My keyworker never gave up on me", &["T11"]),
        ("The agency can't get staff", &["T11"]),
        ("The home phones us whenever anything happens", &["T09"]),
        // "Lovely" is a glob, so its stem does not take in "love"; no appointment is access.
        ("cant get a gp appt for love nor money", &["T07", "T12"]),
        // Contractions typed without the apostrophe code as written with it.
        ("i dont see many people these days", &["T03"]),
        ("ive looked after my husband for 10 years", &["T10"]),
        // Scots: "naewhere tae go", "cannae afford tae heat the hoose".
        ("the weans have naewhere tae go efter school", &["T03"]),
        ("cannae afford tae heat the hoose", &["T02"]),
        // Common misspellings, American spellings and short forms code as the words.
        ("the recptionist was rude", &["T07", "T11"]),
        ("Very profesional and caring", &["T11"]),
        ("my mum has dimentia and the anxity is terrible", &["T05"]),
        ("my neighbor checks in on me every morning", &["T03"]),
        ("waited 9 hours in the emergency room", &["T08", "T12"]),
        ("the hv was brilliant with my wee one", &["T07", "T11"]),
        // A family carer naming the person cared for is not a paid carer's visit (T09).
        ("i'm my wife's carer and i'm exhausted", &["T10"]),
        // A sister is a relative unless she is the ward's; caring for "our" dad is family care.
        (
            "My sister and I take turns caring for our dad, we are both shattered",
            &["T10"],
        ),
        (
            "Care agency sends someone different every single day",
            &["T09", "T11"],
        ),
        ("Midwife was amazing during my labour", &["T08", "T11"]),
        // Hours on a trolley are a wait as well as a hospital stay.
        (
            "sat on a trolley in a corridor for 14 hours",
            &["T08", "T12"],
        ),
        // A team called a lifeline is praised (T11); not being able to read is access (T12).
        (
            "the perinatal mental health team were a lifeline",
            &["T05", "T11"],
        ),
        ("i cant read so the forms are useless to me", &["T12"]),
        // Long comments on being spoken with name no service, yet are about care.
        (
            "Talked over the whole time and nobody would explain things to my husband or to \
             me, and by the end of the hour we were both more confused than when we first \
             came in the door that morning.",
            &["T11", "T12"],
        ),
        (
            "Both of the workers always took the time to listen and get to know me properly. \
             They respond with warmth and patience, and honestly I look forward to every \
             single visit from them now.",
            &["T11", "T12"],
        ),
        // Scots, text-speak and misspellings are read as the words they stand for
        // (aliases.toml), so they follow the standard word's rules: a misspelt "hospitle"
        // appointment is the hospital's, and "dinnae know" alone is no answer, like "don't know".
        ("naebody tells ye anything", &["T12"]),
        (
            "waitin on a hospitle appointment for months",
            &["T08", "T12"],
        ),
        ("dinnae know", &[]),
        // American spellings are read as British ones, possessives included.
        ("My mom's carers never stay long", &["T09", "T11"]),
        // "Ma nerves" is "my nerves", with its rule: nerves at the dentist are not T05.
        ("the dentist was great wi ma nerves", &["T07", "T11"]),
        (
            "cannae get an appt wi the docter for weeks",
            &["T07", "T12"],
        ),
    ];

    /// Answers and a theme the bundled frame gives them (`true`) or does not (`false`).
    const ONE_THEME: &[(&str, &str, bool)] = &[
        ("Don't know where I'd be without the group.", "T12", false),
        (
            "The home treatment team came out the same day",
            "T09",
            false,
        ),
        // Asking for more of a kind of staff is about staff numbers.
        ("Fund more mental health nurses in A&E", "T11", true),
        // A physical illness put down to the mind is not a mental health answer.
        (
            "Doctor said it was anxiety. Turned out to be my gallbladder.",
            "T05",
            false,
        ),
        ("My anxiety is worse since the move", "T05", true),
        // "mh" is how people type mental health.
        ("need proper mh support for teenagers", "T05", true),
        // The smoke of a chimney or of traffic is not smoking.
        (
            "The smoke from the new chimney blows straight into the play park",
            "T01",
            false,
        ),
        ("Help to stop smoking should be easier to find", "T01", true),
        // A door too narrow for a wheelchair is accessibility.
        (
            "The door of the clinic room is too narrow for my wheelchair",
            "T12",
            true,
        ),
        // Aids for sight loss at home are equipment; keeping sugars in check is self-management.
        (
            "Someone came out and gave mum a talking clock and put bump dots on her microwave",
            "T04",
            true,
        ),
        (
            "Since the new meter my sugars have been steady and I'm diabetic 20 years",
            "T01",
            true,
        ),
        // "8am-8pm" is opening hours, not the practice's 8am phone queue.
        (
            "The minor injuries unit is going from 24 hours to 8am-8pm",
            "T07",
            false,
        ),
        // A long answer about living with sight loss is about care though it names no service.
        (
            "I have been registered blind for six years now and most of the forms I am sent are \
             printed far too small to read, and the website for booking does not work with the \
             software I use, so I rely on my neighbour for everything",
            "T12",
            true,
        ),
        // Signs that leave people lost are information; text-speak is read as words.
        ("The signs in outpatients are confusing, we walked round in circles", "T12", true),
        ("dr was gr8 with my wee girl", "T11", true),
        ("Having to go all the way to the city for new hearing aid batteries is daft", "T12", true),
        // "Speech and language" is a therapy, and "miles better" is no distance.
        (
            "The speech and language therapist helped him and his talking is miles better",
            "T12",
            false,
        ),
        // Nerves calmed before a procedure are not a mental health answer; nor is a nurse who "didn't just tick boxes" about involvement.
        ("The porter calmed my nerves on the way to theatre", "T05", false),
        ("The nurse took time with my review and didn't just tick boxes", "T12", false),
        // Sending people home at night is discharge; a home that phones when things change keeps families informed.
        ("Dinnae send folk hame at midnight wi nae way to get back", "T08", true),
        ("The home always phone if anything changes with dad", "T12", true),
        // A language named beside letters or appointments is accessibility; so are hours sat in A&E, and having no car.
        ("I need letters in Arabic, I do not read English and I miss my appointment", "T12", true),
        ("Mental health crisis at night: you go to A&E and sit for 9 hours", "T12", true),
        (
            "Staff who have time to care. The ones we have are good but there aren't enough of them",
            "T11",
            true,
        ),
        // Staff too few to go round; a few hours to oneself, and grandparents raising grandchildren, are about carers.
        ("He loves the day centre and I get a few hours to myself", "T10", true),
        ("I'm bringing up my two grandweans since my daughter can't", "T10", true),
        ("Most of us don't have cars and the buses are terrible", "T12", true),
        // Banks, phones in schools, a paid carer's job: other senses.
        ("The bank is closing and the nearest branch is 20 miles away", "T12", false),
        (
            "Ban smartphones in secondary schools, the pupils are addicted to their phones",
            "T06",
            false,
        ),
        (
            "Ban smartphones in secondary schools, the pupils are addicted to their phones",
            "T12",
            false,
        ),
        ("I have been a home carer for 14 years and the pay is poor", "T10", false),
        // Household energy bills and benefit reassessments are money matters.
        (
            "Folk who cannae afford to use any energy pay the same standing charge as everyone else",
            "T02",
            true,
        ),
        (
            "Stop the repeat assessments. Every two years I fill in a 40 page form to prove I still cannot walk",
            "T02",
            true,
        ),
        // The consultation a response answers is not involvement; unpaid carers' services, a nursery, a teaching workforce and abuse at home are not staff.
        (
            "In response to the consultation on the tree felling, the survey says the trees are healthy",
            "T12",
            false,
        ),
        (
            "Response to the carers strategy: the carers centre is good but nobody asks about me",
            "T11",
            false,
        ),
        (
            "Funded childcare is great in theory but our nearest funded nursery is full",
            "T11",
            false,
        ),
        ("The teacher workforce plan ignores rural schools", "T11", false),
        // Families broken up, a cash machine, a dementia link worker, an allotment list: other senses.
        ("Long sentences break up families and the children suffer", "T10", false),
        ("Older folk are still using the cash machine at the post office every week", "T06", false),
        ("We were promised a dementia link worker and never got one", "T03", false),
        ("I have been on the allotment waiting list for 6 years", "T12", false),
        ("The refuge for women leaving domestic abuse was brilliant", "T11", false),
        // Appointments out of working hours are access; staff who make a patient feel he matters;
        // the online form for appointments is the practice's; a prescription left waiting is no wait.
        ("Evening appointments please, I work shifts", "T12", true),
        ("The staff at the day hospital make dad feel like he still matters", "T11", true),
        ("The online form for appointments closes at 10 past 8 every day", "T07", true),
        (
            "The out of hours doctor phoned and had a prescription waiting at the chemist for me",
            "T12",
            false,
        ),
        // The consultation a response answers, fast fashion and an independent charity: other senses.
        (
            "Response to the dementia strategy consultation and its survey: my mum needs a day centre",
            "T12",
            false,
        ),
        ("The consultation was a sham, the decision was already made", "T12", true),
        ("Introduce a levy on fast fashion retailers to pay for textile recycling", "T12", false),
        (
            "The hospice is an independent charity that cares for people in their last weeks",
            "T04",
            false,
        ),
        // Care workers' travel pay, "speaking as a social worker", a day-surgery phone call, ADP the
        // benefit, an independent brewery, teachers' workload, overdose prevention, children talking:
        // other senses.
        ("Carers need paid properly for the travel between visits or they leave", "T12", false),
        (
            "Speaking as a social worker who lives locally, the wait for care packages is hidden",
            "T11",
            false,
        ),
        ("Home from day surgery by lunchtime, phone call next day to check on me", "T07", false),
        ("Moving from PIP to ADP was a much better experience for me", "T06", false),
        (
            "Response from an independent brewery to the consultation on alcohol marketing",
            "T04",
            false,
        ),
        ("Teachers have a huge workload and class sizes keep growing", "T11", false),
        ("Open overdose prevention centres in every city", "T01", false),
        (
            "Schools that ban phones report kids actually talking to each other at lunchtime",
            "T12",
            false,
        ),
        // Too many managers, screen readers, staff "very off with you", reminders, waiting in the
        // corridor, a wheelchair the wrong size, letters in English only.
        ("Too many managers and not enough nurses on the wards", "T11", true),
        ("Please make your surveys work with screen readers", "T12", true),
        ("Some of the reception staff are very off with you if you're on benefits", "T11", true),
        ("They phoned to remind me the day before", "T12", true),
        ("Don't keep folk waiting in the corridor in their gowns", "T08", true),
        ("The wheelchair took 5 months to arrive and it's the wrong size", "T04", true),
        ("The letter come in English only and I am learning English at college", "T12", true),
        // Repeating one's history, a home that phones at any change, a receptionist who remembered a
        // name, text-speak, paying for a filling.
        (
            "Having to repeat my whole history to every single person. Do you not share notes?",
            "T12",
            true,
        ),
        ("Care home staff always phone me if there's any change with dad", "T12", true),
        ("The wee girl on reception at the health centre remembered my name", "T11", true),
        ("wd b gd if sum1 told us wots happenin wi my nan", "T12", true),
        ("Didn't know I'd have to pay for the filling, nobody said till after", "T02", true),
        // Rehab after a move between hospitals, being told to stay at home, ADP the benefit, the
        // carer's allowance: other senses.
        ("Got moved to a different hospital 40 miles away for rehab", "T06", false),
        (
            "Maternity triage told me to stay at home twice and I was 8cm when I came in",
            "T04",
            false,
        ),
        ("I got bumped off ADP at review and there is no support locally", "T06", false),
        (
            "I'm caring for my husband full time and the carers allowance is a pittance",
            "T11",
            false,
        ),
        // The drugs of end-of-life care and the carers' consultation: other senses.
        (
            "Families tell us they were sent home with a box of drugs and a phone number",
            "T06",
            false,
        ),
        (
            "I have filled in the carers consultation. I look after my man, he has had two strokes",
            "T11",
            false,
        ),
        // Caring told in the perfect tense, and staff caring for a patient.
        ("I've cared for my brother for twenty two years.", "T10", true),
        ("Ive been caring for dad since his stroke", "T10", true),
        ("The nurses have been caring for her beautifully", "T10", false),
        (
            "More hours from the home help. Mum wants to die at home but I'm doing nights and days and running on empty.",
            "T10",
            true,
        ),
        // Recovery counted in years, homelessness and a home of one's own.
        ("Not being judged at the surgery. Clean 2 years.", "T06", true),
        ("Chest infection 2 months on the street before anybody looked at me", "T04", true),
        ("Cars parking on the street for weeks on end", "T04", false),
        ("I want a job. I want my own flat with some help.", "T04", true),
        // Groups treated unequally; a price called robbery.
        ("If I go into a home I don't want to go back in the closet at 74", "T02", true),
        ("That my son gets the same chances as other kids.", "T02", true),
        ("Folk out here are forgotten about just because there's not many of us", "T02", true),
        ("Wifi please. And £10 a day for the telly is robbery.", "T02", true),
        // Access, involvement and hospital stays in the public's words.
        ("Appointments that aren't just 9 till 5 Monday to Friday.", "T12", true),
        ("Being believed. A doctor who doesn't look at me like I'm lazy.", "T12", true),
        ("I have told our story to 23 different professionals, I counted.", "T12", true),
        ("Nothing about us without us: ask the people who use the service.", "T12", true),
        ("Stop moving people at night. Dad was moved 4 times.", "T08", true),
        ("My methadone script wasn't sorted for a week", "T07", true),
        // Parents of a grown-up son or daughter, isolation after a death, staff in the public's words.
        ("Knowing someone will look after our Darren when we're gone.", "T10", true),
        ("since the wife passed i dont see anybody from one week to the next", "T03", true),
        ("The girls at the Monday group are absolute diamonds", "T11", true),
        ("Treated my gran with dignity. Spoke to her, not over her", "T11", true),
        ("Being able to go somewhere and not be judged", "T11", true),
        ("A named worker. One person.", "T11", true),
        ("Sensory friendly waiting rooms", "T12", true),
        ("Sensory friendly waiting rooms", "T11", false),
        ("Help with the forms.", "T12", true),
        // A phrase stops at a full stop: "a break. Even one night" is not "break even".
        ("A break. Even one night a month.", "T10", true),
        // Breaks, families coping, home carers and one's own GP praised, waits on the floor.
        ("a proper break. even one weekend a month.", "T10", true),
        ("I've been coping with my son's heroin use for ten years", "T10", true),
        ("Nothing really, my GP has been great with me", "T11", true),
        ("Mum's had 30 different people through the door this year", "T11", true),
        ("the lassies that come in the mornin tae ma da are pure brilliant", "T11", true),
        ("seen within 2 hours on a friday night, staff freindly", "T11", true),
        ("My neighbour lay on her kitchen floor 6 hours after a fall.", "T12", true),
        ("I've told our story to about 20 professionals", "T12", true),
        ("By the time you get through all the appointments are gone", "T12", true),
        ("Asked for a fit note and got it the same day through the app", "T07", true),
        // Call-backs, hours on a chair, a discharge at night; wifi is a facility.
        ("nobody ever phones you back", "T12", true),
        ("A&E. 9 hours on a plastic chair with a broken wrist.", "T12", true),
        ("Dont send an 84 year old home at 11 at night with nothing in place.", "T08", true),
        ("Wifi in the waiting room. And a water fountain", "T12", false),
        // Text-speak, and a sitting service for a carer.
        ("doc wz gr8 listnd 2 me n sorted ma meds", "T12", true),
        ("Someone to sit with my husband for a few hours so I could go for my messages", "T10", true),
        // Speed and early intervention in other senses: a horse, prices, cars, dogs.
        ("Hitting a tired horse to make it run faster is cruel", "T12", false),
        ("Food and energy prices have risen far faster than benefits", "T12", false),
        ("Cars come round the bend too fast and there is no pavement", "T12", false),
        (
            "Judge dogs on behaviour and fund dog wardens for early intervention with owners",
            "T01",
            false,
        ),
        // Other senses: a name used, a tree survey, eating disorders, pavement parking.
        ("The doctor called me by the wrong name twice", "T07", false),
        (
            "Residents were never consulted and no independent tree survey has been published",
            "T04",
            false,
        ),
        (
            "Teenagers with an eating disorder need a unit near home for their recovery, or they relapse",
            "T06",
            false,
        ),
        (
            "Enforce the pavement parking ban: anyone with a wheelchair has to go into the road",
            "T12",
            false,
        ),
        // Paid carers named by their reliability; the practice as a place that shuts or comes
        // back; Scots "aff" for "off".
        (
            "The carers are reliable and always ring if they're running late",
            "T09",
            true,
        ),
        ("The doctors is shut mair than it's open", "T07", true),
        (
            "If the doctor's came back to the village we wouldn't need two buses",
            "T07",
            true,
        ),
        ("The nurses were run aff their feet", "T11", true),
        // Scotland's disability benefits by name.
        (
            "I was turned down twice for the mobility component of disability assistance",
            "T02",
            true,
        ),
        // Other senses: staff pay is not poverty, a parking meter, a home-care call at 8am, teams
        // that pass you on, the care of buildings, a road in and out, consultants a council pays,
        // an allotment's waiting list, dogs swimming.
        (
            "The pay is poor and we lose good staff to the supermarkets",
            "T02",
            false,
        ),
        (
            "Had to keep nipping out to top up the meter in the car park",
            "T02",
            false,
        ),
        (
            "Mum's morning call is meant to be at 8am but they turn up at half eleven",
            "T07",
            false,
        ),
        (
            "There's that many different teams and numbers and they all pass you on",
            "T11",
            false,
        ),
        (
            "Good care of historic buildings depends on owners knowing the rules, so publish a \
             short guidance leaflet for owners and make sure the council is seen to apply them, \
             with tighter controls on alterations to the terraces and a named officer for the \
             conservation area",
            "T12",
            false,
        ),
        (
            "It's the only road in and out of the glen and it was not gritted once last winter",
            "T12",
            false,
        ),
        ("Stop paying consultants and fix the potholes", "T08", false),
        (
            "The site has 22 allotment plots which have been in use since 1947 and there is a \
             waiting list of over 50 people",
            "T12",
            false,
        ),
        (
            "The dogs swimming in the burn have been sick all summer",
            "T01",
            false,
        ),
        // Misspellings read as the words meant.
        ("The reseption staff are rude every time", "T07", true),
        ("The nurce was lovely wi my mum", "T11", true),
        ("My anxeity is through the roof", "T05", true),
        ("Help to stay helthy and get more exersize", "T01", true),
        // Caring for a friend; personal care a family member gives; the main support; a low mood
        // told as "got very low"; vaping as public health even in a long text with no care word.
        ("I look after my pal who drinks, I make sure he eats", "T10", true),
        (
            "I was doing everything myself, washing him and dressing him",
            "T10",
            true,
        ),
        ("I am his mother and his main support", "T10", true),
        ("My dad got very low after mum died", "T05", true),
        (
            "Vapes are everywhere in our school and the first years are vaping in the toilets \
             between classes, the bright colours and sweet flavours are aimed at kids and the \
             shops near the gates sell them to anyone",
            "T01",
            true,
        ),
        // Other senses: a school's punishment exercise; a paid carer's job.
        (
            "The teacher gave me a punishment exercise for being late",
            "T01",
            false,
        ),
        (
            "I've been a carer for 9 years. I love my job but the calls are too short",
            "T10",
            false,
        ),
    ];

    /// Answers that leave no evidence at all for a theme: words whose stems would reach them
    /// ("dependency", "engaged", "results", "cycling") are written as globs.
    const NO_EVIDENCE: &[(&str, &str)] = &[
        ("It depends on the bus", "T06"),
        ("The engagement events were badly run", "T07"),
        ("As a result the road is busier", "T12"),
        ("A cycle lane on the main road", "T01"),
    ];

    fn bundled_coder() -> crate::coding::Coder {
        crate::coding::Coder::new(&default_lexicon()).expect("the bundled lexicon compiles")
    }

    /// The theme ids `coder` gives `text`.
    fn codes(coder: &crate::coding::Coder, text: &str) -> Vec<String> {
        let c = coder.code_text(text);
        c.themes
            .iter()
            .map(|t| coder.frame().theme_id(t.theme).to_string())
            .collect()
    }

    #[test]
    fn bundled_frame_codes_these_answers_as_the_codebook_does() {
        let coder = bundled_coder();
        for (text, want) in EXACT {
            assert_eq!(codes(&coder, text), *want, "{text}");
        }
        for (text, theme, given) in ONE_THEME {
            let got = codes(&coder, text).iter().any(|t| t == theme);
            assert_eq!(got, *given, "{text}: {theme}");
        }
    }

    #[test]
    fn bundled_entries_do_not_reach_words_of_another_sense() {
        let coder = bundled_coder();
        for (text, theme) in NO_EVIDENCE {
            let c = coder.code_text(text);
            assert!(
                c.evidence
                    .iter()
                    .all(|e| coder.frame().theme_id(e.theme) != *theme),
                "{text}: {theme}"
            );
        }
    }
}
