//! Criterion benchmarks of the core stages on generated reports of several
//! sizes: full parse, incremental reparse after a one-character edit,
//! lowering, each check family, the whole per-document analysis, the outline,
//! and the cross-document pass.
//!
//!     cargo bench --bench stages                  # all sizes
//!     cargo bench --bench stages -- '5MB'         # one size (a Criterion filter)

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use hyoka::checks::{budgets, ratings, references, structure};
use hyoka::config::Config;
use hyoka::{analysis, features, gen, model, syntax};
use std::time::Duration;

const SIZES: [(usize, &str); 4] = [(50_000, "50KB"), (200_000, "200KB"), (1_000_000, "1MB"), (5_000_000, "5MB")];

/// A one-character insertion in the middle of a prose line near `at`.
fn edit_point(text: &str, at: usize) -> usize {
    let mut off = at;
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    // Move to the start of the next prose line's second character.
    let next = text[off..].find("\n").map(|i| off + i + 1).unwrap_or(0);
    let mut p = next;
    for line in text[next..].split_inclusive('\n') {
        if !line.starts_with(['#', '@', '|', '/', '\n']) && line.len() > 8 {
            return p + line.char_indices().nth(2).map(|(i, _)| i).unwrap_or(0);
        }
        p += line.len();
    }
    off
}

fn stages(c: &mut Criterion) {
    let config = Config::default();
    for (bytes, name) in SIZES {
        let text = gen::evaluation(1, bytes);
        let tree = syntax::parse(&text, None);
        let report = model::lower(&text, &tree);
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(text.len() as u64));
        if bytes >= 1_000_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(4));
        }
        g.bench_function("parse", |b| b.iter(|| syntax::parse(&text, None)));

        // Incremental reparse: insert 'の' in the middle of the document.
        let at = edit_point(&text, text.len() / 2);
        let mut edited = text.clone();
        edited.insert_str(at, "の");
        g.bench_function("reparse_one_char", |b| {
            b.iter_batched(
                || {
                    let mut t = tree.clone();
                    syntax::edit_tree(&mut t, &text, &edited, at, at, "の".len());
                    t
                },
                |old| syntax::parse(&edited, Some(&old)),
                BatchSize::SmallInput,
            )
        });
        // A keystroke in prose through `analysis::reanalyze`: the model and
        // the diagnostics are moved, not computed again. The first prose
        // line from the middle where the keystroke is away from citations.
        let analysed = analysis::analyze_tree(&text, tree.clone(), &config);
        let (p_edited, p_tree, edit) = (0..)
            .map(|k| {
                let line = edit_point(&text, text.len() / 2 + k * 997);
                let len = text[line..].find('\n').unwrap_or(0);
                let mut at = line + len / 2;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut e = text.clone();
                e.insert_str(at, "の");
                let mut t = tree.clone();
                syntax::edit_tree(&mut t, &text, &e, at, at, "の".len());
                let t = syntax::parse(&e, Some(&t));
                (e, t, hyoka::model::shift::Edit { start: at, old_end: at, new_end: at + "の".len() })
            })
            .find(|(e, t, edit)| analysis::reanalyze(&mut analysed.clone(), e, t.clone(), Some(*edit), &config) == analysis::Reanalysis::Moved)
            .unwrap();
        g.bench_function("reanalyze_prose_keystroke", |b| {
            b.iter_batched(
                || (analysed.clone(), p_tree.clone()),
                |(mut a, t)| {
                    analysis::reanalyze(&mut a, &p_edited, t, Some(edit), &config);
                    a
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_function("lower", |b| b.iter(|| model::lower(&text, &tree)));
        g.bench_function("check_structure", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                structure::check(&report, &text, &config, &mut out);
                out
            })
        });
        g.bench_function("check_references", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                references::check(&report, &text, &config, &mut out);
                out
            })
        });
        g.bench_function("check_ratings", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                ratings::check(&report, &config, &mut out);
                out
            })
        });
        g.bench_function("check_budgets", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                budgets::check(&report, &config, &mut out);
                out
            })
        });
        g.bench_function("check_document", |b| b.iter(|| hyoka::checks::check_document(&report, &text, &config)));
        g.bench_function("outline", |b| b.iter(|| features::outline::outline(&report, &text)));
        let diagnostics = hyoka::checks::check_document(&report, &text, &config);
        let plain = hyoka::render::RenderOptions::default();
        let annotated = hyoka::render::RenderOptions { annotate: true, ..Default::default() };
        g.bench_function("render", |b| b.iter(|| hyoka::render::render(&text, &report, &diagnostics, &plain)));
        g.bench_function("render_annotated", |b| b.iter(|| hyoka::render::render(&text, &report, &diagnostics, &annotated)));
        g.bench_function("analyze_tree", |b| b.iter_batched(|| tree.clone(), |t| analysis::analyze_tree(&text, t, &config), BatchSize::SmallInput));
        g.finish();
    }
}

fn cross(c: &mut Criterion) {
    let config = Config::default();
    let mut g = c.benchmark_group("cross");
    g.sample_size(10);
    for measures in [10, 100, 500] {
        let ws = gen::workspace(measures, 42, 20_000);
        let analysed: Vec<(String, analysis::Analysis)> = ws.iter().map(|(p, t)| (p.clone(), analysis::analyze(t, &config))).collect();
        let docs: Vec<(&str, &model::Report)> = analysed.iter().map(|(p, a)| (p.as_str(), &a.report)).collect();
        g.bench_with_input(BenchmarkId::new("cross_check_all", docs.len()), &docs, |b, docs| b.iter(|| analysis::cross_check(docs, &config)));
        // What a keystroke needs: re-check the one set of the edited document.
        let map: std::collections::HashMap<String, &model::Report> = docs.iter().map(|(k, r)| (k.to_string(), *r)).collect();
        let mut index = analysis::CrossIndex::default();
        index.rebuild(&map, |r| *r, &config);
        let key = vec!["measure-0001/evaluation.hyoka".to_string()];
        g.bench_function(BenchmarkId::new("cross_index_update_one", docs.len()), |b| b.iter(|| index.update(&map, |r| *r, &key, &config)));
    }
    g.finish();
}

criterion_group!(benches, stages, cross);
criterion_main!(benches);
