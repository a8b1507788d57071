//! The documentation stays true: generated rule pages, the configuration reference, the CI
//! recipes.

mod common;

use cite_lint::parse::yaml::{self, Node};
use common::root;
use std::fs;

#[test]
fn rule_pages_are_up_to_date() {
    let dir = root().join("docs/rules");
    let expected = cite_lint::rules::doc_files();
    for (name, text) in &expected {
        let on_disk = fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            on_disk == *text,
            "docs/rules/{name} is stale: run `cargo run --example rule-docs`"
        );
    }
    let mut present: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    let mut names: Vec<String> = expected.into_iter().map(|(n, _)| n).collect();
    names.sort();
    assert_eq!(
        present, names,
        "docs/rules has pages for rules that no longer exist"
    );
}

#[test]
fn configuration_reference_documents_every_key_and_option() {
    let doc = fs::read_to_string(root().join("docs/config.md")).unwrap();
    for key in [
        "manuscript",
        "bibliography",
        "rules",
        "style",
        "infer-year",
        "severity",
    ] {
        assert!(
            doc.contains(&format!("`{key}`")),
            "docs/config.md does not document `{key}`"
        );
    }
    for rule in cite_lint::rules::REGISTRY {
        for option in rule.meta().options {
            assert!(
                doc.contains(&format!("`{}`", option.name)) && doc.contains(option.default),
                "docs/config.md does not document option `{}` of `{}` with its default",
                option.name,
                rule.meta().name
            );
        }
    }
    // The example configuration in the reference is itself valid.
    let example = yaml_blocks(&doc)
        .into_iter()
        .next()
        .expect("an example configuration");
    let (_, errors) = cite_lint::config::parse(cite_lint::source::SourceId(0), &example);
    assert!(errors.is_empty(), "{errors:#?}");
}

fn yaml_blocks(markdown: &str) -> Vec<String> {
    markdown
        .split("```yaml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap_or_default().to_owned())
        .collect()
}

fn get<'a>(node: &'a Node, key: &str) -> &'a Node {
    node.get(key)
        .unwrap_or_else(|| panic!("no `{key}` in {:?}", node.span))
        .1
}

#[test]
fn ci_recipes_parse_and_run_cite_lint() {
    let doc = fs::read_to_string(root().join("docs/ci.md")).unwrap();
    let blocks = yaml_blocks(&doc);
    assert_eq!(
        blocks.len(),
        2,
        "a GitHub Actions workflow and a GitLab CI job"
    );

    let github = yaml::parse(&blocks[0])
        .expect("the workflow is YAML")
        .expect("not empty");
    get(&github, "on");
    let jobs = get(&github, "jobs")
        .as_mapping()
        .expect("jobs is a mapping");
    let steps = get(&jobs[0].1, "steps")
        .as_sequence()
        .expect("steps is a list");
    let runs: Vec<&str> = steps
        .iter()
        .filter_map(|s| s.get("run")?.1.as_str())
        .collect();
    let uses: Vec<&str> = steps
        .iter()
        .filter_map(|s| s.get("uses")?.1.as_str())
        .collect();
    assert!(
        runs.iter().any(|r| r.contains("cargo install")),
        "installs cite-lint: {runs:?}"
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("cite-lint") && r.contains("--format github")),
        "{runs:?}"
    );
    assert!(
        runs.iter().any(|r| r.contains("--format sarif")),
        "{runs:?}"
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@")),
        "{uses:?}"
    );

    let gitlab = yaml::parse(&blocks[1])
        .expect("the job is YAML")
        .expect("not empty");
    let job = gitlab.as_mapping().expect("a mapping")[0].1.clone();
    let script: Vec<&str> = get(&job, "script")
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Node::as_str)
        .collect();
    assert!(
        script.iter().any(|s| s.starts_with("cite-lint ")),
        "{script:?}"
    );
}
