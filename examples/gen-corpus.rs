//! Writes a synthetic book for benchmarks and end-to-end checks: chapters of Pandoc Markdown
//! with Chicago-style notes, a CSL-YAML bibliography they cite, the configuration that ties them
//! together, and the number of findings of each rule that the planted problems must produce.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --chapters 2000 --entries 20000 --seed 1 --out DIR
//! ```
//!
//! Writes `DIR/manuscript/chapter-0001.md` … (about 45 KB each), `DIR/bibliography.yaml`,
//! `DIR/cite-lint.yaml`, `DIR/expected.json` (`{"rule": count, ...}`) and `DIR/corpus.json`
//! (sizes: chapters, entries, notes, bytes). The same arguments always give the same bytes.
//!
//! Everything cited exists and is cited correctly (pages inside the entry's range, document
//! dates equal to the entry's date, relative dates that agree with the documents), except the
//! planted problems: in each run of ten chapters, one of each kind (see `Plant`), and at least one
//! of each kind in any corpus.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

// ------------------------------------------------------------------------------------------
// Randomness: splitmix64, seeded per entry and per chapter so that each is independent.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A seed for stream `stream`, item `index` of the run seeded with `seed`.
fn derive(seed: u64, stream: u64, index: u64) -> u64 {
    let mut r = Rng::new(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
    r.0 ^= index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
    r.next()
}

// ------------------------------------------------------------------------------------------
// Dates as days since 1970-01-01 (proleptic Gregorian).

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// The months by name, as cite-lint writes them.
fn month(m: i64) -> &'static str {
    cite_lint::model::chronology::month_name(m as u8)
}

const WEEKDAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

/// "13 January 1951".
fn long_date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{d} {} {y}", month(m))
}

/// "13 January", for a date whose year the reader carries over.
fn date_without_year(day: i64) -> String {
    let (_, m, d) = civil_from_days(day);
    format!("{d} {}", month(m))
}

fn weekday(day: i64) -> &'static str {
    WEEKDAYS[day.rem_euclid(7) as usize]
}

// ------------------------------------------------------------------------------------------
// Vocabularies. Surnames are three syllables out of forty (64,000 names), so no surname is
// shared by more than a handful of entries even at 100,000 entries; titles start with one of
// 10,000 adjective–noun pairs. No word here is a month, weekday or season, none names a kind of
// document (telegram, cable, wire, letter, message, memorandum), and none makes a relative date.

/// A vocabulary: words separated by `|`, split once.
type Words = LazyLock<Vec<&'static str>>;

