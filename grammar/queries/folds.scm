; A section runs from its heading to the next heading; tables and
; paragraphs are runs of consecutive rows and prose lines.
[
  (section)
  (table)
  (paragraph)
] @fold
