" Hyoka: buffer settings for *.hyoka files.
if exists('b:did_ftplugin')
    finish
endif
let b:did_ftplugin = 1

" A comment is a line that starts with `//` (see docs/format.md).
setlocal commentstring=//\ %s
setlocal comments=://
" No automatic wrapping of prose: a wrapped line that starts with `#`, `@` or
" `|` would become a heading, an attribute or a table row.
setlocal formatoptions-=t formatoptions+=croql

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions<'
