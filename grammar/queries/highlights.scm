; Hyoka syntax highlighting.
;
; Capture names are the standard ones of nvim-treesitter / tree-sitter
; highlight. Where the name changed in nvim-treesitter (early 2024), both
; the old and the new name are captured, old first: Neovim and
; `tree-sitter highlight` both let the last capture of a node win, and a
; name the editor does not know is simply not drawn.
;
; Predicates use only `#match?`, and every regex is written so that it means
; the same thing as a Rust regex (tree-sitter) and as a very-magic Vim regex
; (Neovim prefixes `\v`): no backslashes, no `{}`, `<>`, `=`, `@`, `~`, and
; `%` only inside brackets.

; ------------------------------------------------------------------ headings

(heading_marker) @punctuation.special

(title) @text.title @markup.heading

[
  (document_label)
  (field_label)
  (indicator_label)
  (reference_label)
  (means_label)
] @keyword

(main_mark) @punctuation.special

; ---------------------------------------------------------------- attributes

(attribute_marker) @punctuation.special

(key) @property

(value) @string

; Ratings: `@令和2・3・4年度目標の達成状況: b`, `@目標達成度合いの測定結果: …`,
; `@政策目標の達成度合い: …` and the English aliases.
(attribute
  key: (key) @property
  value: (value) @constant
  (#match? @property "達成状況|測定結果|達成度合い|^(rating|result)$"))

; -------------------------------------------------------------------- tables

; Cells that hold one number: `652`, `1,836`, `１８３６`, `22.1`, `△12`, `-12`,
; `30%`, `380,000 人`, `72 (63)`, `72（63）`.
((cell) @number
  (#match? @number "^[-－△▲]?[0-9０-９][0-9０-９,，.．]*[ 　]*([%％]|人|回|件|千円|百万円)?([ 　]*[(（][-－△▲]?[0-9０-９][0-9０-９,，.．]*[)）])?$"))

; The first row of a table is its header.
(table
  .
  (row
    (cell) @text.title @markup.heading))

; ------------------------------------------------------------------ comments

(comment) @comment

; --------------------------------------------------------------------- prose

[
  (means_citation)
  (indicator_citation)
  (indicator_title_citation)
  (field_citation)
] @string.special @markup.link

(url) @string.special.url @markup.link.url
