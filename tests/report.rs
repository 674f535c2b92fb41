//! `headwind report`: the page is self-contained (no script, no external resource), holds every
//! section asked for with the forecast's own numbers, is reproducible byte for byte, and fails
//! cleanly. The browser test (headless Chromium: no console error, no request, a non-blank
//! screenshot) is `tools/browser/run.sh`, run by `.ci/run`.

use assert_cmd::Command;
use headwind::report::charts::Lang;
use headwind::workbench::{ForecastRequest, NegotiationRequest, ReportRequest, Workbench};

fn request(paths: usize) -> ReportRequest {
    ReportRequest {
        forecast: ForecastRequest {
            paths,
            ..Default::default()
        },
        sensitivity_paths: Some(200),
        mixes: Some(vec![]),
        optimize: true,
        negotiation: NegotiationRequest {
            paths: 60,
            ..Default::default()
        },
        lang: Lang::En,
    }
}

/// Every `src=`, `href=` and `url(` target in the page.
fn references(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    for pat in ["src=\"", "href=\"", "url("] {
        let mut rest = page;
        while let Some(i) = rest.find(pat) {
            let tail = &rest[i + pat.len()..];
            let end = tail.find(['"', ')']).unwrap_or(tail.len());
            out.push(tail[..end].to_string());
            rest = &tail[end..];
        }
    }
    out
}

#[test]
fn the_page_is_self_contained_and_has_every_section() {
    let wb = Workbench::embedded().unwrap();
    let page = wb.report(&request(2_000), &|_| {}).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    assert!(!page.contains("<script"), "no script");
    assert!(!page.contains("<link"), "no linked resource");
    assert!(!page.contains("<img"), "charts are inline SVG, not images");
    assert!(references(&page).is_empty(), "{:?}", references(&page));
    // The only URLs are the SVG namespace's identifiers (never fetched).
    for (i, _) in page.match_indices("http") {
        assert!(
            page[i..].starts_with("http://www.w3.org/"),
            "{}",
            &page[i..i + 60]
        );
    }
    for h in [
        "Headline",
        "Quarterly growth",
        "Calendar years",
        "Sector effects",
        "Tariff schedule",
        "What drives the answer",
        "Concession mixes",
        "The concession mix that costs least",
        "Method and assumptions",
        "Data and provenance",
    ] {
        assert!(page.contains(&format!("<h2>{h}</h2>")), "section {h}");
    }
    assert_eq!(
        page.matches("<svg").count(),
        5,
        "fan, sectors, tornado, mixes, frontier"
    );
}

#[test]
fn the_headline_numbers_are_the_forecast_s() {
    let wb = Workbench::embedded().unwrap();
    let req = request(2_000);
    let page = wb.report(&req, &|_| {}).unwrap();
    let f = wb.forecast(&req.forecast, &|_| {}).unwrap();
    assert!(page.contains(&format!("{:+.2}%", f.gdp_level_effect_pct)));
    for a in &f.annual {
        assert!(page.contains(&format!("{} growth effect, pp", a.year)));
        assert!(page.contains(&format!("{:+.2}", a.effect_pp_mean)));
    }
    for q in &f.quarters {
        assert!(page.contains(&format!("<td>{}</td>", q.quarter)));
    }
    // Provenance: every dataset's hash and the spec hashes.
    let data = headwind::workbench::data_report(&headwind::data::DataSource::Embedded).unwrap();
    for d in &data.datasets {
        assert!(page.contains(&d.sha256), "{}", d.name);
    }
    assert!(page.contains(&f.meta.model_spec_sha256));
    assert!(page.contains(&f.meta.scenario_sha256));
}

#[test]
fn the_same_request_gives_the_same_page_and_korean_embeds_its_font() {
    let wb = Workbench::embedded().unwrap();
    let mut req = request(500);
    req.mixes = None;
    req.optimize = false;
    req.sensitivity_paths = None;
    let a = wb.report(&req, &|_| {}).unwrap();
    assert_eq!(a, wb.report(&req, &|_| {}).unwrap());
    assert_eq!(a.matches("<svg").count(), 2);
    assert!(!a.contains("Concession mixes"));
    req.lang = Lang::Ko;
    let ko = wb.report(&req, &|_| {}).unwrap();
    assert!(ko.contains("<html lang=\"ko\">"));
    assert!(ko.contains("url(data:font/ttf;base64,"));
    assert!(ko.contains("핵심 결과") && ko.contains("실질 GDP 성장률"));
    // The only reference is the embedded font.
    let refs = references(&ko);
    assert_eq!(refs.len(), 1);
    assert!(
        refs[0].starts_with("data:font/ttf;base64,AAEAAA"),
        "a TrueType file"
    );
}

#[test]
fn cli_writes_the_report_and_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    Command::cargo_bin("headwind")
        .unwrap()
        .args([
            "--quiet",
            "report",
            "--paths",
            "300",
            "--sensitivity-paths",
            "0",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("<h2>Headline</h2>"));
    let bad = dir.path().join("bad.html");
    Command::cargo_bin("headwind")
        .unwrap()
        .args(["--quiet", "report", "--scenario", "no-such", "--output"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicates::str::contains("no-such"));
    assert!(!bad.exists(), "no partial output");
    Command::cargo_bin("headwind")
        .unwrap()
        .args(["report", "--lang", "fr"])
        .assert()
        .code(4);
}
