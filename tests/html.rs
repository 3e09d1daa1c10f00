//! Issue #8: the HTML report, parsed as a browser would parse it.

use std::fs;
use std::path::Path;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use tempfile::TempDir;

use crate::trends::{FRANK, HOLLOW, MONTHLY_BY_AUTHOR, archive, message};
use crate::util::{json, klartext, root};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

fn all<'a>(page: &'a Html, s: &str) -> Vec<ElementRef<'a>> {
    page.select(&sel(s)).collect()
}

fn text(e: ElementRef) -> String {
    e.text().collect()
}

/// Runs klartext with `-o page.html` in `dir` and parses the page.
fn page(dir: &Path, args: &[&str]) -> (Html, String) {
    let out = klartext(dir)
        .args(args)
        .args(["--format", "html", "-o", "page.html"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "-o writes nothing to stdout");
    let source = fs::read_to_string(dir.join("page.html")).unwrap();
    let page = Html::parse_document(&source);
    assert!(page.errors.is_empty(), "parse errors: {:?}", page.errors);
    (page, source)
}

/// The value of a fact in the summary (`<dt>name</dt><dd>value</dd>`).
fn fact(page: &Html, name: &str) -> String {
    let dts = all(page, "#summary dl.facts dt");
    let dds = all(page, "#summary dl.facts dd");
    let i = dts
        .iter()
        .position(|d| text(*d) == name)
        .unwrap_or_else(|| panic!("no fact {name}"));
    text(dds[i])
}

/// Nothing in the page runs, loads or links outside it.
fn assert_inert(page: &Html) {
    assert!(all(page, "script, img, iframe, object, embed, link, base").is_empty());
    for e in page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        for (name, value) in e.value().attrs() {
            assert!(!name.starts_with("on"), "{name}={value}");
            if name == "href" {
                assert!(
                    value.starts_with('#'),
                    "only links inside the page: {value}"
                );
            }
        }
    }
    let csp = all(page, "meta[http-equiv=Content-Security-Policy]");
    assert!(
        csp[0]
            .value()
            .attr("content")
            .unwrap()
            .contains("default-src 'none'")
    );
}

#[test]
fn the_demo_corpus_page_annotates_every_finding_in_its_document() {
    let dir = TempDir::new().unwrap();
    let corpora = root().join("corpora");
    let corpora = corpora.to_str().unwrap();
    let (page, _) = page(dir.path(), &["scan", corpora]);
    assert_inert(&page);
    let run = json(klartext(dir.path()).args(["scan", corpora, "--format", "json"]));
    let docs = run["documents"].as_array().unwrap();
    assert_eq!(fact(&page, "documents analyzed"), docs.len().to_string());
    assert_eq!(
        fact(&page, "counted findings"),
        run["summary"]["counted"].to_string()
    );
    assert_eq!(
        fact(&page, "lexicon version"),
        run["lexicon_version"].as_str().unwrap()
    );
    assert_eq!(
        fact(&page, "score version"),
        run["score_version"].as_str().unwrap()
    );
    // A few documents: each is shown whole, every finding marked in it,
    // with its rule and suggestion as the tooltip.
    let articles = all(&page, "#annotated article.document");
    assert_eq!(articles.len(), docs.len());
    for (article, doc) in articles.iter().zip(docs) {
        let marks: Vec<ElementRef> = article.select(&sel(".text mark")).collect();
        let findings = doc["findings"].as_array().unwrap();
        assert_eq!(marks.len(), findings.len(), "{}", doc["id"]);
        for (m, f) in marks.iter().zip(findings) {
            let shown: String = m.text().collect();
            let label: String = m.select(&sel("sup")).flat_map(|s| s.text()).collect();
            assert_eq!(shown, format!("{}{label}", f["text"].as_str().unwrap()));
            assert_eq!(label, f["category"].as_str().unwrap());
            let title = m.value().attr("title").unwrap();
            assert!(title.starts_with(f["rule"].as_str().unwrap()), "{title}");
            assert!(title.contains(f["suggestion"].as_str().unwrap()), "{title}");
        }
    }
    // Every rule shown is explained, once, with its suggestion.
    assert_eq!(
        all(&page, "#annotated > table.overview tbody tr").len(),
        docs.len()
    );
    for link in all(&page, "#annotated .findings a") {
        let target = link.value().attr("href").unwrap();
        let id = target.trim_start_matches('#');
        assert!(
            page.root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().id() == Some(id)),
            "{target} explained"
        );
        assert_eq!(all(&page, &format!("dt[id=\"{id}\"]")).len(), 1);
    }
    assert!(!all(&page, "#phrases svg[role=img] title").is_empty());
}