fn words(list: &'static str) -> Vec<&'static str> {
    list.split('|').collect()
}

static SYLLABLES: Words = LazyLock::new(|| {
    words(
        "ba|chen|dor|ev|fa|gor|han|ik|jor|kal|lev|mar|nov|ol|pet|ros|sar|tov|ul|vin|wen|yas|\
         zel|ak|bor|dan|el|fir|gal|hol|in|kor|lin|mok|nar|or|pav|rin|sol|tam",
    )
});

static GIVEN: Words = LazyLock::new(|| {
    words(
        "Aleksei|Boris|Chen|Dmitri|Elena|Fyodor|Grigori|Hong|Ivan|Jin|Kirill|Lev|Mikhail|\
         Nikolai|Oleg|Pavel|Qian|Roman|Sergei|Taras|Vasili|Wei|Xiaoming|Yuri|Zhen|Anna|Bao|\
         Dong|Feng|Gang|Hui|Jian|Kang|Lin|Ming|Ning|Ping|Qing|Rong|Sheng|Tao|Wen|Xiang|Yong|\
         Zhi|Alan|Brian|Charles|David|Edward|Frank|George|Henry|James|Kenneth|Louis|Martin|\
         Norman|Oliver|Peter",
    )
});

/// Surnames of works that do not exist: each has a `q`, which no syllable above has.
static FAKE_SURNAMES: Words =
    LazyLock::new(|| words("Quellmarsh|Qadirov|Quenneville|Quistorp|Qorvath|Quaresma"));

static ADJECTIVES: Words = LazyLock::new(|| {
    words(
        "Uneasy|Divided|Fragile|Reluctant|Distant|Hidden|Broken|Unequal|Shifting|Bitter|\
         Silent|Narrow|Forgotten|Enduring|Contested|Limited|Armed|Secret|Fraternal|Troubled|\
         Uncertain|Perilous|Costly|Open|Closed|Northern|Southern|Eastern|Western|Frozen|\
         Partial|Rival|Common|Failed|Lost|Stubborn|Patient|Cautious|Bold|Hesitant|Delayed|\
         Sudden|Quiet|Strategic|Tactical|Imperial|Socialist|Revolutionary|Provincial|\
         Frontier|Coastal|Mountain|River|Border|Hollow|Formal|Informal|Shared|Final|First|\
         Second|Long|Short|Brief|Great|Small|Little|Grand|Steady|Restless|Wary|Guarded|\
         Measured|Calculated|Improvised|Ambiguous|Mutual|Parallel|Unfinished|Vanishing|\
         Rising|Declining|Crumbling|Forged|Tempered|Scattered|Gathered|Lasting|Fleeting|\
         Remote|Intimate|Public|Private|Official|Unofficial|Tangled|Crooked|Straight|Bright|\
         Dark",
    )
});

static NOUNS: Words = LazyLock::new(|| {
    words(
        "Alliance|Partnership|Frontier|Bargain|Rivalry|Embrace|Friendship|Compact|Crossing|\
         Retreat|Advance|Offensive|Armistice|Ceasefire|Truce|Stalemate|Intervention|Decision|\
         Gamble|Dilemma|Calculation|Commitment|Promise|Warning|Threat|Response|Reckoning|\
         Settlement|Negotiation|Mediation|Diplomacy|Strategy|Doctrine|Command|Campaign|Front|\
         Line|Border|Bridge|Harbour|Railway|Airfield|Supply|Arsenal|Shield|Sword|Banner|\
         Comrades|Brothers|Neighbours|Allies|Adversaries|Enemies|Patrons|Clients|Partners|\
         Envoys|Advisers|Generals|Leaders|Ministers|Soldiers|Volunteers|Pilots|Sailors|\
         Workers|Peasants|Students|Exiles|Prisoners|Refugees|Veterans|Witnesses|Archives|\
         Records|Memoirs|Reports|Papers|Files|Accounts|Origins|Legacies|Limits|Costs|Stakes|\
         Lessons|Myths|Shadows|Echoes|Voices|Silences|Summits|Talks|Terms|Treaties|Pledges|\
         Debts|Loans|Credits|Ambitions",
    )
});

static CONNECTORS: Words = LazyLock::new(|| words("in|on|over|along|beyond|across|and"));

static PLACES: Words = LazyLock::new(|| {
    words(
        "Manchuria|Korea|the Yalu|the Pacific|the Taiwan Strait|the Northeast|Asia|\
         the Far East|the Peninsula|Moscow|Beijing|Pyongyang|Seoul|Tokyo|Washington|\
         the Kremlin|the Frontier|the Thirty-Eighth Parallel|Inchon|Kaesong|Panmunjom|Andong|\
         Shenyang|Port Arthur|Dairen|Vladivostok|Harbin|Wonsan|Hungnam|Busan|Okinawa|\
         the Yellow Sea|the Sea of Japan|the Cold War|the Socialist Camp|the Third World|\
         Indochina|Hanoi|Rangoon|New Delhi|Geneva|Bandung|Warsaw|Prague|Berlin|Budapest|\
         Belgrade|Ulan Bator|Xinjiang|Tibet|Yunnan|Guangxi|Fujian|Hainan|Canton|Shanghai|\
         Nanjing|Wuhan|Chongqing|Lhasa",
    )
});

static SUBTITLES: Words = LazyLock::new(|| {
    words(
        "A New History|Soviet Documents|Chinese Sources|New Evidence|A Reassessment|\
         An International History|Diplomacy and War|The View from Moscow|\
         The View from Beijing|Politics and Strategy|Memory and Power|Aid and Influence|\
         A Documentary History|Alliance Politics in Asia|Power and Persuasion|\
         The Making of a Policy|Leaders and Led|Soldiers and Statesmen|Ideology and Interest|\
         Trust and Suspicion|Empire and Revolution|The Road to Panmunjom|\
         Origins and Consequences|Commanders at War|The Politics of Aid|A Study in Coercion|\
         Conflict and Cooperation|The Limits of Alliance|The Price of Victory|\
         Rethinking the Record",
    )
});

static PUBLISHERS: Words = LazyLock::new(|| {
    words(
        "Routledge|Lexington Books|Cornell University Press|Princeton University Press|\
         Stanford University Press|Harvard University Press|Columbia University Press|\
         Oxford University Press|Cambridge University Press|\
         University of North Carolina Press|Indiana University Press|Temple University Press|\
         Foreign Languages Press|New World Press|Palgrave Macmillan|Westview Press|\
         Rowman and Littlefield|University of California Press|Yale University Press|\
         Free Press|Hurst|Brill|Allen Lane|Penguin Books",
    )
});

static CITIES: Words = LazyLock::new(|| {
    words(
        "London|New York|Beijing|Princeton|Ithaca|Stanford|Cambridge|Oxford|Boulder|Lanham|\
         Bloomington|Philadelphia|Berkeley|Chicago|Toronto|Leiden|Basingstoke|New Haven",
    )
});

/// Journals, with the short title notes use when there is one.
const JOURNALS: [(&str, Option<&str>); 24] = [
    (
        "Cold War International History Project Bulletin",
        Some("CWIHP Bulletin"),
    ),
    ("Journal of Cold War Studies", None),
    ("Cold War History", None),
    ("Diplomatic History", None),
    ("The China Quarterly", None),
    ("Modern Asian Studies", None),
    ("Journal of Strategic Studies", None),
    ("International Security", None),
    ("Europe-Asia Studies", None),
    ("Journal of Contemporary History", None),
    ("Pacific Affairs", None),
    ("Asian Survey", None),
    ("Korean Studies", None),
    ("Journal of Korean Studies", None),
    ("Twentieth-Century China", None),
    ("Modern China", None),
    ("The International History Review", None),
    ("Diplomacy and Statecraft", None),
    ("Journal of American-East Asian Relations", None),
    ("Slavic Review", None),
    ("Chinese Historical Review", None),
    ("Journal of Military History", None),
    ("Far Eastern Affairs", None),
    (
        "Archival Documents of the Korean War",
        Some("Archival Documents"),
    ),
];

/// Document genres: as CSL `genre` and as notes write them.
const GENRES: [(&str, &str, &str); 4] = [
    ("Ciphered telegram", "Ciphered Telegram", "telegram"),
    ("Telegram", "Telegram", "telegram"),
    ("Letter", "Letter", "letter"),
    ("Memorandum", "Memorandum", "memorandum"),
];

/// Seasons: as notes write them, and their CSL number.
const SEASONS: [(&str, u32); 4] = [("Spring", 1), ("Summer", 2), ("Fall", 3), ("Winter", 4)];

// Prose.
static GROUPS: Words = LazyLock::new(|| {
    words(
        "the delegation|the general staff|the foreign ministry|the embassy|the front command|\
         the party centre|the politburo|the military council|the air division|\
         the supply department|the northern army|the volunteer command|the border guards|\
         the planning commission|the allied headquarters|the envoys|the advisers|\
         the ministers|the negotiators|the commanders",
    )
});

static THINGS: Words = LazyLock::new(|| {
    words(
        "supply lines|armistice terms|air cover|prisoner exchange|rail links|border defences|\
         artillery reserves|winter clothing|fuel stocks|training programme|loan agreement|\
         naval plans|radar stations|bridgeheads|coastal batteries|pilot training|\
         troop rotation|field hospitals|ammunition depots|river crossings|command structure|\
         ceasefire line|repatriation question|aid programme|trade agreement|\
         technical experts|joint headquarters|signal corps|engineer battalions|\
         anti-aircraft guns",
    )
});

static VERBS: Words = LazyLock::new(|| {
    words(
        "reviewed|postponed|approved|questioned|revised|defended|weighed|doubted|pressed for|\
         resisted|accepted|discussed|delayed|demanded|recommended|opposed|reconsidered|\
         endorsed|examined|rejected",
    )
});

static ADVERBIALS: Words = LazyLock::new(|| {
    words(
        "in the end|after long discussion|for the time being|with some reluctance|at first|\
         once again|in principle|without delay|in private|more cautiously than before",
    )
});

static CLAUSES: Words = LazyLock::new(|| {
    words(
        "which left little room for manoeuvre|which the others found hard to accept|\
         although nobody expected a quick result|and the matter was left open|\
         which deepened the mutual suspicion|though the records say little more|\
         and the decision was not announced|which surprised even its own officers",
    )
});

static STATES: Words = LazyLock::new(|| {
    words(
        "far from settled|badly organized|under strain|in good order|still incomplete|\
         a constant worry|better than expected|worse than anyone admitted",
    )
});

static MODALS: Words = LazyLock::new(|| words("cannot|must not|will not|should|must|can only"));

static QUOTE_VERBS: Words = LazyLock::new(|| {
    words("accept|abandon|settle|postpone|secure|reconsider|neglect|discuss|guarantee|give up")
});

static QUOTE_TAILS: Words = LazyLock::new(|| {
    words(
        "before the other questions are settled|without the agreement of our friends|\
         while the enemy keeps attacking|as long as the front holds|\
         if we are to keep the initiative|at any price|until the situation is clearer|\
         whatever the others may think",
    )
});

static QUOTE_SUBJECTS: Words =
    LazyLock::new(|| words("we|our side|the army|the comrades|our friends"));

static DISCURSIVE_OPENINGS: Words = LazyLock::new(|| {
    words(
        "On this, see |See also |For a different reading, see |On the {thing}, see |\
         The question of the {thing} is examined in ",
    )
});

// ------------------------------------------------------------------------------------------
// The bibliography.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Book,
    Article,
    Document,
}

