//! The word lists the redaction rules use, in one place. Lists are written as one string of
//! words separated by blanks (a `_` stands for a space inside a phrase) so they stay easy to read
//! and edit; [`list`] splits them.

/// The entries of a word list: blank-separated, `_` read as a space.
pub(super) fn list(words: &'static str) -> impl Iterator<Item = String> {
    words.split_whitespace().map(|w| w.replace('_', " "))
}

/// Abbreviated titles; the first letter may be lower case ("dr Patel", "mrs mcleod").
pub(super) const TITLE_ABBREVIATIONS: &str = "Mrs Mr Ms Mx Dr Prof Cllr Revd Rev";

/// Titles written in full; they must be capitalised ("I miss Glasgow" has no title).
pub(super) const TITLE_WORDS: &str = "Miss Doctor Nurse Sister Matron Councillor Professor \
    Reverend Pastor Father Sir Dame Lady Lord";

/// Phrases after which the writer or a contact is named.
pub(super) const INTRODUCTIONS: &str = "my_name_is my_name's name's i_am_called i'm_called \
    i_am_named i'm_named ask_for asked_for they_call_me call_me_by organised_by organized_by \
    written_by submitted_by signed_by name: full_name: patient_name: contact:";

/// Sign-offs that end a letter and are followed by the writer's name.
pub(super) const SIGN_OFFS: &str = "regards kind_regards best_regards warm_regards \
    warmest_regards with_regards yours_sincerely yours_faithfully yours_truly best_wishes \
    all_the_best many_thanks thanks_again thank_you thanks cheers love from signed sincerely \
    faithfully with_thanks warm_wishes kind_wishes best yours";

/// Sign-offs common enough in ordinary sentences that a comma or line break must follow them
/// before a name is read ("Thanks, Jean" but not "thanks Hamilton council").
pub(super) const WEAK_SIGN_OFFS: &str = "thanks thank_you many_thanks thanks_again cheers love \
    from signed best yours";

/// Greetings followed by a name and a comma or line break ("Dear Jean,").
pub(super) const GREETINGS: &str = "dear hi hello hiya";

/// People a capitalised word after "my ..." or "a ... called" names ("my husband John").
pub(super) const RELATIONS: &str = "husband wife partner spouse fiance fiancé fiancee fiancée \
    boyfriend girlfriend hubby wifey missus other_half fella \
    mum mam mom mummy mother dad daddy father stepmum stepmother stepdad stepfather \
    son sons daughter daughters stepson stepdaughter child children kids kid baby twin twins \
    boy boys girl girls lad lads lass lassie laddie bairn bairns wean weans \
    brother brothers sister sisters grandson grandsons granddaughter granddaughters \
    grandchild grandchildren grandwean gran granny grannie nan nana nanna grandmother grandma \
    grandfather grandad granda grandpa papa aunt auntie aunty uncle nephew niece cousin \
    friend pal mate neighbour neighbours neighbor neighbors lodger flatmate \
    carer carers care_worker support_worker key_worker home_carer social_worker link_worker \
    gp doctor nurse district_nurse health_visitor midwife consultant physio dentist \
    pharmacist advocate receptionist therapist psychiatrist psychologist surgeon paramedic \
    manager volunteer driver teacher officer lady man woman gentleman guy chap \
    staff_member care_manager";

/// Words that may stand between the possessive and the relation ("my late husband").
pub(super) const RELATION_MODIFIERS: &str = "late elderly disabled young little wee eldest \
    youngest oldest older younger big twin new former ex step lovely poor dear best close good \
    old two three";

/// Capitalised words that are never names or towns, compared in lower case: function words,
/// days and months that are not also given names, titles and relations (handled by their own
/// rules), service words ("my GP Practice") and words that follow "I'm" ("I'm Scottish").
pub(super) const NOT_NAMES: &str = "a an the and or but nor so yet if then than when while \
    whilst where who whom whose which what why how that this these those there here it its i \
    me my mine we us our you your he him his she her they them their is was are were be been \
    being has had have having do does did done can could would shall should might must not no \
    yes also too very just only even still now always never often sometimes usually today \
    yesterday tomorrow tonight please thanks thank sadly unfortunately luckily thankfully \
    recently currently eventually finally because although though since as at in on of to for \
    from with without by about after before until till into onto over under up down out off \
    through during across against between among every each all any some many much most more \
    less few both either neither other another last next first second let got get gets went \
    goes go says said lives lived works worked needs needed uses used came comes took takes \
    tried feels felt ok okay however again well who's im i'm i've i'd i'll \
    monday tuesday wednesday thursday friday saturday sunday january february march july \
    september october november december \
    mr mrs ms mx miss dr doctor prof professor nurse sister matron councillor cllr rev revd \
    reverend pastor father sir dame lady lord madam \
    mum mam mom mummy dad daddy gran granny nan nana papa grandad grandma grandpa auntie uncle \
    hospital practice surgery centre center clinic ward unit team service services council \
    partnership board health care trust society group home office department ambulance \
    pharmacy chemist practitioner specialist consultant surgeon manager worker support lead \
    visitor staff social community day night christmas help advice information assistance \
    street road nhs gp gps covid a&e \
    scottish english irish welsh british polish indian pakistani african american european \
    asian chinese muslim christian catholic protestant jewish hindu sikh deaf blind disabled \
    autistic dyslexic diabetic registered retired unemployed sorry glad happy sure fine \
    grateful writing going concerned worried afraid unable able aware angry upset tired sick \
    fed fed-up disappointed delighted pleased lucky married single widowed divorced \
    someone anyone everyone nobody somebody everybody";

