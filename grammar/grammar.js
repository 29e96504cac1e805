/**
 * Tree-sitter grammar for Hyoka, a plain-text markup for Japanese
 * policy-evaluation reports (政策評価書, 事前分析表, 政策評価調書).
 *
 * The grammar is line-oriented. What a line is, is decided by its first
 * character: `#` heading, `@` attribute, `|` table row, `//` comment,
 * anything else prose. A section is a heading and the lines up to the next
 * heading; sections are not nested in the tree (the document model derives
 * the hierarchy from the heading kinds), so a broken line never swallows the
 * rest of the document and incremental reparses stay local. (Hidden groups
 * by marker depth, below, keep the sections flat in the tree while letting
 * a reparse reuse the groups an edit is not in.)
 */

// Full-width and half-width forms are both accepted everywhere.
const DIGIT = '[0-9０-９]';
const DASH = '[-－ー−‐―]';
const SPACE = '[ \\t\\u3000]';
const ROMAN = '[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩIVX]';

// Markers at the start of a line beat prose by lexical precedence.
const MARK = 10;
// Typed heading labels beat the generic heading title.
const LABEL = 5;

// The six kinds of heading, given the marker they begin with: each is
// written out once per marker depth (see `sections`), under its one name.
const HEADINGS = {
  // `# 政策評価書 Ⅰ-2 北米地域外交`
  document_heading: ($, marker) => seq(
    field('marker', marker),
    field('label', $.document_label),
    optional(field('title', $.title)),
    /\n/,
  ),
  // `## 個別分野 1 北米諸国との政治分野での協力推進`
  field_heading: ($, marker) => seq(
    field('marker', marker),
    field('label', $.field_label),
    optional(field('title', $.title)),
    /\n/,
  ),
  // `### 測定指標 1-1 共通の諸課題における… ＊`; ministries that number
  // indicators with one number write `### 指標8 …` or `### 測定指標 8 …`.
  indicator_heading: ($, marker) => seq(
    field('marker', marker),
    field('label', $.indicator_label),
    optional(field('title', $.title)),
    optional(field('main', $.main_mark)),
    /\n/,
  ),
  // `### 参考指標 1 グラスルーツ事業実施結果`
  reference_heading: ($, marker) => seq(
    field('marker', marker),
    choice(
      field('label', alias($._reference_label_alone, $.reference_label)),
      seq(field('label', $.reference_label), optional(field('title', $.title)), /\n/),
    ),
  ),
  // `### 達成手段` alone on its line, or followed by a space and a title;
  // `## 達成手段別の予算` stays a plain heading.
  means_heading: ($, marker) => seq(
    field('marker', marker),
    choice(
      field('label', alias($._means_label_alone, $.means_label)),
      seq(field('label', $.means_label), optional(field('title', $.title)), /\n/),
    ),
  ),
  // Any other heading: `## 施策目標`, `#### 令和2年度目標`, `#### 中期目標（--年度）`.
  heading: ($, marker) => seq(
    field('marker', marker),
    optional(field('title', $.title)),
    /\n/,
  ),
};

// The marker's depth: `#`, `##`, `###`, and `####` or deeper.
const DEPTHS = [1, 2, 3, 4];

// For each depth, its marker (named `heading_marker` in the tree), its
// headings (named by their kind) and its section (named `section`).
function sections() {
  const rules = {};
  for (const d of DEPTHS) {
    const hashes = d < 4 ? `{${d}}` : '{4}[#＃]*';
    rules[`_marker_${d}`] = _ => token(prec(MARK, new RegExp(`[#＃]${hashes}`)));
    for (const k of Object.keys(HEADINGS)) {
      rules[`_${k}_${d}`] = $ => HEADINGS[k]($, alias($[`_marker_${d}`], $.heading_marker));
    }
    rules[`_headings_${d}`] = $ => choice(...Object.keys(HEADINGS).map(k => alias($[`_${k}_${d}`], $[k])));
    rules[`_section_${d}`] = $ => prec.right(seq(
      field('heading', $[`_headings_${d}`]),
      repeat($._block),
    ));
  }
  return rules;
}

