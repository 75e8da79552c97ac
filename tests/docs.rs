//! Checks that README.md, CONTRIBUTING.md and the pages in docs/ keep their
//! promises: every fenced block is of a kind that something checks,
//! `compile_fail` blocks fail with the error they name, excerpts match their
//! files, links resolve, tests named in tables exist, and the generated diffs
//! and outputs are fresh.
//!
//! The rules are the page conventions written down in CONTRIBUTING.md.
//! `UPDATE_DOCS=1 cargo test -p course --test docs` rewrites stale generated
//! blocks in place instead of failing.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::thread;

use pretty_assertions::assert_eq;

/// The command that fills empty generated blocks and refreshes stale ones.
const REFRESH: &str = "UPDATE_DOCS=1 cargo test -p course --test docs";

/// Tags of blocks that rustdoc leaves alone.
const OTHER_TAGS: [&str; 6] =
    ["go", "console", "sh", "text", "mermaid", "diff"];

/// What a plain doctest may add to `rust`.
const DOCTEST_FLAGS: [&str; 3] = ["standalone_crate", "no_run", "should_panic"];

/// Lines of context around each change in a generated diff.
const CONTEXT: usize = 3;

#[test]
fn every_fenced_block_has_a_kind_that_something_checks() {
    let mut problems = Vec::new();

    for page in pages() {
        problems.extend(page.problems.iter().cloned());
        for block in &page.blocks {
            if let Err(problem) = block.kind() {
                problems.push(format!("{}: {problem}", page.at(block.line)));
            }
        }
    }

    report(problems);
}

#[test]
fn every_page_is_run_as_doctests_of_the_root_package() {
    let lib = read("src/lib.rs");

    let missing: Vec<String> = pages()
        .into_iter()
        .map(|page| page.path)
        .filter(|path| !lib.contains(&format!("include_str!(\"../{path}\")")))
        .collect();

    assert!(
        missing.is_empty(),
        "src/lib.rs must include these pages, or rustdoc never runs their \
         Rust blocks: {missing:?}"
    );
}

#[test]
fn compile_fail_blocks_fail_with_the_code_they_name() {
    let pages = pages();
    let mut cases = Vec::new();
    for page in &pages {
        for (index, block) in page.blocks.iter().enumerate() {
            if let Ok(Kind::CompileFail(code)) = block.kind() {
                let answer = page.blocks.get(index + 1);
                cases.push((page.at(block.line), block, code, answer));
            }
        }
    }

    // One rustc per block, all at once: most of each run is start-up.
    let results: Vec<Result<(), Vec<String>>> = thread::scope(|scope| {
        let runs: Vec<_> = cases
            .iter()
            .enumerate()
            .map(|(n, (_, block, _, _))| {
                scope.spawn(move || compile(&unhide(&block.body), n))
            })
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });

    let mut problems = Vec::new();
    for ((at, _, code, answer), result) in cases.iter().zip(results) {
        match result {
            Ok(()) => problems.push(format!(
                "{at}: this compile_fail block compiles; it should fail with \
                 {code}"
            )),
            Err(errors) if errors.is_empty() => problems.push(format!(
                "{at}: fails with no error code at all, not {code}: a syntax \
                 error? (rustc reads the block as a library: statements go \
                 inside a fn)"
            )),
            Err(errors) if !errors.contains(code) => problems.push(format!(
                "{at}: fails without {code}; rustc's errors: {errors:?}"
            )),
            Err(_) => {}
        }
        if let Err(problem) = check_headline(code, *answer) {
            problems.push(format!("{at}: {problem}"));
        }
    }

    report(problems);
}

#[test]
fn excerpts_appear_verbatim_in_the_files_they_name() {
    let mut problems = Vec::new();

    for page in pages() {
        for block in &page.blocks {
            let Some(path) = block.marker_arg("excerpt") else {
                continue;
            };
            if let Err(problem) = check_excerpt(path, &block.body) {
                problems.push(format!("{}: {problem}", page.at(block.line)));
            }
        }
    }

    report(problems);
}

#[test]
fn relative_links_and_anchors_resolve() {
    let mut problems = Vec::new();

    for page in pages() {
        for (line, text) in &page.prose {
            for target in link_targets(text) {
                if let Err(problem) = check_link(&page.path, &target) {
                    problems.push(format!("{}: {problem}", page.at(*line)));
                }
            }
        }
    }

    report(problems);
}