/// Lower-case words that follow an abbreviated title in ordinary writing ("my dr appointment",
/// "ms symptoms"); after a lower-case title, a word from this list (or [`NOT_NAMES`]) is no
/// name.
pub(super) const COMMON_AFTER_TITLES: &str = "appointment appointments surgery surgeries \
    practice practices office receptionist receptionists visit visits letter letters note \
    notes referral referrals told tells telling asked asking prescribed prescription \
    prescriptions symptoms symptom fatigue relapse relapses diagnosis nurse nurses society \
    clinic clinics team teams medication medicine medicines treatment treatments pain \
    flare flares fog drugs drug specialist specialists patients patient service services \
    review reviews check checks wait waiting list lists phone phoned calls call called \
    rang ring sent send sees see saw seen never always kept keeps wants wanted thinks thought \
    seemed seems listened listens refused refuses explained explains gave gives give \
    booked book bookings booking cancelled cancels irrelevant unimportant private withheld \
    confidential anonymous unknown";

/// Street-type words that end the street part of an address ("Road", "Wynd", "Brae"...).
pub(super) const STREET_TYPES: &str = "street st road rd avenue ave drive crescent cres \
    place pl terrace terr gardens gdns court ct way lane ln wynd close brae gate park grove \
    view row loan loaning square sq quadrant circle mews walk path green rise hill vale bank \
    neuk vennel boulevard parade mount quay wharf steading cottages mains glen gait causeway \
    circus croft heights knowe lea meadow meadows wood";

/// Street types unambiguous enough to end a lower-case address ("12 main street").
pub(super) const LOWER_STREET_TYPES: &str = "street road avenue crescent terrace gardens wynd \
    drive place court close lane brae grove";

/// Words that stand between a number and a street type in ordinary sentences ("a 2 hour drive",
/// "5 minute walk"); a lower-case address never contains them.
pub(super) const NOT_STREET_WORDS: &str = "minute minutes min mins hour hours hr hrs mile miles \
    day days week weeks month months year years yard yards metre metres meter meters km \
    mph lane lanes bus buses car cars time times storey storeys bed bedroom bedrooms seater \
    door doors way ways";

/// Words that name a house rather than a street ("Rosebank Cottage").
pub(super) const HOUSE_TYPES: &str = "cottage cottages farmhouse farm lodge villa bungalow \
    manse schoolhouse steading bothy house mill croft rectory vicarage";

/// House words that name a home even with nothing after them ("we live in Rose Cottage").
pub(super) const STRONG_HOUSE_TYPES: &str = "cottage farmhouse bungalow villa manse schoolhouse \
    steading bothy rectory vicarage";

/// Phrases after which a house name or address follows ("I live at Braeside").
pub(super) const RESIDENCE_CUES: &str = "live_at lives_at living_at stay_at stays_at \
    staying_at lived_at address_is address: house_is_called home_is_called house_called \
    cottage_called farm_called";

/// Words that say a date is a date of birth.
pub(super) const DOB_CUES: &str = "born birth dob d.o.b birthday birthdate b'day";

/// Webmail providers: "mary at gmail" is an address even without its ".com".
pub(super) const MAIL_PROVIDERS: &str = "gmail googlemail hotmail yahoo btinternet icloud aol \
    ymail protonmail blueyonder ntlworld tiscali btopenworld virginmedia talktalk";

/// Providers whose name is also an everyday word: an address needs the ".com" after them.
pub(super) const WEAK_MAIL_PROVIDERS: &str = "outlook live msn sky mail nhs";

/// Social networks: a path on them names a person or a page of one.
pub(super) const SOCIAL_HOSTS: &str = "facebook.com fb.com m.facebook.com instagram.com \
    twitter.com x.com tiktok.com linkedin.com youtube.com threads.net snapchat.com bsky.app \
    gofundme.com justgiving.com pinterest.com reddit.com tumblr.com medium.com github.com \
    gitlab.com";

/// Words naming a social network, after which a user name may follow ("my insta is ...").
pub(super) const SOCIAL_CUES: &str = "instagram insta ig twitter tiktok snapchat snap threads \
    bluesky facebook fb";

/// Words for digits, as phone numbers are sometimes written out.
pub(super) const NUMBER_WORDS: &str = "zero oh nought nil one two three four five six seven \
    eight nine double triple treble";

/// Words that wake the vehicle rules for lower-case or older plates.
pub(super) const VEHICLE_CUES: &str = "reg registration plate plates numberplate car van";
