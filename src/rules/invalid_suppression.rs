use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::SuppressionKind;

declare_rule! {
    /// A `<!-- cite-lint-… -->` comment names a rule or a directive that does not exist.
    ///
    /// The directives are `disable-next-line`, `disable` and `enable`, each followed by rule
    /// names (or none, for every rule) and optionally ` -- ` and a reason.
    ///
    /// ## Why this matters
    /// A misspelt suppression silences nothing, so the problem it was meant to excuse is still
    /// reported, or worse, the comment was meant to excuse a problem that is now hidden under
    /// another name. Either way the comment does not do what its author thinks.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// <!-- cite-lint-disable-next-line undefined-notes -->
    /// ```
    /// Does not fire:
    /// ```markdown
    /// <!-- cite-lint-disable-next-line undefined-note -- restored in proofs -->
    /// ```
    pub struct InvalidSuppression {
        name: "invalid-suppression",
        category: Suppressions,
        severity: Error,
    }
}

impl Rule for InvalidSuppression {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let names: Vec<&str> = super::REGISTRY.iter().map(|r| r.meta().name).collect();
        for doc in &cx.ws.documents {
            for s in &doc.suppressions {
                if s.kind == SuppressionKind::Unknown {
                    let directives = ["disable-next-line", "disable", "enable"];
                    let help = match super::closest(&s.directive.value, directives) {
                        Some(near) => format!("did you mean `cite-lint-{near}`?"),
                        None => "use `cite-lint-disable-next-line`, `cite-lint-disable` or `cite-lint-enable`".into(),
                    };
                    out.push(
                        Diagnostic::new(
                            Self::META.name,
                            format!(
                                "`cite-lint-{}` is not a cite-lint directive",
                                s.directive.value
                            ),
                            Label::new(doc.source, s.directive.span, "unknown directive"),
                        )
                        .with_help(help),
                    );
                    continue;
                }
                for rule in s.rules.iter().filter(|r| super::find(&r.value).is_none()) {
                    let help = match super::closest(&rule.value, names.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "`cite-lint rules` lists every rule".into(),
                    };
                    out.push(
                        Diagnostic::new(
                            Self::META.name,
                            format!("there is no rule named `{}`", rule.value),
                            Label::new(doc.source, rule.span, "unknown rule"),
                        )
                        .with_help(help),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_unknown_rules_and_directives() {
        let out = run(
            "invalid-suppression",
            "<!-- cite-lint-disable-next-line undefined-notes -->\nText.\n<!-- cite-lint-disable-nextline -->\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_valid_comments() {
        let out = run(
            "invalid-suppression",
            "<!-- cite-lint-disable unused-note, note-sequence -- numbered by the press -->\n<!-- cite-lint-enable -->\n<!-- an ordinary comment -->\n",
            None,
        );
        assert_eq!(out, "");
    }
}