#[test]
fn tests_named_in_a_pages_tables_exist_in_its_step() {
    let mut problems = Vec::new();

    for page in pages() {
        // `docs/step4-storage-layer.md` speaks of `steps/step4`.
        let Some(step) = page
            .path
            .strip_prefix("docs/")
            .and_then(|name| name.split('-').next())
            .filter(|name| is_step(name))
        else {
            continue;
        };
        let sources = rust_sources(&format!("steps/{step}"));
        for (line, text) in &page.prose {
            let Some(name) = table_test_name(text) else {
                continue;
            };
            if !sources.contains(&format!("fn {name}(")) {
                problems.push(format!(
                    "{}: the table names `{name}`, which is no function \
                     in steps/{step}",
                    page.at(*line)
                ));
            }
        }
    }

    report(problems);
}

#[test]
fn generated_diffs_match_the_steps() {
    check_generated_blocks("diff", str::to_string, diff_of);
}

#[test]
fn generated_outputs_match_what_their_commands_print() {
    check_generated_blocks("output", mask, run_cargo);
}

// Unit tests of the checker's own parsers.

#[test]
fn slugs_follow_github_rules() {
    let page = "# Step 1 — basic job processing\n\
                ## Go → Rust\n\
                ## What's still wrong\n\
                ## `Job::new()` returns a [value](#x)\n\
                ## Exercises\n\
                ## Exercises\n";

    let slugs = parse("page.md", page).anchors();

    assert_eq!(
        slugs,
        [
            "step-1--basic-job-processing",
            "go--rust",
            "whats-still-wrong",
            "jobnew-returns-a-value",
            "exercises",
            "exercises-1",
        ]
    );
}

#[test]
fn a_diff_hunk_keeps_three_lines_of_context_around_a_change() {
    let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";

    let diff = unified_diff("a/x", "b/x", old, new);

    assert_eq!(
        diff,
        "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
    );
}

#[test]
fn a_diff_of_an_added_file_counts_from_line_zero() {
    let diff = unified_diff("/dev/null", "b/new.rs", "", "fn a() {}\n");

    assert_eq!(
        diff,
        "--- /dev/null\n+++ b/new.rs\n@@ -0,0 +1 @@\n+fn a() {}\n"
    );
}

#[test]
fn identical_files_give_an_empty_diff() {
    assert_eq!(unified_diff("a/x", "b/x", "same\n", "same\n"), "");
}

#[test]
fn masking_hides_job_ids_and_timings_only() {
    let line = "job_1733321580123456789 done in 0.02s by step4 (1.85)";

    assert_eq!(mask(line), "job_<id> done in <time>s by step4 (1.85)");
}

#[test]
fn fences_are_read_with_their_marker_indent_and_body() {
    let page = "1. run:\n\n   <!-- output: cargo test -q -p step1 -->\n   \
                ```text\n   ok\n   ```\n";

    let blocks = parse("page.md", page).blocks;

    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].info, "text");
    assert_eq!(
        blocks[0].marker_arg("output"),
        Some("cargo test -q -p step1")
    );
    assert_eq!(blocks[0].body, ["ok"]);
}

#[test]
fn a_fence_right_after_an_html_tag_is_reported() {
    let page = "<details><summary>Solution</summary>\n```rust\n```\n";

    let problems = parse("page.md", page).problems;

    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("page.md:2: "), "{problems:?}");
}

#[test]
fn hidden_lines_are_shown_to_rustc() {
    let body = ["# use std::fmt;", "#", "##[derive(Debug)]", "struct A;"]
        .map(String::from);

    assert_eq!(
        unhide(&body),
        "use std::fmt;\n\n#[derive(Debug)]\nstruct A;\n"
    );
}