struct Entry {
    kind: Kind,
    family: String,
    given: String,
    /// Books and articles: the title before the colon (the short title) and after it.
    main: String,
    sub: String,
    year: i32,
    /// Books.
    pages: u32,
    publisher: usize,
    place: usize,
    /// Articles and documents: the journal, its issues ("6-7") and the entry's pages.
    journal: usize,
    issue: u32,
    first_page: u32,
    last_page: u32,
    /// The season of the journal issue; `double` for "Winter 1995/96".
    season: usize,
    double: bool,
    /// Documents: the genre, the recipient and the day the document is dated.
    genre: usize,
    rfamily: String,
    rgiven: String,
    date: i64,
}

impl Entry {
    fn title(&self) -> String {
        match self.kind {
            Kind::Document => format!(
                "{}, {} to {}",
                GENRES[self.genre].0, self.family, self.rfamily
            ),
            _ => format!("{}: {}", self.main, self.sub),
        }
    }

    /// The journal issue as notes write it: "Issues 6–7 (Winter 1995/96)".
    fn issue_text(&self) -> String {
        let (season, _) = SEASONS[self.season];
        let years = if self.double {
            format!("{}/{:02}", self.year, (self.year + 1) % 100)
        } else {
            self.year.to_string()
        };
        format!(
            "Issues {}–{} ({season} {years})",
            self.issue,
            self.issue + 1
        )
    }

    fn journal_in_notes(&self) -> &'static str {
        let (full, short) = JOURNALS[self.journal];
        short.unwrap_or(full)
    }

    /// The pages a citation of this entry may give.
    fn page_bounds(&self) -> (u32, u32) {
        match self.kind {
            Kind::Book => (1, self.pages),
            _ => (self.first_page, self.last_page),
        }
    }
}

struct Bibliography {
    entries: Vec<Entry>,
    width: usize,
    books: Vec<usize>,
    articles: Vec<usize>,
    documents: Vec<usize>,
    /// Documents whose sender and recipient name no other document (a wrong date cannot make
    /// their citation ambiguous).
    unique_pairs: Vec<usize>,
}

impl Bibliography {
    fn id(&self, i: usize) -> String {
        format!("e{:0width$}", i + 1, width = self.width)
    }
}

fn forbidden_in_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    const PARTS: [&str; 9] = [
        "telegram", "cable", "wire", "letter", "message", "memo", "ibid", "see", "and",
    ];
    PARTS.iter().any(|p| lower.contains(p))
        || (1..=12).any(|m| month(m).eq_ignore_ascii_case(name))
        || WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(name))
}

fn surname(rng: &mut Rng) -> String {
    loop {
        let mut name = String::new();
        for _ in 0..3 {
            name.push_str(rng.pick(&SYLLABLES));
        }
        let mut chars = name.chars();
        let first = chars.next().expect("three syllables").to_ascii_uppercase();
        let name = format!("{first}{}", chars.as_str());
        if !forbidden_in_name(&name) {
            return name;
        }
    }
}

fn main_title(rng: &mut Rng) -> String {
    format!(
        "{} {} {} {}",
        rng.pick(&ADJECTIVES),
        rng.pick(&NOUNS),
        rng.pick(&CONNECTORS),
        rng.pick(&PLACES)
    )
}

fn subtitle(rng: &mut Rng) -> String {
    let sub = rng.pick(&SUBTITLES);
    if rng.chance(30) {
        let from = rng.range(1940, 1960);
        format!("{sub}, {from}–{}", from + rng.range(3, 15))
    } else {
        sub.to_owned()
    }
}

