" The README's Vim ALE snippet, in a real terminal (see run.sh): writes the result to $OUT
set nocompatible
set runtimepath^=/usr/share/vim-ale
set runtimepath+=/usr/share/vim-ale/after
filetype plugin on
" --- snippet from the README ---
autocmd BufRead,BufNewFile *.hyoka setfiletype hyoka
call ale#linter#Define('hyoka', {
\   'name': 'hyoka',
\   'lsp': 'stdio',
\   'executable': {b -> get(g:, 'hyoka_executable', 'hyoka')},
\   'command': '%e lsp',
\   'lsp_config': {b -> get(g:, 'hyoka_settings', {})},
\   'project_root': {b -> fnamemodify(ale#path#FindNearestFile(b, 'hyoka.toml') !=# '' ? ale#path#FindNearestFile(b, 'hyoka.toml') : ale#path#FindNearestDirectory(b, '.git') . '/..', ':p:h')},
\})
let g:ale_linters = {'hyoka': ['hyoka']}
" --- end ---
let g:hyoka_executable = $HYOKA
if $HYOKA_SETTINGS !=# ''
  let g:hyoka_settings = json_decode($HYOKA_SETTINGS)
endif
let s:want = $WANT !=# '' ? str2nr($WANT) : 28
let s:start = reltime()
function! s:Poll(timer) abort
  let l:items = ale#engine#GetLoclist(bufnr(''))
  if len(l:items) == s:want || reltimefloat(reltime(s:start)) > 30
    call timer_stop(a:timer)
    let l:out = ['filetype: ' . &filetype, 'diagnostics: ' . len(l:items)]
    for l:i in l:items
      if get(l:i, 'code', '') =~# 'HY0104\|HY0106'
        call add(l:out, printf('  line %d col %d: %s', l:i.lnum, l:i.col, l:i.code))
      endif
    endfor
    call writefile(l:out, $OUT)
    execute (len(l:items) == s:want ? 'qall!' : 'cquit')
  endif
endfunction
autocmd VimEnter * call timer_start(200, function('s:Poll'), {'repeat': -1})
