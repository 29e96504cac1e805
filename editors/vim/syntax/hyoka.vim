" Hyoka: syntax highlighting. A line's kind is decided by its first
" character (after spaces): `#` heading, `@` attribute, `|` table row, `//`
" comment, anything else prose; each marker also has its full-width form.
if exists('b:current_syntax')
    finish
endif

syntax match hyokaComment /^\s*\%(\/\/\|／／\).*$/ contains=@Spell

syntax match hyokaTitle /^\s*[#＃].*$/ contains=hyokaHeadingMarker,hyokaKeyword,hyokaMainMark
syntax match hyokaHeadingMarker /^\s*[#＃]\+/ contained
syntax match hyokaKeyword /\%(^\s*[#＃]\+\s*\)\@<=\%(政策評価書\|事前分析表\|政策評価調書\|個別分野\|測定指標\|参考指標\|達成手段\|evaluation\|plan\|budget-sheet\|field\|indicator\|reference\|means\)/ contained
syntax match hyokaMainMark /[＊*]\s*$/ contained

syntax match hyokaAttribute /^\s*[@＠][^:：]*[:：]/ contains=hyokaAttributeMarker
syntax match hyokaAttributeMarker /[@＠]/ contained

syntax match hyokaRow /^\s*[|｜].*$/ contains=hyokaRowSeparator
syntax match hyokaRowSeparator /[|｜]/ contained

highlight default link hyokaComment Comment
highlight default link hyokaHeadingMarker Delimiter
highlight default link hyokaKeyword Keyword
highlight default link hyokaTitle Title
highlight default link hyokaMainMark Special
highlight default link hyokaAttribute Identifier
highlight default link hyokaAttributeMarker Delimiter
highlight default link hyokaRowSeparator Delimiter

let b:current_syntax = 'hyoka'
