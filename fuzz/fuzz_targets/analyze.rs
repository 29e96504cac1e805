//! Arbitrary bytes through parse → lower → every check and every feature,
//! alone and cross-checked with the real plan and budget sheet.
#![no_main]

use hyoka::analysis::{analyze, cross_check, Analysis};
use hyoka::config::Config;
use hyoka::text::{Encoding, LineIndex};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn companions() -> &'static (Analysis, Analysis) {
    static C: OnceLock<(Analysis, Analysis)> = OnceLock::new();
    C.get_or_init(|| {
        let c = Config::default();
        (
            analyze(include_str!("../../examples/mofa-I-2/plan.hyoka"), &c),
            analyze(include_str!("../../examples/mofa-I-2/budget-sheet.hyoka"), &c),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = Config::default();
    let a = analyze(&text, &config);
    // Every feature.
    let _ = hyoka::features::outline::outline(&a.report, &text);
    // Cross-document checks with real companions of the same 施策 and year.
    let (plan, sheet) = companions();
    let _ = cross_check(&[("fuzz", &a.report), ("plan", &plan.report), ("sheet", &sheet.report)], &config);
    let _ = cross_check(&[("a", &a.report), ("b", &a.report)], &config);
    // Every span converts to a position.
    let idx = LineIndex::new(&text);
    for d in &a.diagnostics {
        assert!(d.span.start <= d.span.end, "reversed span {:?} of {}", d.span, d.check.code);
        assert!(d.span.end <= text.len() + 1, "span {:?} past the end ({}) of {}", d.span, text.len(), d.check.code);
        for o in [d.span.start, d.span.end] {
            for enc in [Encoding::Utf16, Encoding::Utf8] {
                let p = idx.to_line_col(&text, o, enc);
                let _ = idx.to_offset(&text, p, enc);
            }
        }
    }
});