fn generate_bibliography(seed: u64, count: usize) -> Bibliography {
    let mut entries = Vec::with_capacity(count);
    let mut titles: HashSet<(String, String)> = HashSet::new();
    let mut documents: HashSet<(String, String, i64)> = HashSet::new();
    let mut pairs: HashMap<(String, String), u32> = HashMap::new();
    let first_day = days_from_civil(1945, 1, 1);
    let years = 21;
    for i in 0..count {
        let mut rng = Rng::new(derive(seed, 1, i as u64));
        let kind = match i % 4 {
            0 | 1 => Kind::Book,
            2 => Kind::Article,
            _ => Kind::Document,
        };
        let mut e = Entry {
            kind,
            family: surname(&mut rng),
            given: rng.pick(&GIVEN).to_owned(),
            main: String::new(),
            sub: String::new(),
            year: rng.range(1960, 2020) as i32,
            pages: rng.range(120, 720),
            publisher: rng.below(PUBLISHERS.len()),
            place: rng.below(CITIES.len()),
            journal: rng.below(JOURNALS.len()),
            issue: rng.range(1, 20),
            first_page: 0,
            last_page: 0,
            season: rng.below(SEASONS.len()),
            double: rng.chance(30),
            genre: rng.below(GENRES.len()),
            rfamily: String::new(),
            rgiven: String::new(),
            date: 0,
        };
        if e.double {
            e.season = 3;
        }
        match kind {
            Kind::Book | Kind::Article => {
                if kind == Kind::Article {
                    e.first_page = rng.range(1, 400);
                    e.last_page = e.first_page + rng.range(10, 40);
                }
                e.sub = subtitle(&mut rng);
                loop {
                    e.main = main_title(&mut rng);
                    if titles.insert((e.family.clone(), e.main.to_lowercase())) {
                        break;
                    }
                }
            }
            Kind::Document => {
                e.year = rng.range(1990, 2012) as i32;
                e.first_page = rng.range(10, 400);
                e.last_page = e.first_page + u32::from(rng.chance(40));
                loop {
                    e.rfamily = surname(&mut rng);
                    if e.rfamily != e.family {
                        break;
                    }
                }
                e.rgiven = rng.pick(&GIVEN).to_owned();
                loop {
                    let year = rng.below(years) as i64;
                    let (month, day) = (rng.range(1, 12) as i64, rng.range(1, 28) as i64);
                    e.date = days_from_civil(1945 + year, month, day);
                    debug_assert!(e.date >= first_day);
                    if documents.insert((e.family.clone(), e.rfamily.clone(), e.date)) {
                        break;
                    }
                }
                *pairs
                    .entry((e.family.clone(), e.rfamily.clone()))
                    .or_insert(0) += 1;
            }
        }
        entries.push(e);
    }
    let by_kind = |k: Kind| -> Vec<usize> {
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == k)
            .map(|(i, _)| i)
            .collect()
    };
    let (books, articles, documents) = (
        by_kind(Kind::Book),
        by_kind(Kind::Article),
        by_kind(Kind::Document),
    );
    let unique_pairs = documents
        .iter()
        .copied()
        .filter(|&i| pairs[&(entries[i].family.clone(), entries[i].rfamily.clone())] == 1)
        .collect();
    Bibliography {
        width: count.to_string().len().max(6),
        entries,
        books,
        articles,
        documents,
        unique_pairs,
    }
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_bibliography(path: &Path, bib: &Bibliography) -> std::io::Result<u64> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let mut s = String::with_capacity(1024);
    writeln!(
        w,
        "# Generated by `cargo run --release --example gen-corpus`: {} entries.\nreferences:",
        bib.entries.len()
    )?;
    let mut bytes = 0u64;
    for (i, e) in bib.entries.iter().enumerate() {
        s.clear();
        let _ = writeln!(s, "  - id: {}", bib.id(i));
        let kind = match e.kind {
            Kind::Book => "book",
            Kind::Article => "article-journal",
            Kind::Document => "personal_communication",
        };
        let _ = writeln!(s, "    type: {kind}");
        if e.kind == Kind::Document {
            let _ = writeln!(s, "    genre: {}", GENRES[e.genre].0);
        }
        let _ = writeln!(
            s,
            "    author:\n      - family: {}\n        given: {}",
            e.family, e.given
        );
        if e.kind == Kind::Document {
            let _ = writeln!(
                s,
                "    recipient:\n      - family: {}\n        given: {}",
                e.rfamily, e.rgiven
            );
        }
        let _ = writeln!(s, "    title: {}", quoted(&e.title()));
        match e.kind {
            Kind::Book => {
                let _ = writeln!(s, "    publisher: {}", PUBLISHERS[e.publisher]);
                let _ = writeln!(s, "    publisher-place: {}", CITIES[e.place]);
                let _ = writeln!(s, "    issued:\n      date-parts: [[{}]]", e.year);
                let _ = writeln!(s, "    number-of-pages: {}", e.pages);
            }
            Kind::Article | Kind::Document => {
                let (full, short) = JOURNALS[e.journal];
                let _ = writeln!(s, "    container-title: {}", quoted(full));
                if let Some(short) = short {
                    let _ = writeln!(s, "    container-title-short: {}", quoted(short));
                }
                let _ = writeln!(s, "    issue: {}-{}", e.issue, e.issue + 1);
                if e.first_page == e.last_page {
                    let _ = writeln!(s, "    page: {}", e.first_page);
                } else {
                    let _ = writeln!(s, "    page: {}-{}", e.first_page, e.last_page);
                }
                if e.kind == Kind::Article {
                    if e.double {
                        let _ = writeln!(
                            s,
                            "    issued:\n      date-parts: [[{}], [{}]]\n      season: 4",
                            e.year,
                            e.year + 1
                        );
                    } else {
                        let _ = writeln!(
                            s,
                            "    issued:\n      date-parts: [[{}]]\n      season: {}",
                            e.year, SEASONS[e.season].1
                        );
                    }
                } else {
                    let (y, m, d) = civil_from_days(e.date);
                    let _ = writeln!(s, "    issued:\n      date-parts: [[{y}, {m}, {d}]]");
                }
            }
        }
        s.push('\n');
        bytes += s.len() as u64;
        w.write_all(s.as_bytes())?;
    }
    w.flush()?;
    Ok(bytes)
}

// ------------------------------------------------------------------------------------------
// Planted problems: each gives exactly one finding of its rule.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Plant {
    UndefinedNote,
    UnknownKey,
    PageOutOfRange,
    CitationMismatch,
    Unresolved,
    IbidWithoutAntecedent,
    RelativeDate,
}

const PLANTS: [Plant; 7] = [
    Plant::UndefinedNote,
    Plant::UnknownKey,
    Plant::PageOutOfRange,
    Plant::CitationMismatch,
    Plant::Unresolved,
    Plant::IbidWithoutAntecedent,
    Plant::RelativeDate,
];

impl Plant {
    fn rule(self) -> &'static str {
        match self {
            Plant::UndefinedNote => "undefined-note",
            Plant::UnknownKey => "unknown-citation-key",
            Plant::PageOutOfRange => "page-out-of-range",
            Plant::CitationMismatch => "citation-mismatch",
            Plant::Unresolved => "unresolved-citation",
            Plant::IbidWithoutAntecedent => "ibid-without-antecedent",
            Plant::RelativeDate => "relative-date-mismatch",
        }
    }
}

/// The problems planted in chapter `c` (0-based) of `n`: kind k in every chapter whose number
/// ends in k; in a corpus of fewer than ten chapters, the kinds with no such chapter go to
/// chapter k mod n.
fn plants_for(c: usize, n: usize) -> Vec<Plant> {
    PLANTS
        .iter()
        .enumerate()
        .filter(|&(k, _)| c % 10 == k || (k >= n && c == k % n))
        .map(|(_, &p)| p)
        .collect()
}

// ------------------------------------------------------------------------------------------
// Chapters.

const CHAPTER_BYTES: usize = 45_000;
const WIDTH: usize = 92;

/// Appends `text` to `out` wrapped at `WIDTH`, the first line after `first`, the others after
/// `rest`. Lines never break inside `[...]` nor before a word that starts with a digit (so
/// "p. 23" stays together and no line starts like a numbered list).
fn wrap(out: &mut String, text: &str, first: &str, rest: &str) {
    out.push_str(first);
    let mut line = first.chars().count();
    let mut start_of_line = true;
    let mut depth = 0i32;
    let mut pending = String::new();
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ') {
        if !pending.is_empty() {
            pending.push(' ');
        }
        pending.push_str(word);
        depth += word.matches('[').count() as i32 - word.matches(']').count() as i32;
        if depth <= 0 {
            words.push(std::mem::take(&mut pending));
            depth = 0;
        }
    }
    if !pending.is_empty() {
        words.push(pending);
    }
    for word in words {
        let len = word.chars().count();
        let can_break = !word.starts_with(|c: char| c.is_ascii_digit());
        if !start_of_line && line + 1 + len > WIDTH && can_break {
            out.push('\n');
            out.push_str(rest);
            line = rest.len();
            start_of_line = true;
        }
        if !start_of_line {
            out.push(' ');
            line += 1;
        }
        out.push_str(&word);
        line += len;
        start_of_line = false;
    }
    out.push('\n');
}

