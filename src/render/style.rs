//! The page's style sheet: A4 in the orientation of the form (docs/render.md),
//! system fonts with Japanese fallbacks, bordered tables whose rows never
//! split across pages, page numbers in the footer, and the review copy's
//! marks and margin notes.

const MINCHO: &str = "\"Noto Serif CJK JP\", \"Noto Serif JP\", \"IPAexMincho\", \"IPAMincho\", \"Yu Mincho\", \"YuMincho\", \"Hiragino Mincho ProN\", \"MS PMincho\", \"MS Mincho\", serif";
const GOTHIC: &str = "\"Noto Sans CJK JP\", \"Noto Sans JP\", \"IPAexGothic\", \"IPAGothic\", \"Yu Gothic\", \"YuGothic\", \"Meiryo\", \"Hiragino Sans\", \"MS PGothic\", sans-serif";

pub fn css(orientation: &str) -> String {
    // The printable width of A4 less the margins.
    let width = if orientation == "landscape" { "273mm" } else { "186mm" };
    format!(
        r#"@page {{ size: A4 {orientation}; margin: 12mm 12mm 15mm; @bottom-center {{ content: counter(page) " / " counter(pages); font: 8.5pt {GOTHIC}; }} }}
html {{ font-family: {MINCHO}; font-size: 10.5pt; line-height: 1.55; color: #000; background: #e9e9e9; print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
body {{ margin: 0; }}
.sheet {{ background: #fff; box-sizing: content-box; max-width: {width}; margin: 8mm auto; padding: 10mm 12mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); }}
h1, h2, h3, h4, h5, h6, th, .unit, .notes, .findings {{ font-family: {GOTHIC}; }}
.doc-header h1 {{ text-align: center; font-size: 15pt; margin: 0 0 4mm; font-weight: bold; }}
.doc-header h1 .form {{ display: block; letter-spacing: .3em; }}
.doc-header h1 .subject {{ display: block; font-size: 12pt; font-weight: normal; }}
table {{ border-collapse: collapse; width: 100%; margin: 1.5mm 0 4mm; }}
th, td {{ border: .6pt solid #000; padding: .8mm 1.6mm; vertical-align: top; text-align: left; }}
th {{ background: #eee; font-weight: normal; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
table.fit th, table.fit td, th.nw, td.nw {{ white-space: nowrap; }}
body.sheet table.data {{ font-size: 9pt; }}
td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
tr.total td {{ font-weight: bold; border-top: 1.4pt solid #000; }}
table.grid th {{ width: 16%; }}
table.grid td {{ width: 34%; }}
table.attrs th {{ width: 32%; }}
tr.rating td {{ font-weight: bold; font-size: 11pt; }}
table.summary td:last-child, table.summary th:last-child {{ text-align: center; white-space: nowrap; }}
h2 {{ font-size: 11.5pt; margin: 5mm 0 2mm; padding: .8mm 2mm; border: .6pt solid #000; background: #e4e4e4; break-after: avoid; page-break-after: avoid; }}
h2.field {{ background: #dce4f0; font-size: 12pt; }}
h3 {{ font-size: 11pt; margin: 4mm 0 1.5mm; padding-bottom: .5mm; border-bottom: .8pt solid #000; break-after: avoid; page-break-after: avoid; }}
h4, h5, h6 {{ font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; page-break-after: avoid; }}
.prose p {{ margin: 0 0 1.2mm; orphans: 2; widows: 2; }}
p.unit {{ text-align: right; margin: 2mm 0 0; font-size: 9pt; break-after: avoid; page-break-after: avoid; }}
code {{ font-family: ui-monospace, "Noto Sans Mono CJK JP", monospace; font-size: .92em; }}
mark.f {{ background: #fff0a8; border-bottom: 1.5pt solid #b88a00; color: inherit; }}
mark.f-error {{ background: #ffd9d9; border-bottom-color: #c00000; }}
mark.f-info, mark.f-hint {{ background: #dfeaff; border-bottom-color: #2f5fb3; }}
mark.f::after {{ content: attr(data-f); font: bold 6.5pt {GOTHIC}; vertical-align: super; margin-left: .3mm; color: #7a5a00; }}
mark.f-error::after {{ color: #c00000; }}
mark.f-info::after, mark.f-hint::after {{ color: #2f5fb3; }}
body.annotated .sheet {{ max-width: calc({width} - 58mm); padding-right: 70mm; }}
.notes {{ float: right; clear: right; width: 56mm; margin: 0 -64mm 1mm 0; font-size: 8pt; line-height: 1.35; font-weight: normal; letter-spacing: 0; text-align: left; }}
.note {{ margin: 0 0 1mm; padding: .6mm 1mm; border-left: 2pt solid #b88a00; background: #fffbe6; break-inside: avoid; }}
.note.f-error {{ border-left-color: #c00000; background: #fff0f0; }}
.note.f-info, .note.f-hint {{ border-left-color: #2f5fb3; background: #f0f5ff; }}
.note .fn {{ font-weight: bold; }}
.code {{ font-family: ui-monospace, monospace; font-size: .92em; }}
.findings {{ clear: both; margin-top: 8mm; border-top: 1pt solid #000; font-size: 9pt; }}
body.annotated .findings {{ margin-right: -64mm; }}
.findings li {{ margin: .8mm 0; break-inside: avoid; }}
.findings li.f-error .sev {{ color: #c00000; }}
.findings li.f-warning .sev {{ color: #7a5a00; }}
@media print {{
  html {{ background: none; }}
  .sheet {{ margin: 0; padding: 0; max-width: none; box-shadow: none; }}
  body.annotated .sheet {{ max-width: none; padding-right: 60mm; }}
  .notes {{ margin-right: -60mm; width: 55mm; }}
  body.annotated .findings {{ margin-right: -60mm; }}
}}
"#
    )
}