#[test]
fn many_documents_list_the_least_frank_ones_instead() {
    let dir = TempDir::new().unwrap();
    for i in 0..30 {
        let body = if i % 3 == 0 {
            format!("{} {}", HOLLOW[i % HOLLOW.len()], FRANK[i % FRANK.len()])
        } else {
            FRANK[i % FRANK.len()].to_string()
        };
        fs::create_dir_all(dir.path().join("memos")).unwrap();
        fs::write(dir.path().join(format!("memos/memo-{i:02}.txt")), body).unwrap();
    }
    let (page, _) = page(dir.path(), &["scan", "memos"]);
    assert!(all(&page, "#annotated").is_empty());
    let rows = all(&page, "#documents details.doc");
    assert_eq!(rows.len(), 25);
    let frankness: Vec<f64> = rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r
                .select(&sel("summary span"))
                .map(|s| s.text().collect())
                .collect();
            cells[3].parse().unwrap()
        })
        .collect();
    assert!(frankness.windows(2).all(|w| w[0] <= w[1]), "{frankness:?}");
    let run = json(klartext(dir.path()).args(["scan", "memos", "--format", "json"]));
    let min = run["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["frankness"].as_f64().unwrap())
        .fold(f64::INFINITY, f64::min);
    assert_eq!(frankness[0], min);
    // The least frank document opens to its findings in their sentences.
    let first = rows[0];
    let marked: Vec<String> = first
        .select(&sel(".findings q mark"))
        .map(|m| m.text().collect())
        .collect();
    assert!(!marked.is_empty());
    let quoted: String = first
        .select(&sel(".findings q"))
        .flat_map(|q| q.text())
        .collect();
    assert!(HOLLOW.iter().any(|h| quoted.contains(h)), "{quoted}");
}

#[test]
fn a_24_month_archive_charts_every_group_with_its_numbers() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("all.mbox"), archive(0..24)).unwrap();
    let mut args = vec!["trends", "all.mbox"];
    args.extend(MONTHLY_BY_AUTHOR);
    let (page, _) = page(dir.path(), &args);
    assert_inert(&page);
    let trends: Value = json(klartext(dir.path()).args(&args).args(["--format", "json"]));
    let series = trends["trends"]["series"].as_array().unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(fact(&page, "documents analyzed"), "96");
    assert_eq!(fact(&page, "period"), "2023-01 to 2024-12");
    let charts = all(&page, "#trends svg");
    assert_eq!(charts.len(), 2);
    let verdicts = all(&page, "#trends .verdict");
    for ((chart, verdict), s) in charts.iter().zip(&verdicts).zip(series) {
        let group = s["group"].as_str().unwrap();
        let title: String = chart.select(&sel("title")).next().unwrap().text().collect();
        assert_eq!(title, format!("Frankness over time: {group}"));
        // Every bucket's number and document count is in the chart.
        let desc: String = chart.select(&sel("desc")).next().unwrap().text().collect();
        for row in s["rows"].as_array().unwrap() {
            let point = format!(
                "{} {:.1} (n={})",
                row["bucket"].as_str().unwrap(),
                row["pooled_frankness"].as_f64().unwrap(),
                row["documents"]
            );
            assert!(desc.contains(&point), "{point} in {desc}");
        }
        assert!(text(*verdict).contains(s["trend"]["verdict"].as_str().unwrap()));
    }
    // alice grows hollow: the first thing on the page says so.
    let lead = text(all(&page, "p.lead")[0]);
    assert!(
        lead.contains(
            "1 of 2 groups shows a clear trend: alice@example.com: frankness falling, p < 0.001"
        ),
        "{lead}"
    );
    // alice grows hollow: a falling trend, in words.
    assert!(
        text(verdicts[0]).contains("falling"),
        "{}",
        text(verdicts[0])
    );
    assert_eq!(all(&page, "#categories svg").len(), 2);
    // Emerging phrases link to their explanation.
    for a in all(&page, "#phrases svg a") {
        let href = a.value().attr("href").unwrap();
        let id = href.trim_start_matches('#').to_string();
        let dt = all(&page, "#rules dl.rules dt");
        assert!(dt.iter().any(|d| d.value().id() == Some(&id)), "{href}");
    }
    let least = all(&page, "#documents details.doc");
    assert!(!least.is_empty() && least.len() <= 25);
    let first: String = least[0]
        .select(&sel("summary span"))
        .nth(1)
        .unwrap()
        .text()
        .collect();
    assert_eq!(first, "alice@example.com");
}