/// Page locators: "p. 23", "pp. 23–25", and Chicago's "pp. 237–42".
fn pages_text(a: u32, b: u32) -> String {
    if a == b {
        format!("p. {a}")
    } else if a >= 100 && a / 100 == b / 100 && a % 100 >= 10 && a % 7 < 3 {
        format!("pp. {a}–{:02}", b % 100)
    } else {
        format!("pp. {a}–{b}")
    }
}

struct Counts {
    rules: Vec<(&'static str, u64)>,
    notes: u64,
    bytes: u64,
}

struct Chapter<'b> {
    bib: &'b Bibliography,
    rng: Rng,
    number: usize,
    prose: String,
    notes: Vec<String>,
    /// Entries cited in full (so later citations take the short form), in order of citation.
    cited: Vec<usize>,
    cited_set: HashSet<usize>,
    /// People the prose talks about.
    cast: Vec<String>,
    /// The source of the last note, when it cited exactly one (an "Ibid." may follow).
    ibid: Option<usize>,
    /// Whether a date with a year has been written in the prose (later ones may leave it out).
    year_known: bool,
    target_notes: usize,
}

impl Chapter<'_> {
    fn entry(&self, i: usize) -> &Entry {
        &self.bib.entries[i]
    }

    fn name(&mut self) -> String {
        let i = self.rng.below(self.cast.len());
        self.cast[i].clone()
    }

    fn two_names(&mut self) -> (String, String) {
        let a = self.name();
        loop {
            let b = self.name();
            if b != a {
                return (a, b);
            }
        }
    }

    fn thing(&mut self) -> &'static str {
        self.rng.pick(&THINGS)
    }

    /// An entry of `kind` (any kind if `None`): sometimes one already cited in the chapter,
    /// else one from anywhere in the bibliography.
    fn pick_entry(&mut self, kind: Option<Kind>) -> usize {
        // Few documents are cited in a chapter: picking again among them would repeat them.
        let again = if kind == Some(Kind::Document) { 15 } else { 35 };
        if self.rng.chance(again) {
            let bib = self.bib;
            let known: Vec<usize> = self
                .cited
                .iter()
                .copied()
                .filter(|&i| kind.is_none_or(|k| bib.entries[i].kind == k))
                .collect();
            if !known.is_empty() {
                return self.rng.pick(&known);
            }
        }
        let kind = kind.unwrap_or_else(|| match self.rng.below(4) {
            0 | 1 => Kind::Book,
            2 => Kind::Article,
            _ => Kind::Document,
        });
        let pool = match kind {
            Kind::Book => &self.bib.books,
            Kind::Article => &self.bib.articles,
            Kind::Document => &self.bib.documents,
        };
        self.rng.pick(pool)
    }

    fn pages_of(&mut self, i: usize) -> (u32, u32) {
        let (lo, hi) = self.entry(i).page_bounds();
        let a = self.rng.range(lo, hi);
        let b = if a < hi && self.rng.chance(35) {
            self.rng.range(a + 1, hi.min(a + 12))
        } else {
            a
        };
        (a, b)
    }

    /// A citation of entry `i` with pages `pages`, in full the first time and short after.
    fn citation_with(&mut self, i: usize, pages: &str) -> String {
        let first = self.cited_set.insert(i);
        if first {
            self.cited.push(i);
        }
        let e = &self.bib.entries[i];
        let text = match (e.kind, first) {
            (Kind::Book, true) => format!(
                "{} {}, *{}: {}* ({}: {}, {}), {pages}",
                e.given, e.family, e.main, e.sub, CITIES[e.place], PUBLISHERS[e.publisher], e.year
            ),
            (Kind::Book, false) => format!("{}, *{}*, {pages}", e.family, e.main),
            (Kind::Article, true) => format!(
                "{} {}, “{}: {},” *{}*, {}, {pages}",
                e.given,
                e.family,
                e.main,
                e.sub,
                e.journal_in_notes(),
                e.issue_text()
            ),
            (Kind::Article, false) => format!("{}, “{},” {pages}", e.family, e.main),
            (Kind::Document, _) => format!(
                "{}, {} to {}, dated {}, in *{}*, {}, {pages}",
                GENRES[e.genre].1,
                e.family,
                e.rfamily,
                long_date(e.date),
                e.journal_in_notes(),
                e.issue_text()
            ),
        };
        if e.kind == Kind::Document {
            let (s, r) = (e.family.clone(), e.rfamily.clone());
            for name in [s, r] {
                if !self.cast.contains(&name) {
                    self.cast.push(name);
                }
            }
        }
        text
    }

    fn citation(&mut self, i: usize) -> String {
        let (a, b) = self.pages_of(i);
        self.citation_with(i, &pages_text(a, b))
    }

    /// A Pandoc key with a locator.
    fn key_citation(&mut self, i: usize) -> String {
        let (a, b) = self.pages_of(i);
        format!("@{}, {}", self.bib.id(i), pages_text(a, b))
    }

    /// `count` different entries of any kind, none equal to `avoid`.
    fn distinct_entries(&mut self, count: usize, avoid: Option<usize>) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(count);
        while out.len() < count {
            let i = self.pick_entry(None);
            if !out.contains(&i) && Some(i) != avoid {
                out.push(i);
            }
        }
        out
    }

    /// The text of an ordinary note, with the source an "Ibid." after it could refer to.
    fn ordinary_note(&mut self) -> (String, Option<usize>) {
        let roll = self.rng.below(100);
        if let (Some(prev), true) = (self.ibid, roll < 14) {
            if self.rng.chance(40) {
                return ("Ibid.".to_owned(), Some(prev));
            }
            let (a, b) = self.pages_of(prev);
            return (format!("Ibid., {}.", pages_text(a, b)), Some(prev));
        }
        match roll {
            0..=39 => {
                let i = self.pick_entry(None);
                (format!("{}.", self.citation(i)), Some(i))
            }
            40..=51 => {
                let keys = if self.rng.chance(25) { 2 } else { 1 };
                let entries = self.distinct_entries(keys, None);
                let inner: Vec<String> = entries.iter().map(|&i| self.key_citation(i)).collect();
                let see = if self.rng.chance(50) { "See " } else { "" };
                (format!("{see}[{}].", inner.join("; ")), None)
            }
            52..=74 => {
                let n = if self.rng.chance(70) { 2 } else { 3 };
                let entries = self.distinct_entries(n, None);
                let mut text = String::new();
                for (k, &i) in entries.iter().enumerate() {
                    if k > 0 {
                        text.push_str(if self.rng.chance(20) { "; and " } else { "; " });
                    }
                    text.push_str(&self.citation(i));
                }
                text.push('.');
                (text, None)
            }
            _ => {
                let opening = self
                    .rng
                    .pick(&DISCURSIVE_OPENINGS)
                    .replace("{thing}", self.thing());
                let n = if self.rng.chance(75) { 1 } else { 2 };
                let entries = self.distinct_entries(n, None);
                let cites: Vec<String> = entries.iter().map(|&i| self.citation(i)).collect();
                let ibid = (n == 1).then_some(entries[0]);
                (format!("{opening}{}.", cites.join("; ")), ibid)
            }
        }
    }

    /// Adds note `text` and returns its reference.
    fn add_note(&mut self, text: String, ibid: Option<usize>) -> String {
        self.notes.push(text);
        self.ibid = ibid;
        format!("[^{}]", self.notes.len())
    }

    fn ordinary_ref(&mut self) -> String {
        let (text, ibid) = self.ordinary_note();
        self.add_note(text, ibid)
    }

    /// A note citing document `d` alone, or with a book after it.
    fn document_note(&mut self, d: usize) -> String {
        let mut text = self.citation(d);
        let mut ibid = Some(d);
        if self.rng.chance(20) {
            let b = self.pick_entry(Some(Kind::Book));
            text.push_str("; ");
            text.push_str(&self.citation(b));
            ibid = None;
        }
        text.push('.');
        self.add_note(text, ibid)
    }

    fn dated_phrase(&mut self) -> String {
        let day = self.random_day();
        let with_weekday = self.rng.chance(10);
        if self.year_known && self.rng.chance(25) {
            return date_without_year(day);
        }
        self.year_known = true;
        if with_weekday {
            format!("{}, {}", weekday(day), long_date(day))
        } else {
            long_date(day)
        }
    }

    fn random_day(&mut self) -> i64 {
        let y = 1945 + self.rng.below(21) as i64;
        days_from_civil(
            y,
            self.rng.range(1, 12) as i64,
            self.rng.range(1, 28) as i64,
        )
    }

    /// A sentence with no date, quotation or note, ending in a full stop.
    fn filler(&mut self) -> String {
        let (a, b) = self.two_names();
        let thing = self.thing();
        let thing2 = self.thing();
        let verb = self.rng.pick(&VERBS);
        let group = self.rng.pick(&GROUPS);
        match self.rng.below(10) {
            0 => format!("{a} {verb} the {thing} {}.", self.rng.pick(&ADVERBIALS)),
            1 => format!(
                "{} {verb} the {thing}, {}.",
                capitalise(group),
                self.rng.pick(&CLAUSES)
            ),
            2 => format!("The {thing} remained a source of friction between {a} and {b}."),
            3 => format!("Neither {a} nor {b} was ready to give way on the {thing}."),
            4 => format!(
                "{}, {group} {verb} the {thing} and the {thing2}.",
                capitalise(self.rng.pick(&ADVERBIALS))
            ),
            5 => format!("For {a}, the {thing} mattered more than the {thing2}."),
            6 => format!(
                "Reports from {group} show that the state of the {thing} was {}.",
                self.rng.pick(&STATES)
            ),
            7 => format!(
                "{a} argued that the {thing} could wait until the question of the {thing2} was settled."
            ),
            8 => format!("It was {a}, not {b}, who first raised the {thing}."),
            _ => format!("The question of the {thing} came up again in talks between {a} and {b}."),
        }
    }

    fn dated_sentence(&mut self) -> String {
        let date = self.dated_phrase();
        let (a, b) = self.two_names();
        let thing = self.thing();
        let verb = self.rng.pick(&VERBS);
        let group = self.rng.pick(&GROUPS);
        match self.rng.below(3) {
            0 => format!("On {date}, {a} met {b} to discuss the {thing}."),
            1 => format!("By {date}, {group} had {verb} the {thing}."),
            _ => format!("{} {verb} the {thing} on {date}.", capitalise(group)),
        }
    }

    fn quote(&mut self) -> String {
        format!(
            "{} {} {} the {} {}",
            self.rng.pick(&QUOTE_SUBJECTS),
            self.rng.pick(&MODALS),
            self.rng.pick(&QUOTE_VERBS),
            self.thing(),
            self.rng.pick(&QUOTE_TAILS)
        )
    }

    /// Filler sentences, some dated.
    fn fill(&mut self, sentences: &mut Vec<String>, count: usize) {
        for _ in 0..count {
            let s = if self.rng.chance(20) {
                self.dated_sentence()
            } else {
                self.filler()
            };
            sentences.push(s);
        }
    }

    /// A sentence that ends with a note reference: `sentence` ends in a full stop.
    fn with_ref(sentence: String, reference: &str) -> String {
        format!("{sentence}{reference}")
    }

    /// A paragraph with `notes` ordinary notes (0, 1 or 2), in one of several shapes.
    fn paragraph(&mut self, notes: usize, length: usize) -> String {
        let mut s: Vec<String> = Vec::new();
        let before = self.rng.below(3);
        self.fill(&mut s, before);
        if notes > 0 {
            match self.rng.below(100) {
                0..=14 => {
                    // A relative date that agrees with the document its note cites.
                    let d = self.pick_entry(Some(Kind::Document));
                    let (days, phrase) = self.rng.pick(&[
                        (0, "That same day"),
                        (0, "The same day"),
                        (1, "The next day"),
                        (1, "The following day"),
                        (2, "Two days later"),
                        (3, "Three days later"),
                        (7, "A week later"),
                    ]);
                    let e = self.entry(d);
                    let (sender, recipient, medium) =
                        (e.family.clone(), e.rfamily.clone(), GENRES[e.genre].2);
                    let anchor = long_date(e.date - days);
                    self.year_known = true;
                    let (a, b) = self.two_names();
                    let thing = self.thing();
                    s.push(format!("On {anchor}, {a} raised the {thing} with {b}."));
                    let reference = self.document_note(d);
                    let thing = self.thing();
                    if self.rng.chance(30) {
                        let quote = self.quote();
                        s.push(format!(
                            "{phrase}, {sender} wrote to {recipient}: “{}.”{reference}",
                            capitalise(&quote)
                        ));
                    } else {
                        s.push(format!(
                            "{phrase}, {sender} sent a {medium} to {recipient} about the {thing}.{reference}"
                        ));
                    }
                }
                15..=24 => {
                    // A relative date with no note after it in its paragraph: nothing to
                    // compare it with. (The notes come first.)
                    for _ in 0..notes {
                        let f = self.filler();
                        let r = self.ordinary_ref();
                        s.push(Self::with_ref(f, &r));
                    }
                    s.push(self.dated_sentence_with_year());
                    let (a, thing) = (self.name(), self.thing());
                    s.push(format!(
                        "{}, {a} {} the {thing}.",
                        self.rng
                            .pick(&["The next day", "Two days later", "The same day"]),
                        self.rng.pick(&VERBS)
                    ));
                    // Only sentences without notes may follow.
                    return self.pad(s, length);
                }
                25..=39 => {
                    // A quotation with a note, its lead-in naming no document.
                    let (a, b) = self.two_names();
                    let quote = self.quote();
                    let r = self.ordinary_ref();
                    s.push(match self.rng.below(3) {
                        0 => format!("{a} told {b} that “{quote}.”{r}"),
                        1 => format!("As {a} put it, “{quote}.”{r}"),
                        _ => format!("{a} replied that “{quote}.”{r}"),
                    });
                }
                40..=54 => {
                    // A quotation from a document, the document in its note.
                    let d = self.pick_entry(Some(Kind::Document));
                    let e = self.entry(d);
                    let (sender, recipient, medium) =
                        (e.family.clone(), e.rfamily.clone(), GENRES[e.genre].2);
                    let quote = capitalise(&self.quote());
                    let r = self.document_note(d);
                    s.push(format!(
                        "In a {medium} to {recipient}, {sender} argued: “{quote}.”{r}"
                    ));
                }
                55..=64 => {
                    // A dated quotation: the same date as the document in its note.
                    let d = self.pick_entry(Some(Kind::Document));
                    let e = self.entry(d);
                    let (sender, recipient, date) =
                        (e.family.clone(), e.rfamily.clone(), long_date(e.date));
                    self.year_known = true;
                    let quote = capitalise(&self.quote());
                    let r = self.document_note(d);
                    s.push(format!(
                        "On {date}, {sender} wrote to {recipient}: “{quote}.”{r}"
                    ));
                }
                _ => {
                    // Plain sentences, one with a note; a quotation without note or document.
                    if self.rng.chance(30) {
                        let a = self.name();
                        let quote = capitalise(&self.quote());
                        s.push(format!("{a} later recalled: “{quote}.”"));
                    }
                    let f = self.filler();
                    let r = self.ordinary_ref();
                    s.push(Self::with_ref(f, &r));
                }
            }
            if notes > 1 {
                let f = self.filler();
                let r = self.ordinary_ref();
                s.push(Self::with_ref(f, &r));
            }
        }
        self.pad(s, length)
    }

    /// `s` made up to `length` bytes with sentences without notes, joined.
    fn pad(&mut self, mut s: Vec<String>, length: usize) -> String {
        while s.iter().map(|x| x.len() + 1).sum::<usize>() < length {
            let f = if self.rng.chance(15) {
                self.dated_sentence()
            } else {
                self.filler()
            };
            s.push(f);
        }
        s.join(" ")
    }

    fn dated_sentence_with_year(&mut self) -> String {
        let day = self.random_day();
        self.year_known = true;
        let (a, thing) = (self.name(), self.thing());
        format!(
            "On {}, {a} {} the {thing}.",
            long_date(day),
            self.rng.pick(&VERBS)
        )
    }

    /// A paragraph carrying planted problem `p`.
    fn planted(&mut self, p: Plant) -> String {
        let mut s: Vec<String> = Vec::new();
        let before = 1 + self.rng.below(2);
        self.fill(&mut s, before);
        let c = self.number;
        match p {
            Plant::UndefinedNote => {
                let f = self.filler();
                s.push(format!("{f}[^x99]"));
            }
            Plant::UnknownKey => {
                let f = self.filler();
                let r = self.add_note(format!("See [@no-such-entry-{c}, p. 3]."), None);
                s.push(Self::with_ref(f, &r));
            }
            Plant::PageOutOfRange => {
                let b = self.pick_entry(Some(Kind::Book));
                let page = self.entry(b).pages + 1 + self.rng.range(0, 60);
                let text = format!("{}.", self.citation_with(b, &format!("p. {page}")));
                let f = self.filler();
                let r = self.add_note(text, None);
                s.push(Self::with_ref(f, &r));
            }
            Plant::CitationMismatch => {
                let pool = &self.bib.unique_pairs;
                let d = if pool.is_empty() {
                    self.pick_entry(Some(Kind::Document))
                } else {
                    self.rng.pick(pool)
                };
                let shift = i64::from(self.rng.range(1, 5));
                let e = self.entry(d);
                let wrong = e.date + shift;
                let (lo, _) = e.page_bounds();
                let text = format!(
                    "{}, {} to {}, dated {}, in *{}*, {}, p. {lo}.",
                    GENRES[e.genre].1,
                    e.family,
                    e.rfamily,
                    long_date(wrong),
                    e.journal_in_notes(),
                    e.issue_text()
                );
                let f = self.filler();
                let r = self.add_note(text, None);
                s.push(Self::with_ref(f, &r));
            }
            Plant::Unresolved => {
                let who = self.rng.pick(&FAKE_SURNAMES);
                let text = format!("{who}, *A Title That Exists Nowhere {c}*, p. 3.");
                let f = self.filler();
                let r = self.add_note(text, None);
                s.push(Self::with_ref(f, &r));
            }
            Plant::IbidWithoutAntecedent => {
                let entries = self.distinct_entries(2, None);
                let cites: Vec<String> = entries.iter().map(|&i| self.citation(i)).collect();
                let f = self.filler();
                let r = self.add_note(format!("{}.", cites.join("; ")), None);
                s.push(Self::with_ref(f, &r));
                let f = self.filler();
                let r = self.add_note("Ibid., p. 4.".to_owned(), None);
                s.push(Self::with_ref(f, &r));
            }
            Plant::RelativeDate => {
                // The phrase counts to another day than the document's (correct) date.
                let d = self.pick_entry(Some(Kind::Document));
                let e = self.entry(d);
                let (sender, recipient, date) =
                    (e.family.clone(), e.rfamily.clone(), long_date(e.date));
                self.year_known = true;
                let (a, b) = self.two_names();
                let thing = self.thing();
                s.push(format!("On {date}, {a} raised the {thing} with {b}."));
                let phrase = self.rng.pick(&["The next day", "Two days later"]);
                let thing = self.thing();
                let mut text = self.citation(d);
                text.push('.');
                let r = self.add_note(text, None);
                s.push(format!(
                    "{phrase}, {sender} wrote to {recipient} about the {thing}.{r}"
                ));
            }
        }
        let f = self.filler();
        s.push(f);
        s.join(" ")
    }

    fn heading(&mut self) -> String {
        let thing: Vec<String> = self.thing().split(' ').map(capitalise).collect();
        format!(
            "{} {} and the {}",
            self.rng.pick(&ADJECTIVES),
            self.rng.pick(&NOUNS),
            thing.join(" ")
        )
    }
}

