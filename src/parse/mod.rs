//! Parsers: text in, model out. They never fail and every item they produce has a byte span.

pub mod biblatex;
pub mod bibliography;
pub mod citation;
pub mod csl_date;
pub mod manuscript;
pub mod note_citation;
pub mod prose_date;
pub mod quotation;
pub mod yaml;

/// The numbers of the groups `names` of `re`, for `Captures::get`. Looking a group up by name
/// hashes the name on every call, and the patterns of the parsers match hundreds of thousands
/// of times on a backlist: each keeps its group numbers in a static beside it.
pub(crate) fn group_numbers<const N: usize>(re: &regex::Regex, names: [&str; N]) -> [usize; N] {
    names.map(|name| {
        re.capture_names()
            .position(|n| n == Some(name))
            .unwrap_or_else(|| panic!("the pattern has no group named {name}"))
    })
}

/// `count` texts made of `pieces` in a fixed pseudo-random order, up to 39 pieces each: for
/// tests that compare a fast scanner with a plain one.
#[cfg(test)]
pub(crate) fn generated_texts(pieces: &[&str], mut seed: u64, count: usize) -> Vec<String> {
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..count)
        .map(|_| {
            let len = next() % 40;
            (0..len).map(|_| pieces[next() % pieces.len()]).collect()
        })
        .collect()
}

/// Checks a function that reads a pattern's groups off the text of a match against the
/// pattern's own groups, on every match of `pattern` in `text`: `read` gives, for the text of
/// one match, the ranges (within it) of the groups `names`, in order. Returns how many matches
/// were compared.
#[cfg(test)]
pub(crate) fn assert_groups_read_off(
    pattern: &regex::Regex,
    text: &str,
    names: &[&str],
    read: impl Fn(&str) -> Vec<Option<std::ops::Range<usize>>>,
) -> usize {
    let mut compared = 0;
    for c in pattern.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        let at = whole.start();
        let by_hand: Vec<_> = read(whole.as_str())
            .into_iter()
            .map(|r| r.map(|r| r.start + at..r.end + at))
            .collect();
        let by_pattern: Vec<_> = names.iter().map(|n| c.name(n).map(|m| m.range())).collect();
        assert_eq!(by_hand, by_pattern, "{} in {text:?}", pattern.as_str());
        compared += 1;
    }
    compared
}

#[cfg(test)]
mod tests {
    #[test]
    fn group_numbers_follow_the_opening_parentheses() {
        let re = regex::Regex::new(r"(?P<a>x)(y)(?P<b>z)?").expect("valid regex");
        assert_eq!(super::group_numbers(&re, ["b", "a"]), [3, 1]);
        let m = re.captures("xy").expect("a match");
        let [b, a] = super::group_numbers(&re, ["b", "a"]);
        assert_eq!(m.get(a).map(|m| m.as_str()), Some("x"));
        assert!(m.get(b).is_none());
    }

    #[test]
    fn generated_texts_vary_all_along() {
        let texts = super::generated_texts(&["a", "b", "c"], 1, 2000);
        let empty = texts.iter().filter(|t| t.is_empty()).count();
        assert!(empty < 200, "{empty} empty texts");
        // The last texts differ from each other as much as the first ones do.
        let distinct: std::collections::HashSet<&String> = texts[1900..].iter().collect();
        assert!(
            distinct.len() > 90,
            "{} distinct among the last 100",
            distinct.len()
        );
    }
}