#[test]
fn hostile_subjects_and_bodies_show_as_text() {
    let dir = TempDir::new().unwrap();
    let hostile = r#"<script>document.title='pwned'</script> "><img src=x onerror=alert(1)>"#;
    let mut mbox = String::new();
    let body = format!("{hostile} Mistakes were made. {hostile}");
    for month in 1..=3 {
        message(&mut mbox, "eve@example.com", 2025, month, 2, &body);
    }
    let mbox = mbox.replace("Subject: Update", &format!("Subject: {hostile} Update"));
    fs::write(dir.path().join("x.mbox"), mbox).unwrap();
    fs::write(dir.path().join("x.txt"), &body).unwrap();
    let pages = [
        page(dir.path(), &["scan", "x.txt", "x.mbox"]),
        page(dir.path(), &["trends", "x.mbox", "--min-group-size", "1"]),
    ];
    for (page, source) in &pages {
        assert_inert(page);
        assert_eq!(text(all(page, "title")[0]), text(all(page, "h1")[0]));
        assert!(source.contains("&lt;script&gt;document.title="));
        let shown: String = page.root_element().text().collect();
        assert!(shown.contains(hostile), "the markup shows as text");
    }
}

#[test]
fn no_text_pages_hold_no_sentence_subject_or_document_list() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("all.mbox"), archive(0..24)).unwrap();
    for args in [
        &["scan", "all.mbox", "--no-text"][..],
        &["trends", "all.mbox", "--group-by", "author", "--no-text"][..],
    ] {
        let (page, source) = page(dir.path(), args);
        for sentence in FRANK.iter().chain(HOLLOW.iter()) {
            assert!(!source.contains(sentence), "{args:?}: {sentence}");
        }
        assert!(!source.contains("Update 20"), "{args:?}: a subject");
        assert!(all(&page, "#documents, #annotated, mark").is_empty());
        assert_eq!(fact(&page, "text of the input shown"), "no");
    }
}

#[test]
fn a_failed_run_leaves_the_previous_report_in_place() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("page.html"), "the previous report").unwrap();
    let out = klartext(dir.path())
        .args(["scan", "-", "-", "--format", "html", "-o", "page.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(dir.path().join("page.html")).unwrap(),
        "the previous report"
    );
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
}

#[test]
fn merged_partials_give_the_same_charts_as_one_run() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("a.mbox"), archive(0..12)).unwrap();
    fs::write(dir.path().join("b.mbox"), archive(12..24)).unwrap();
    fs::write(dir.path().join("all.mbox"), archive(0..24)).unwrap();
    for part in ["a", "b"] {
        let out = klartext(dir.path())
            .args(["trends", &format!("{part}.mbox"), "--group-by", "author"])
            .args(["--emit", "partial", "-o", &format!("{part}.json")])
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    let (merged, _) = page(
        dir.path(),
        &["merge", "a.json", "b.json", "--min-group-size", "1"],
    );
    let mut one = vec!["trends", "all.mbox"];
    one.extend(MONTHLY_BY_AUTHOR);
    let (one, _) = page(dir.path(), &one);
    let charts = |p: &Html| -> Vec<String> {
        all(p, "#trends svg, #categories svg, #phrases svg")
            .iter()
            .map(|e| e.html())
            .collect()
    };
    assert_eq!(charts(&merged), charts(&one));
    assert!(
        all(&merged, "#documents").is_empty(),
        "partials carry no documents"
    );
}

#[test]
fn pages_are_byte_identical_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("all.mbox"), archive(0..24)).unwrap();
    let corpora = root().join("corpora");
    let corpora = corpora.to_str().unwrap();
    for args in [
        &["scan", corpora][..],
        &["scan", "all.mbox"][..],
        &["trends", "all.mbox", "--group-by", "author"][..],
    ] {
        let at = |threads: &str| {
            let out = klartext(dir.path())
                .args(args)
                .args(["--format", "html", "--threads", threads])
                .output()
                .unwrap();
            assert!(out.status.success());
            out.stdout
        };
        let one = at("1");
        assert!(one.starts_with(b"<!DOCTYPE html>"));
        assert_eq!(one, at("3"), "{args:?}");
    }
}
