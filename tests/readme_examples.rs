//! Every example in README.md is run and its printed lines checked against what headwind prints now.
//!
//! A fenced block line starting with `$ headwind` is a command; the lines after it, up to the next
//! command or the end of the block, are what the README says it prints. Each shown line must be a line of
//! the command's stdout or stderr (in order within each stream), with two elisions the README uses:
//! a shown line may stop early at a column boundary (wide tables are cut on the right), and `...` inside
//! a line stands for any text (the fragments around it must appear in order, the first at the start of
//! the line). A line that is only `...` skips rows, and blank lines are layout. A command line may write
//! its output to `/tmp/headwind-readme/...`: that folder is made first. So no number shown in an example
//! can go stale without this test failing.

use std::path::Path;
use std::process::Command;

/// One README example: the command's words after `headwind`, its README line and the shown output lines.
struct Example {
    args: Vec<String>,
    line: usize,
    shown: Vec<(usize, String)>,
}

/// The `$ headwind ...` examples of the README's fenced blocks.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_fence = false;
    let mut current: Option<Example> = None;
    for (i, line) in readme.lines().enumerate() {
        let number = i + 1;
        if line.trim_start().starts_with("```") {
            if in_fence {
                out.extend(current.take());
            }
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.extend(current.take());
            let mut words = command.split_whitespace().map(str::to_string);
            if words.next().as_deref() == Some("headwind") {
                current = Some(Example {
                    args: words.collect(),
                    line: number,
                    shown: Vec::new(),
                });
            }
            continue;
        }
        if let Some(example) = current.as_mut() {
            let shown = line.trim_end();
            if !shown.is_empty() && shown.trim() != "..." {
                example.shown.push((number, shown.to_string()));
            }
        }
    }
    out
}

/// Whether `actual` is the README's `shown` line, under the two elisions described above.
fn line_matches(shown: &str, actual: &str) -> bool {
    let actual = actual.trim_end();
    if !shown.contains("...") {
        return actual == shown
            || (actual.starts_with(shown)
                && actual[shown.len()..].starts_with(char::is_whitespace));
    }
    let fragments: Vec<&str> = shown.split("...").collect();
    let mut rest = actual;
    for (k, fragment) in fragments.iter().enumerate() {
        if k == 0 {
            match rest.strip_prefix(fragment) {
                Some(r) => rest = r,
                None => return false,
            }
            continue;
        }
        let fragment = fragment.trim();
        if fragment.is_empty() {
            continue;
        }
        match rest.find(fragment) {
            Some(at) => rest = &rest[at + fragment.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn the_readme_parser_reads_commands_and_elisions() {
    let text = "text\n```\n$ headwind a --b 1\nx  1.0\n...\n\ny  2.0 ... 3\n$ other\nz\n```\n$ headwind not-in-a-block\n";
    let found = examples(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].args, ["a", "--b", "1"]);
    assert_eq!(found[0].line, 3);
    let shown: Vec<&str> = found[0].shown.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(shown, ["x  1.0", "y  2.0 ... 3"]);
    assert!(line_matches("x  1.0", "x  1.0   "));
    assert!(line_matches("x  1.0", "x  1.0  basis"));
    assert!(!line_matches("x  1.0", "x  1.01"));
    assert!(!line_matches("x  1.0", " x  1.0"));
    assert!(line_matches("y  2.0 ... 3", "y  2.0  a b  3"));
    assert!(!line_matches("y  2.0 ... 3", "y  2.1  a b  3"));
    assert!(!line_matches("y  2.0 ... 4", "y  2.0  a b  3"));
    assert!(line_matches("a (...)", "a (b (c))"));
}

#[test]
fn every_readme_example_prints_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let found = examples(&readme);
    assert!(
        found.len() >= 12,
        "expected the README's examples, found {} `$ headwind` commands",
        found.len()
    );
    std::fs::create_dir_all("/tmp/headwind-readme").unwrap();
    for example in &found {
        assert!(
            !example.shown.is_empty(),
            "README.md:{}: `headwind {}` shows no output to check",
            example.line,
            example.args.join(" ")
        );
    }
    // The commands are independent: run them at once (the slowest, a 1,000-point sweep, sets the time).
    let outputs: Vec<std::process::Output> = std::thread::scope(|scope| {
        let handles: Vec<_> = found
            .iter()
            .map(|example| {
                scope.spawn(move || {
                    Command::new(env!("CARGO_BIN_EXE_headwind"))
                        .args(&example.args)
                        .current_dir(root)
                        .output()
                        .unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut failures = Vec::new();
    for (example, out) in found.iter().zip(outputs) {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            failures.push(format!(
                "README.md:{}: `headwind {}` failed ({}): {stderr}",
                example.line,
                example.args.join(" "),
                out.status
            ));
            continue;
        }
        let streams: [Vec<&str>; 2] = [stdout.lines().collect(), stderr.lines().collect()];
        let mut cursors = [0usize; 2];
        for (number, shown) in &example.shown {
            let mut found_at = None;
            for (s, lines) in streams.iter().enumerate() {
                if let Some(k) = lines[cursors[s]..]
                    .iter()
                    .position(|actual| line_matches(shown, actual))
                {
                    found_at = Some((s, cursors[s] + k));
                    break;
                }
            }
            match found_at {
                Some((s, k)) => cursors[s] = k + 1,
                None => failures.push(format!(
                    "README.md:{number}: `headwind {}` does not print (in order)\n  {shown}\nit printed:\n{stdout}{stderr}",
                    example.args.join(" ")
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