#[test]
fn rustc_json_fields_are_read_by_their_key() {
    let line = concat!(
        r#"{"message":"say \"hi\"","#,
        r#""code":{"code":"E0515","explanation":"x"},"#,
        r#""level":"error","children":[]}"#,
    );

    assert_eq!(json_str(line, r#""code":{"code":""#), Some("E0515"));
    assert_eq!(json_str(line, r#""message":""#), Some(r#"say \"hi\""#));
    assert_eq!(json_str(line, r#""level":""#), Some("error"));
}

#[test]
fn link_targets_skip_inline_code_and_titles() {
    let line = "see [step 4](step4.md#run-it \"Run\") and `a[0](1)`, \
                [web](https://example.org)";

    assert_eq!(
        link_targets(line),
        ["step4.md#run-it", "https://example.org"]
    );
}

// Pages and their blocks.

/// A markdown page, read into fenced blocks and the prose around them.
struct Page {
    /// The path from the repository root, with `/`.
    path: String,
    blocks: Vec<Block>,
    /// Every line outside fenced blocks, with its line number.
    prose: Vec<(usize, String)>,
    /// What cannot be a block of any kind, as `path:line: why`.
    problems: Vec<String>,
}

/// One fenced block.
struct Block {
    /// The line number of the opening fence.
    line: usize,
    /// The fence's info string, such as `rust,compile_fail,E0515`.
    info: String,
    /// What the HTML comment on the line before says, if there is one.
    marker: Option<String>,
    /// The fence's indentation, removed from the body.
    indent: usize,
    body: Vec<String>,
    /// The index of the body's first line in the page's lines.
    body_start: usize,
}

/// What checks a block.
#[derive(Debug, PartialEq)]
enum Kind {
    /// Not Rust, not generated: Go, shell, compiler output, diagrams.
    NotRust,
    /// Compiled and run by rustdoc.
    Doctest,
    /// Compiled by rustc here, and must fail with this code or lint.
    CompileFail(String),
    /// Compared here with the file its marker names.
    Excerpt,
    /// Generated here from the two paths its marker names.
    Diff,
    /// Generated here by running the command its marker names.
    Output,
}

impl Block {
    /// Tells what checks the block, or why nothing can.
    fn kind(&self) -> Result<Kind, String> {
        let info = self.info.as_str();
        let marker = self.marker.as_deref().map(|comment| {
            comment.split_once(':').map_or(comment, |(name, _)| name)
        });

        match (info, marker) {
            ("", _) => Err("an untagged fence: rustdoc compiles it as Rust; \
                            tag it go, console, text, ..."
                .to_string()),
            ("rust,ignore" | "toml", Some("excerpt")) => Ok(Kind::Excerpt),
            ("diff", Some("diff")) => Ok(Kind::Diff),
            ("text", Some("output")) => Ok(Kind::Output),
            (_, Some(_)) => Err(format!(
                "`<!-- {} -->` cannot mark a ```{info} block: excerpt marks \
                 rust,ignore or toml, diff marks diff, output marks text",
                self.marker.as_deref().unwrap_or_default()
            )),
            ("rust,ignore", None) => Err("rust,ignore is only for an \
                 excerpt: put `<!-- excerpt: PATH -->` on the line before"
                .to_string()),
            ("toml", None) => Err("a toml block is an excerpt of a file: put \
                 `<!-- excerpt: PATH -->` on the line before"
                .to_string()),
            ("diff", None) => Err("a diff block is generated: put \
                 `<!-- diff: OLD NEW -->` on the line before"
                .to_string()),
            _ if OTHER_TAGS.contains(&info) => Ok(Kind::NotRust),
            _ => rust_kind(info),
        }
    }

    /// The argument of the block's `<!-- name: ARG -->` marker, when it has
    /// one and the block fits it.
    fn marker_arg(&self, name: &str) -> Option<&str> {
        let (found, arg) = self.marker.as_deref()?.split_once(':')?;
        (found == name && self.kind().is_ok()).then(|| arg.trim())
    }
}

/// Tells which kind of Rust block `info` asks for.
fn rust_kind(info: &str) -> Result<Kind, String> {
    let words: Vec<&str> = info.split(',').map(str::trim).collect();

    match words[..] {
        ["rust", "compile_fail", code] if is_code(code) => {
            Ok(Kind::CompileFail(code.to_string()))
        }
        ["rust", ref flags @ ..]
            if flags.iter().all(|flag| DOCTEST_FLAGS.contains(flag)) =>
        {
            Ok(Kind::Doctest)
        }
        _ => Err(format!(
            "```{info} fits none of the kinds: rust (with any of \
             {DOCTEST_FLAGS:?}), rust,compile_fail,CODE, rust,ignore after \
             an excerpt marker, or one of {OTHER_TAGS:?}"
        )),
    }
}

/// Tells whether `code` is a rustc error code (`E0515`) or a lint name.
fn is_code(code: &str) -> bool {
    let error_code = code.len() == 5
        && code.starts_with('E')
        && code[1..].bytes().all(|b| b.is_ascii_digit());
    let lint = !code.is_empty()
        && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    error_code || lint
}

/// README.md, CONTRIBUTING.md and every page in docs/.
fn pages() -> Vec<Page> {
    let mut paths =
        vec!["README.md".to_string(), "CONTRIBUTING.md".to_string()];
    let mut docs: Vec<String> = fs::read_dir(root().join("docs"))
        .expect("docs/ is readable")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    docs.sort();
    paths.extend(docs);

    paths.iter().map(|path| parse(path, &read(path))).collect()
}

/// Reads a page into its fenced blocks and its prose.
fn parse(path: &str, text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    let mut page = Page {
        path: path.to_string(),
        blocks: Vec::new(),
        prose: Vec::new(),
        problems: Vec::new(),
    };
    let mut problem = |line: usize, why: &str| {
        page.problems.push(format!("{path}:{line}: {why}"));
    };
    // Markdown ends an HTML block (`<details>`, `<summary>`, ...) only at a
    // blank line, and a fence inside one is shown as text, never tested.
    let mut in_html = false;
    let mut i = 0;

    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let Some((fence_char, width)) = fence(trimmed) else {
            if trimmed.is_empty() {
                in_html = false;
            } else if trimmed.starts_with('<') && comment(line).is_none() {
                in_html = true;
            }
            let marker = comment(line).filter(|c| is_marker(c));
            let fence_next =
                lines.get(i + 1).and_then(|l| fence(l.trim_start()));
            if marker.is_some() && fence_next.is_none() {
                problem(i + 1, "a marker must sit right above its fence");
            }
            page.prose.push((i + 1, line.to_string()));
            i += 1;
            continue;
        };

        if in_html {
            problem(
                i + 1,
                "this fence follows an HTML tag with no blank line between, \
                 so GitHub and rustdoc read it as HTML text: add a blank line",
            );
        }
        let indent = line.len() - trimmed.len();
        let mut end = i + 1;
        while end < lines.len() && !closes(lines[end], fence_char, width) {
            end += 1;
        }
        if end == lines.len() {
            problem(i + 1, "this fence is never closed");
        }
        page.blocks.push(Block {
            line: i + 1,
            info: trimmed[width..].trim().to_string(),
            marker: i.checked_sub(1).and_then(|p| comment(lines[p])),
            indent,
            body: lines[i + 1..end]
                .iter()
                .map(|l| strip_indent(l, indent).to_string())
                .collect(),
            body_start: i + 1,
        });
        i = end + 1;
    }
    page
}

impl Page {
    /// Where a line of the page is, as `path:line`.
    fn at(&self, line: usize) -> String {
        format!("{}:{line}", self.path)
    }

    /// The anchors GitHub gives the page's headings.
    fn anchors(&self) -> Vec<String> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut anchors = Vec::new();
        for (_, line) in &self.prose {
            let Some(heading) = heading(line) else {
                continue;
            };
            let slug = slug(heading);
            let count = seen.entry(slug.clone()).or_insert(0);
            anchors.push(match *count {
                0 => slug,
                n => format!("{slug}-{n}"),
            });
            *count += 1;
        }
        anchors
    }
}

/// The fence character and width when `line` opens or closes a fence.
fn fence(line: &str) -> Option<(char, usize)> {
    let first = line.chars().next().filter(|&c| c == '`' || c == '~')?;
    let width = line.chars().take_while(|&c| c == first).count();
    (width >= 3).then_some((first, width))
}

/// Tells whether `line` closes a fence opened with `width` of `fence_char`.
fn closes(line: &str, fence_char: char, width: usize) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= width && trimmed.chars().all(|c| c == fence_char)
}

/// The text inside `<!-- ... -->` when it is all of `line`.
fn comment(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
    Some(inner.trim().to_string())
}

/// Tells whether a comment is one of the markers that name a block's source.
fn is_marker(comment: &str) -> bool {
    ["excerpt:", "diff:", "output:"]
        .iter()
        .any(|name| comment.starts_with(name))
}

/// Removes up to `indent` leading spaces, as markdown does in a fence.
fn strip_indent(line: &str, indent: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(indent)..]
}

/// The text of an ATX heading (`## Tests`), without its `#`s.
fn heading(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let text = line[hashes..].strip_prefix(' ')?;
    (1..=6)
        .contains(&hashes)
        .then(|| text.trim().trim_end_matches('#').trim())
}

/// GitHub's anchor for a heading: lowercase, spaces to `-`, and every
/// character other than a letter, a digit, `-` or `_` dropped. Links in the
/// heading count by their text.
fn slug(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    while let Some(at) = rest.find("](") {
        text.push_str(&rest[..at]);
        rest = rest[at..].split_once(')').map_or("", |(_, after)| after);
    }
    text.push_str(rest);

    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            _ if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

// compile_fail blocks.

/// Compiles `source` as a library crate of its own, the `n`th of this run.
///
/// Returns `Err` with the codes of rustc's errors (error codes such as
/// `E0515` and the names of denied lints) when it does not compile.
fn compile(source: &str, n: usize) -> Result<(), Vec<String>> {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("compile_fail_{n}.rmeta"));
    let mut rustc = Command::new("rustc")
        .args(["-", "--edition", "2024", "--crate-type", "lib"])
        .args(["--error-format=json", "--emit=metadata", "-o"])
        .arg(out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustc runs");
    let mut stdin = rustc.stdin.take().unwrap();
    stdin.write_all(source.as_bytes()).unwrap();
    drop(stdin);
    let output = rustc.wait_with_output().unwrap();
    if output.status.success() {
        return Ok(());
    }

    // One diagnostic per line. rustc writes a diagnostic's own code and
    // level before its children, and a JSON string cannot contain an
    // unescaped `"`, so the first match of each key is the diagnostic's own.
    Err(String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|line| json_str(line, r#""level":""#) == Some("error"))
        .filter_map(|line| json_str(line, r#""code":{"code":""#))
        .map(str::to_string)
        .collect())
}

/// The raw text of the JSON string that follows `key` in `line`, escapes
/// left as they are.
fn json_str<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let start = line.find(key)? + key.len();
    let mut escaped = false;
    for (at, c) in line[start..].char_indices() {
        match c {
            '"' if !escaped => return Some(&line[start..start + at]),
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    None
}

/// The block's source as rustdoc compiles it: lines hidden with `# ` shown.
fn unhide(body: &[String]) -> String {
    let mut source = String::new();
    for line in body {
        let trimmed = line.trim();
        let shown = if trimmed.starts_with("##") {
            line.replacen("##", "#", 1)
        } else if trimmed == "#" {
            String::new()
        } else if let Some(hidden) = trimmed.strip_prefix("# ") {
            hidden.to_string()
        } else {
            line.clone()
        };
        source.push_str(&shown);
        source.push('\n');
    }
    source
}

/// Checks the headline of the compiler's answer, the `text` block that may
/// follow a `compile_fail` block: it must name the block's code.
fn check_headline(code: &str, next: Option<&Block>) -> Result<(), String> {
    let Some(next) = next.filter(|b| b.info == "text" && b.marker.is_none())
    else {
        return Ok(());
    };

    let headline = next.body.first().map_or("", String::as_str);
    let expected = if code.starts_with('E') {
        format!("error[{code}]:")
    } else {
        "error:".to_string()
    };
    if headline.starts_with(&expected) {
        Ok(())
    } else {
        Err(format!(
            "the compiler's answer (line {}) must open with `{expected}`, \
             not `{headline}`",
            next.line
        ))
    }
}

// Excerpts.

/// Checks that `excerpt` is a run of whole, consecutive lines of `path`.
fn check_excerpt(path: &str, excerpt: &[String]) -> Result<(), String> {
    let text = fs::read_to_string(root().join(path))
        .map_err(|err| format!("cannot read {path}: {err}"))?;
    let lines: Vec<&str> = text.lines().collect();
    if excerpt.is_empty() {
        return Err("the excerpt is empty".to_string());
    }

    if lines.windows(excerpt.len()).any(|window| window == excerpt) {
        return Ok(());
    }
    match excerpt.iter().find(|line| !lines.contains(&line.as_str())) {
        Some(line) => Err(format!("{path} has no line `{line}`")),
        None => Err(format!(
            "every line is in {path}, but not as one run in this order"
        )),
    }
}

// Links.

/// The targets of the inline links and link definitions on a line of
/// prose, outside inline code.
fn link_targets(line: &str) -> Vec<String> {
    let outside_code: Vec<&str> = line.split('`').step_by(2).collect();
    let text = outside_code.join(" ");
    let mut targets = Vec::new();

    let mut rest = text.as_str();
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        let target = rest[..end].split_whitespace().next().unwrap_or("");
        targets.push(target.trim_matches(['<', '>']).to_string());
        rest = &rest[end..];
    }
    // A link definition: `[label]: target`.
    let definition = text.trim_start().strip_prefix('[');
    if let Some((_, target)) = definition.and_then(|d| d.split_once("]: ")) {
        targets.push(target.trim().to_string());
    }
    targets
}

/// Checks that a link on the page `page` leads to a file of the repository
/// and, if it has one, to a heading's anchor.
fn check_link(page: &str, target: &str) -> Result<(), String> {
    if target.contains("://") || target.starts_with("mailto:") {
        return Ok(());
    }
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let file = if path.is_empty() {
        root().join(page)
    } else {
        root().join(page).parent().unwrap().join(path)
    };

    let Ok(file) = file.canonicalize() else {
        return Err(format!("`{target}` leads to no file"));
    };
    if !file.starts_with(root().canonicalize().unwrap()) {
        return Err(format!("`{target}` leads out of the repository"));
    }
    let Some(anchor) = anchor else {
        return Ok(());
    };
    if file.extension().is_none_or(|ext| ext != "md") {
        return Err(format!(
            "`{target}`: only a page's headings can be checked, and a line \
             anchor drifts with the code; link the file or excerpt it"
        ));
    }
    let anchors = parse("", &fs::read_to_string(&file).unwrap()).anchors();
    if anchors.iter().any(|a| a == anchor) {
        Ok(())
    } else {
        Err(format!(
            "`{target}`: no such heading; there are {anchors:?}"
        ))
    }
}

// Generated blocks.

/// Compares each block marked `<!-- marker: ARG -->` with `generate(ARG)`,
/// line by line after `normalize`, and with trailing spaces ignored (an
/// editor may strip them). With UPDATE_DOCS=1 it rewrites the stale blocks
/// instead of failing.
fn check_generated_blocks(
    marker: &str,
    normalize: fn(&str) -> String,
    generate: fn(&str) -> Result<String, String>,
) {
    let update = std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1");
    // Each diff is made, and each command run, once.
    let mut fresh: HashMap<String, Result<String, String>> = HashMap::new();
    let mut stale_pages = BTreeSet::new();
    let mut problems = Vec::new();

    for page in pages() {
        for block in &page.blocks {
            let Some(arg) = block.marker_arg(marker) else {
                continue;
            };
            let at = page.at(block.line);
            let generated = fresh
                .entry(arg.to_string())
                .or_insert_with(|| generate(arg));
            let generated = match generated {
                Ok(generated) => normalize(generated),
                Err(problem) => {
                    problems.push(format!("{at}: {problem}"));
                    continue;
                }
            };
            let shown = normalize(&block.body.join("\n"));
            let Some(difference) = first_difference(&shown, &generated) else {
                continue;
            };
            if update {
                stale_pages.insert(page.path.clone());
            } else {
                problems.push(format!(
                    "{at}: `<!-- {marker}: {arg} -->` is stale ({difference}); \
                     refresh with `{REFRESH}`"
                ));
            }
        }
    }

    for path in stale_pages {
        rewrite_generated_blocks(&path, marker, normalize, &fresh);
    }
    report(problems);
}

/// Serialises rewrites of pages: the diff and the output checks run on
/// threads of their own and may both rewrite one page.
static REWRITING: Mutex<()> = Mutex::new(());

/// Replaces the body of each stale block marked `marker` on the page.
fn rewrite_generated_blocks(
    path: &str,
    marker: &str,
    normalize: fn(&str) -> String,
    fresh: &HashMap<String, Result<String, String>>,
) {
    let _rewriting = REWRITING.lock().unwrap_or_else(PoisonError::into_inner);
    let text = read(path);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();

    // From the bottom up, so that the line numbers above stay right.
    for block in parse(path, &text).blocks.iter().rev() {
        let Some(arg) = block.marker_arg(marker) else {
            continue;
        };
        let Some(Ok(generated)) = fresh.get(arg) else {
            continue;
        };
        let shown = normalize(&block.body.join("\n"));
        if first_difference(&shown, &normalize(generated)).is_none() {
            continue;
        }
        let indent = " ".repeat(block.indent);
        let generated = generated.trim_start_matches('\n').trim_end();
        let body = generated.lines().map(|line| match line {
            "" => String::new(),
            _ => format!("{indent}{line}"),
        });
        let old_body = block.body_start..block.body_start + block.body.len();
        lines.splice(old_body, body);
    }

    fs::write(root().join(path), lines.join("\n") + "\n")
        .expect("the page is writable");
}

/// Where two texts first differ, line by line, ignoring trailing spaces and
/// blank lines at either end; `None` when they do not.
fn first_difference(shown: &str, fresh: &str) -> Option<String> {
    let comparable = |text: &str| -> Vec<String> {
        let text = text.trim_start_matches('\n').trim_end();
        text.lines()
            .map(|line| line.trim_end().to_string())
            .collect()
    };
    let (shown, fresh) = (comparable(shown), comparable(fresh));
    if shown.is_empty() && !fresh.is_empty() {
        return Some("the block is empty".to_string());
    }

    let at = (0..shown.len().max(fresh.len()))
        .find(|&i| shown.get(i) != fresh.get(i))?;
    let line = |lines: &[String]| match lines.get(at).map(String::as_str) {
        None => "nothing".to_string(),
        Some("") => "a blank line".to_string(),
        Some(line) => format!("`{line}`"),
    };
    Some(format!(
        "line {} of the block shows {}, now {}",
        at + 1,
        line(&shown),
        line(&fresh)
    ))
}

/// The unified diff between two files, or two directories file by file,
/// named as in `<!-- diff: OLD NEW -->`.
fn diff_of(paths: &str) -> Result<String, String> {
    let [old, new] = paths.split_whitespace().collect::<Vec<_>>()[..] else {
        return Err(format!("`{paths}` must be two paths"));
    };
    let (old_path, new_path) = (root().join(old), root().join(new));

    if old_path.is_file() && new_path.is_file() {
        let (old_text, new_text) = (read(old), read(new));
        return Ok(unified_diff(
            &format!("a/{old}"),
            &format!("b/{new}"),
            &old_text,
            &new_text,
        ));
    }
    if !(old_path.is_dir() && new_path.is_dir()) {
        return Err(format!(
            "`{old}` and `{new}` must be two files or two directories"
        ));
    }

    let mut files = BTreeSet::new();
    files.extend(files_under(&old_path, ""));
    files.extend(files_under(&new_path, ""));
    let mut diff = String::new();
    for file in files {
        let (old_file, new_file) = (old_path.join(&file), new_path.join(&file));
        let name = |path: &Path, side: &str, dir: &str| {
            if path.is_file() {
                format!("{side}/{dir}/{file}")
            } else {
                "/dev/null".to_string()
            }
        };
        diff += &unified_diff(
            &name(&old_file, "a", old),
            &name(&new_file, "b", new),
            &fs::read_to_string(&old_file).unwrap_or_default(),
            &fs::read_to_string(&new_file).unwrap_or_default(),
        );
    }
    Ok(diff)
}

/// The paths of the files under `dir`, relative to it, with `/`.
fn files_under(dir: &Path, prefix: &str) -> Vec<String> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            files.extend(files_under(&entry.path(), &format!("{name}/")));
        } else {
            files.push(name);
        }
    }
    files
}

/// The unified diff of two texts with `CONTEXT` lines around each change,
/// or nothing when they are the same.
fn unified_diff(
    old_name: &str,
    new_name: &str,
    old: &str,
    new: &str,
) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();

    // Each line with its mark, and how many old and new lines come before.
    struct Line<'a> {
        mark: char,
        text: &'a str,
        old_before: usize,
        new_before: usize,
    }
    let mut lines = Vec::new();
    let (mut old_before, mut new_before) = (0, 0);
    for change in diff::slice(&old_lines, &new_lines) {
        let (mark, text) = match change {
            diff::Result::Left(text) => ('-', text),
            diff::Result::Both(text, _) => (' ', text),
            diff::Result::Right(text) => ('+', text),
        };
        lines.push(Line {
            mark,
            text,
            old_before,
            new_before,
        });
        if mark != '+' {
            old_before += 1;
        }
        if mark != '-' {
            new_before += 1;
        }
    }
    let changes: Vec<usize> =
        (0..lines.len()).filter(|&i| lines[i].mark != ' ').collect();
    if changes.is_empty() {
        return String::new();
    }

    let mut diff = format!("--- {old_name}\n+++ {new_name}\n");
    let mut next = 0;
    while next < changes.len() {
        // A hunk runs on while the next change is close enough for the
        // contexts of the two to meet.
        let first = changes[next];
        let mut last = first;
        next += 1;
        while next < changes.len() && changes[next] - last <= 2 * CONTEXT + 1 {
            last = changes[next];
            next += 1;
        }
        let start = first.saturating_sub(CONTEXT);
        let hunk = &lines[start..(last + CONTEXT + 1).min(lines.len())];

        let old_len = hunk.iter().filter(|line| line.mark != '+').count();
        let new_len = hunk.iter().filter(|line| line.mark != '-').count();
        diff += &format!(
            "@@ -{} +{} @@\n",
            range(hunk[0].old_before, old_len),
            range(hunk[0].new_before, new_len)
        );
        for line in hunk {
            diff += &format!("{}{}\n", line.mark, line.text);
        }
    }
    diff
}

/// A hunk header's range, as git writes it: the first line and the count,
/// the count left out when it is 1, and line 0 for an empty range.
fn range(lines_before: usize, len: usize) -> String {
    match len {
        0 => format!("{lines_before},0"),
        1 => format!("{}", lines_before + 1),
        _ => format!("{},{len}", lines_before + 1),
    }
}

/// Runs one of the two commands whose output a page may show, and returns
/// what it printed on stdout.
fn run_cargo(command: &str) -> Result<String, String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    // The root package is never run: its tests include this one.
    let args = match words[..] {
        // `cargo test` has already built each demo as a test (see a step's
        // Cargo.toml); running that build prints the same lines as
        // `cargo run`, without building the demo a second time.
        ["cargo", "run", "-p", step, "--example", "demo"] if is_step(step) => {
            vec!["test", "-q", "-p", step, "--example", "demo"]
        }
        ["cargo", "test", "-q", "-p", step] if is_step(step) => {
            vec!["test", "-q", "-p", step]
        }
        _ => {
            return Err(format!(
                "`{command}` is not a command a page may show the output of: \
                 only `cargo run -p stepN --example demo` and \
                 `cargo test -q -p stepN`"
            ));
        }
    };

    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{command}` failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Tells whether `package` is one of the steps (`step1`, `step2`, ...).
fn is_step(package: &str) -> bool {
    package
        .strip_prefix("step")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Hides what changes from run to run: job IDs (`job_<digits>`) and timings
/// (`<digits>.<digits>s`).
fn mask(text: &str) -> String {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let mut masked = String::with_capacity(text.len());
    let mut rest = text;

    while let Some(c) = rest.chars().next() {
        if let Some(id) = rest.strip_prefix("job_").filter(|id| digits(id) > 0)
        {
            masked.push_str("job_<id>");
            rest = &id[digits(id)..];
            continue;
        }
        let whole = digits(rest);
        let fraction = rest[whole..].strip_prefix('.').map_or(0, digits);
        let end = whole + 1 + fraction;
        if whole > 0 && fraction > 0 && rest[end..].starts_with('s') {
            masked.push_str("<time>s");
            rest = &rest[end + 1..];
        } else {
            let len = whole.max(c.len_utf8());
            masked.push_str(&rest[..len]);
            rest = &rest[len..];
        }
    }
    masked
}

/// The name in a table row that opens with a backticked test name, such
/// as `| `process_persists_status_changes` | ... |`.
fn table_test_name(line: &str) -> Option<&str> {
    let name = line.strip_prefix("| `")?.split('`').next()?;
    let snake = name.contains('_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    snake.then_some(name)
}

/// Every `.rs` file under `dir`, one after another in one string.
fn rust_sources(dir: &str) -> String {
    files_under(&root().join(dir), "")
        .iter()
        .filter(|path| path.ends_with(".rs"))
        .map(|path| read(&format!("{dir}/{path}")))
        .collect()
}

// Helpers.

/// The workspace root, where the pages and the steps are.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a file of the repository.
fn read(path: &str) -> String {
    fs::read_to_string(root().join(path))
        .unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
}

/// Fails with every problem found, one paragraph each.
fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}\n",
        problems.len(),
        problems.join("\n\n")
    );
}