module.exports = grammar({
  name: 'hyoka',

  // Spaces (including the ideographic space) and carriage returns separate
  // tokens; line ends are significant and written explicitly.
  extras: _ => [/[ \t\u3000\r\uFEFF]/],

  rules: {
    // Sections are grouped, out of sight, by their markers' depth: a `##`
    // section with the deeper ones after it, and a `###` section with the
    // `####` ones after it. The groups are hidden (the document's children
    // are its sections, in order, as if flat), but they let a reparse reuse
    // every group the edit is not in whole: tree-sitter does not reuse the
    // nodes of a repetition itself, only its elements, so without groups a
    // keystroke reparsed every section after it one by one.
    document: $ => repeat(choice(
      $._block,
      alias($._section_1, $.section),
      $._group_2,
      $._group_3,
      alias($._section_4, $.section),
    )),

    _group_2: $ => prec.right(seq(
      alias($._section_2, $.section),
      repeat(choice($._group_3, alias($._section_4, $.section))),
    )),

    _group_3: $ => prec.right(seq(
      alias($._section_3, $.section),
      repeat(alias($._section_4, $.section)),
    )),

    _block: $ => choice(
      $.paragraph,
      $.attribute,
      $.table,
      $.comment,
      $._blank_line,
    ),

    _blank_line: _ => /\n/,

    // ---------------------------------------------------------------- headings

    ...sections(),

    // The labels of the typed headings (see HEADINGS).
    document_label: _ => token(prec(LABEL, new RegExp(
      `(政策評価書|事前分析表|政策評価調書|evaluation|plan|budget-sheet)${SPACE}*(施策|政策|measure)?${SPACE}*` +
      `(([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|${DIGIT})[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩIVX0-9０-９]*|[IVX]+${DASH}(${DIGIT}|${ROMAN})+)(${DASH}(${DIGIT}|${ROMAN})+)*`))),

    field_label: _ => token(prec(LABEL, new RegExp(`(個別分野|field)${SPACE}*${DIGIT}+`))),

    indicator_label: _ => token(prec(LABEL, new RegExp(
      `(測定指標|指標|indicator)${SPACE}*${DIGIT}+(${DASH}${DIGIT}+)?`))),
    main_mark: _ => /[＊*]/,

    _reference_label_alone: _ => token(prec(LABEL, /(参考指標|reference)[ \t\u3000\r]*\n/)),
    // The keyword must be followed by a number, a colon or a space, so that
    // `## 参考指標の推移` and `## references` stay plain headings.
    reference_label: _ => token(prec(LABEL, new RegExp(
      `(参考指標|reference)(${SPACE}*${DIGIT}+(${DASH}${DIGIT}+)?|${SPACE}*[:：]|${SPACE}+)`))),

    _means_label_alone: _ => token(prec(LABEL, /(達成手段|means)[ \t\u3000\r]*\n/)),
    means_label: _ => token(prec(LABEL, /(達成手段|means)[ \t\u3000]+/)),

    title: _ => /[^\r\n＊*\s\u3000\uFEFF]|[^\r\n\s\u3000\uFEFF][^\r\n]*[^\r\n＊*\s\u3000\uFEFF]/,

    // -------------------------------------------------------------- attributes

    // `@担当部局名: 北米局`, `@令和2・3・4年度目標の達成状況: b`
    attribute: $ => seq(
      field('marker', $.attribute_marker),
      field('key', $.key),
      optional(seq(
        $._attribute_separator,
        optional(field('value', $.value)),
      )),
      /\n/,
    ),
    attribute_marker: _ => token(prec(MARK, /[@＠]/)),
    key: _ => /[^:：\r\n\s\u3000\uFEFF]([^:：\r\n]*[^:：\r\n\s\u3000\uFEFF])?/,
    _attribute_separator: _ => /[:：]/,
    value: _ => /[^\r\n\s\u3000\uFEFF]([^\r\n]*[^\r\n\s\u3000\uFEFF])?/,

    // ------------------------------------------------------------------ tables

    // Consecutive rows form one table; a blank line or any other line ends it.
    // A comment line between rows stays inside the table: its line break is
    // the table's, so the rows after it belong to the same table.
    table: $ => prec.right(seq($.row, repeat(choice($.row, seq($.comment, /\n/))))),

    // `| 当初予算(a) | 652 | 568 |`; the closing bar is optional.
    row: $ => seq(
      $._row_start,
      repeat(seq(optional($.cell), $._cell_separator)),
      optional($.cell),
      /\n/,
    ),
    _row_start: _ => token(prec(MARK, /[|｜]/)),
    _cell_separator: _ => /[|｜]/,
    cell: _ => /[^|｜\r\n\s\u3000\uFEFF]([^|｜\r\n]*[^|｜\r\n\s\u3000\uFEFF])?/,

    // ---------------------------------------------------------------- comments

    comment: _ => token(prec(MARK, seq(/\/\/|／／/, /[^\r\n]*/))),

    // ------------------------------------------------------------------- prose

    // Consecutive prose lines form one paragraph.
    paragraph: $ => prec.right(repeat1($.line)),

    line: $ => seq(
      repeat1($._inline),
      /\n/,
    ),

    _inline: $ => choice(
      $.text,
      $.means_citation,
      $.indicator_citation,
      $.indicator_title_citation,
      $.field_citation,
      $.url,
    ),

    // Runs of prose stop only where a citation or URL may begin; a character
    // that starts no citation is prose by itself.
    text: _ => token(choice(
      /[^\r\n（(【測個参h\s\u3000\uFEFF][^\r\n（(【測個参h]*/,
      /[（(【測個参h]/,
    )),

    // `（令和２・３・４年度：北米諸国との政治分野での協力推進（達成手段①））`
    means_citation: _ => token(prec(1, new RegExp(
      `[（(][^（）()\\r\\n]*[（(]${SPACE}*(達成手段|means)${SPACE}*([①-⑳]|${DIGIT}+)${SPACE}*[）)]([ \\t\\u3000]*[）)])?`))),

    // `測定指標１－１`
    // `測定指標１－１`, `参考指標２－１`; `測定指標８` where indicators have one number.
    indicator_citation: _ => token(prec(1, new RegExp(
      `(測定指標|参考指標)${SPACE}*${DIGIT}+${DASH}${DIGIT}+|測定指標${SPACE}*${DIGIT}+`))),

    // `【測定指標１－１ 共通の諸課題における日米・日加両政府間の協力関係の進展 ＊】`
    indicator_title_citation: _ => token(prec(2, new RegExp(
      `【${SPACE}*(測定指標|参考指標)${SPACE}*${DIGIT}+${DASH}${DIGIT}+[^】\\r\\n]*】`))),

    // `個別分野３`
    field_citation: _ => token(prec(1, new RegExp(`個別分野${SPACE}*${DIGIT}+`))),

    url: _ => token(prec(1, /https?:\/\/[^\s\u3000（）()「」『』、。，,<>]+/)),
  },
});
