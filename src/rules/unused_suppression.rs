use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::suppress::regions;

declare_rule! {
    /// A `<!-- cite-lint-disable… -->` comment silences nothing.
    ///
    /// Each rule a comment names is checked on its own: the comment is reported for every named
    /// rule that found nothing in the lines it covers. Rules that are turned off are not
    /// reported.
    ///
    /// ## Why this matters
    /// A suppression outlives the problem it was written for: once the note is fixed, the
    /// comment stays and would silence the next, real problem on that line. Removing stale
    /// suppressions keeps every exception in the manuscript deliberate.
    ///
    /// ## Example
    /// Fires (the note is defined, so there is nothing to silence):
    /// ```markdown
    /// <!-- cite-lint-disable-next-line undefined-note -- added in proofs -->
    /// Malik spoke.[^16]
    ///
    /// [^16]: FRUS, 1951, vol. 7, p. 547.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// <!-- cite-lint-disable-next-line undefined-note -- added in proofs -->
    /// Malik spoke.[^16]
    /// ```
    pub struct UnusedSuppression {
        name: "unused-suppression",
        category: Suppressions,
        severity: Warning,
    }
}

impl Rule for UnusedSuppression {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for region in regions(cx.ws) {
            if let Some(rule) = &region.rule {
                let enabled = super::find(rule)
                    .is_some_and(|r| cx.settings.severity(r.meta()) != Severity::Off);
                if !enabled {
                    continue;
                }
            }
            if cx.findings.iter().any(|d| region.silences(d)) {
                continue;
            }
            let what = region
                .rule
                .as_deref()
                .map_or("anything".to_owned(), |r| format!("`{r}`"));
            out.push(
                Diagnostic::new(
                    Self::META.name,
                    format!("this suppression of {what} silences nothing"),
                    Label::new(region.source, region.named, "nothing to silence here"),
                )
                .with_help("remove it: the problem it was written for is no longer there"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run_with;

    #[test]
    fn fires_on_a_stale_suppression() {
        let out = run_with(
            &["unused-suppression", "undefined-note", "unused-note"],
            "<!-- cite-lint-disable-next-line undefined-note, unused-note -- added in proofs -->\nMalik spoke.[^16]\n\n[^16]: FRUS, 1951, vol. 7, p. 547.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn silences_and_stays_quiet_when_used() {
        let text = "<!-- cite-lint-disable-next-line undefined-note -- added in proofs -->\nMalik spoke.[^16]\n\n<!-- cite-lint-disable unused-note -->\n[^2]: Spare.\n<!-- cite-lint-enable unused-note -->\n\n[^3]: Another spare.\n";
        let out = run_with(
            &["unused-suppression", "undefined-note", "unused-note"],
            text,
            None,
        );
        assert!(!out.contains("undefined-note"), "{out}");
        assert!(!out.contains("[^2]"), "{out}");
        assert!(
            out.contains("note [^3] is defined but never referenced"),
            "after enable: {out}"
        );
        assert!(!out.contains("unused-suppression"), "{out}");
    }
}