/// Chapter `c` (0-based) of `n`: its Markdown, the problems planted in it and its note count.
fn generate_chapter(
    bib: &Bibliography,
    seed: u64,
    c: usize,
    n: usize,
) -> (String, Vec<Plant>, usize) {
    let mut rng = Rng::new(derive(seed, 2, c as u64));
    let target_notes = 40 + rng.below(21);
    // The people the prose talks about: senders and recipients of documents, else authors.
    let mut cast: Vec<String> = Vec::new();
    for draw in 0..64 {
        if cast.len() >= 6 {
            break;
        }
        let pool = if draw < 32 {
            &bib.documents
        } else {
            &bib.books
        };
        let e = &bib.entries[rng.pick(pool)];
        for name in [&e.family, &e.rfamily] {
            if !name.is_empty() && !cast.contains(name) {
                cast.push(name.clone());
            }
        }
    }
    let mut ch = Chapter {
        bib,
        rng,
        number: c + 1,
        prose: String::with_capacity(CHAPTER_BYTES + 4096),
        notes: Vec::with_capacity(64),
        cited: Vec::new(),
        cited_set: HashSet::new(),
        cast,
        ibid: None,
        year_known: false,
        target_notes,
    };
    let plants = plants_for(c, n);
    let mut pending: Vec<Plant> = plants.clone();
    pending.reverse();
    // Each paragraph carries about one note: share the bytes out accordingly.
    let paragraph_bytes = (CHAPTER_BYTES - 200 * ch.target_notes) / ch.target_notes;
    let heading = ch.heading();
    let _ = write!(ch.prose, "# Chapter {}: {heading}\n\n", ch.number);
    let mut notes_bytes = 0usize;
    let mut counted = 0usize;
    let mut section_left = 0usize;
    let mut p = 0usize;
    loop {
        for note in &ch.notes[counted..] {
            notes_bytes += note.len() + 12;
        }
        counted = ch.notes.len();
        let remaining = ch.target_notes.saturating_sub(ch.notes.len());
        if pending.is_empty() && remaining == 0 && ch.prose.len() + notes_bytes >= CHAPTER_BYTES {
            break;
        }
        if section_left == 0 {
            let heading = ch.heading();
            let _ = write!(ch.prose, "## {heading}\n\n");
            section_left = 6 + ch.rng.below(5);
        }
        section_left -= 1;
        let text = if !pending.is_empty() && p % 3 == 2 {
            let plant = pending.pop().expect("not empty");
            ch.planted(plant)
        } else {
            let notes = match (remaining, ch.rng.below(100)) {
                (0, _) => 0,
                (_, 0..=7) => 0,
                (2.., 8..=22) => 2,
                _ => 1,
            };
            let length = paragraph_bytes * (70 + ch.rng.below(61)) / 100;
            ch.paragraph(notes, length)
        };
        let mut wrapped = String::with_capacity(text.len() + 64);
        wrap(&mut wrapped, &text, "", "");
        ch.prose.push_str(&wrapped);
        ch.prose.push('\n');
        p += 1;
    }
    let mut out = ch.prose;
    out.push_str("## Notes\n\n");
    for (k, note) in ch.notes.iter().enumerate() {
        wrap(&mut out, note, &format!("[^{}]: ", k + 1), "    ");
        out.push('\n');
    }
    out.pop();
    let notes = ch.notes.len();
    (out, plants, notes)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ------------------------------------------------------------------------------------------

struct Args {
    chapters: usize,
    entries: usize,
    seed: u64,
    out: PathBuf,
}

fn usage() -> ! {
    eprintln!(
        "usage: gen-corpus --chapters N --entries M --seed S --out DIR\n\
         Writes DIR/manuscript/chapter-NNNN.md, DIR/bibliography.yaml, DIR/cite-lint.yaml,\n\
         DIR/expected.json and DIR/corpus.json. M must be at least 4."
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        chapters: 0,
        entries: 0,
        seed: 1,
        out: PathBuf::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| usage());
        let number = || {
            value
                .replace('_', "")
                .parse::<u64>()
                .unwrap_or_else(|_| usage())
        };
        match flag.as_str() {
            "--chapters" => args.chapters = number() as usize,
            "--entries" => args.entries = number() as usize,
            "--seed" => args.seed = number(),
            "--out" => args.out = PathBuf::from(&value),
            _ => usage(),
        }
    }
    if args.chapters == 0 || args.entries < 4 || args.out.as_os_str().is_empty() {
        usage();
    }
    args
}

