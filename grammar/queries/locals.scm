; Hyoka has one namespace per document: the IDs of fields, indicators and
; reference indicators are defined by their headings and cited from prose.

(document) @local.scope

(field_label) @local.definition

(indicator_label) @local.definition

(reference_label) @local.definition

[
  (means_citation)
  (indicator_citation)
  (indicator_title_citation)
  (field_citation)
] @local.reference
