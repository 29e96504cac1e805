" Hyoka: the language server `hyoka lsp` as an ALE linter.
"
" ALE finds this file by its path (ale_linters/{filetype}/{name}.vim): put
" editors/vim on 'runtimepath' and nothing else needs to be configured.
"
" Options (buffer- or global-local, as for every ALE linter):
"   g:ale_hyoka_hyoka_executable  the hyoka binary (default 'hyoka')
"   g:ale_hyoka_hyoka_config      the server's settings, the keys of
"                                 hyoka.toml; nested under 'hyoka' or not

call ale#Set('hyoka_hyoka_executable', 'hyoka')
call ale#Set('hyoka_hyoka_config', {})

" The workspace root: the nearest folder above the file that holds
" hyoka.toml, else the nearest that holds .git (a folder, or a file in a git
" worktree or submodule), else the file's own folder. The server reads every
" *.hyoka under the root, so the plan next to an evaluation is checked
" against it even when it is not open.
"
" The folders are walked by hand rather than with findfile()/finddir(), whose
" 'path' syntax gives spaces, commas and wildcards in folder names a meaning.
function! ale_linters#hyoka#hyoka#GetProjectRoot(buffer) abort
    let l:name = bufname(a:buffer)

    if empty(l:name)
        return ''
    endif

    let l:dir = fnamemodify(l:name, ':p:h')

    for l:marker in ['hyoka.toml', '.git']
        let l:current = l:dir

        while 1
            let l:path = l:current . '/' . l:marker

            if filereadable(l:path) || (l:marker is# '.git' && isdirectory(l:path))
                return l:current
            endif

            let l:parent = fnamemodify(l:current, ':h')

            if l:parent is# l:current
                break
            endif

            let l:current = l:parent
        endwhile
    endfor

    return l:dir
endfunction

" The server reads its settings from the `hyoka` section.
function! ale_linters#hyoka#hyoka#GetConfig(buffer) abort
    let l:config = ale#Var(a:buffer, 'hyoka_hyoka_config')

    if empty(l:config) || has_key(l:config, 'hyoka')
        return l:config
    endif

    return {'hyoka': l:config}
endfunction

call ale#linter#Define('hyoka', {
\   'name': 'hyoka',
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'hyoka_hyoka_executable')},
\   'command': '%e lsp',
\   'project_root': function('ale_linters#hyoka#hyoka#GetProjectRoot'),
\   'lsp_config': function('ale_linters#hyoka#hyoka#GetConfig'),
\})