fn main() -> std::io::Result<()> {
    let args = parse_args();
    let started = Instant::now();
    let manuscript = args.out.join("manuscript");
    fs::create_dir_all(&manuscript)?;
    // Chapters left from an earlier, larger run would be checked too.
    for entry in fs::read_dir(&manuscript)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            fs::remove_file(path)?;
        }
    }
    let bib = generate_bibliography(args.seed, args.entries);
    let bib_bytes = write_bibliography(&args.out.join("bibliography.yaml"), &bib)?;
    fs::write(
        args.out.join("cite-lint.yaml"),
        "manuscript: [manuscript/]\nbibliography: bibliography.yaml\n",
    )?;
    let mut counts = Counts {
        rules: PLANTS.iter().map(|p| (p.rule(), 0)).collect(),
        notes: 0,
        bytes: 0,
    };
    for c in 0..args.chapters {
        let (text, plants, notes) = generate_chapter(&bib, args.seed, c, args.chapters);
        let path = manuscript.join(format!("chapter-{:04}.md", c + 1));
        let mut w = BufWriter::with_capacity(1 << 16, File::create(path)?);
        w.write_all(text.as_bytes())?;
        w.flush()?;
        for p in plants {
            let slot = counts
                .rules
                .iter_mut()
                .find(|(r, _)| *r == p.rule())
                .expect("every plant has a rule");
            slot.1 += 1;
        }
        counts.notes += notes as u64;
        counts.bytes += text.len() as u64;
    }
    let mut expected = String::from("{\n");
    for (k, (rule, n)) in counts.rules.iter().enumerate() {
        let comma = if k + 1 < counts.rules.len() { "," } else { "" };
        let _ = writeln!(expected, "  \"{rule}\": {n}{comma}");
    }
    expected.push_str("}\n");
    fs::write(args.out.join("expected.json"), expected)?;
    fs::write(
        args.out.join("corpus.json"),
        format!(
            "{{\n  \"chapters\": {},\n  \"entries\": {},\n  \"seed\": {},\n  \"notes\": {},\n  \"manuscript_bytes\": {},\n  \"bibliography_bytes\": {bib_bytes}\n}}\n",
            args.chapters, args.entries, args.seed, counts.notes, counts.bytes
        ),
    )?;
    eprintln!(
        "gen-corpus: {} chapters ({:.1} MB, {} notes), {} entries ({:.1} MB) in {} in {:.2}s",
        args.chapters,
        counts.bytes as f64 / 1e6,
        counts.notes,
        args.entries,
        bib_bytes as f64 / 1e6,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
