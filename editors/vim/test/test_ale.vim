" Headless test of editors/vim with ALE against `hyoka lsp`:
"
"   HYOKA=/abs/path/to/hyoka vim -N -i NONE -u editors/vim/test/test_ale.vim -es </dev/null
"
" (.ci/vim.sh runs it so.) Copies examples/mofa-I-2 into a temporary folder
" whose path has Japanese, spaces and full-width characters and no hyoka.toml
" or .git above it, opens evaluation.hyoka and checks: filetype, ftplugin and
" syntax; the workspace root and its rules; the diagnostics against
" `hyoka check --format json` of the same folder (HY0106 needs plan.hyoka,
" which is not open); again after typing a character; hover; go to
" definition into plan.hyoka, on the same server; :ALEStopAllLSPs; a restart
" with settings; shutdown and exit. Prints `ok NAME` / `FAIL NAME: why` lines
" and `N passed, N failed` to stdout, and exits non-zero on any failure or
" after $HYOKA_TEST_TIMEOUT ms (default 60000). Writes only under Vim's
" temporary folder (tempname()), which Vim deletes on exit; CH_LOG=file
" writes Vim's channel log (every LSP message) there.
set encoding=utf-8
scriptencoding utf-8
set nocompatible
" ALE opens a definition with :edit; the edited buffer must be allowed to hide.
set hidden

let s:here = expand('<sfile>:p:h')
let s:plugin = fnamemodify(s:here, ':h')
let s:repo = fnamemodify(s:plugin, ':h:h')
let s:ale = empty($ALE_DIR) ? '/usr/share/vim-ale' : $ALE_DIR

" The plugin as a user installs it: on 'runtimepath', next to ALE.
let &runtimepath = join([s:plugin, s:ale, $VIMRUNTIME, s:ale . '/after'], ',')
filetype plugin indent on
syntax on
runtime plugin/ale.vim

let g:ale_hyoka_hyoka_executable = empty($HYOKA) ? 'hyoka' : $HYOKA
let g:ale_hover_to_preview = 1
let g:ale_echo_cursor = 0
let g:ale_set_signs = 0
let g:ale_set_highlights = 0

" ------------------------------------------------------------------- harness
let s:passed = 0
let s:failed = 0
let s:timeout = empty($HYOKA_TEST_TIMEOUT) ? 60000 : str2nr($HYOKA_TEST_TIMEOUT)

function! s:Out(line) abort
    call writefile([a:line], '/dev/stdout', 'a')
endfunction

function! s:Ok(name) abort
    let s:passed += 1
    call s:Out('ok ' . a:name)
endfunction

function! s:Fail(name, why) abort
    let s:failed += 1
    call s:Out('FAIL ' . a:name . ': ' . a:why)
endfunction

function! s:Check(name, cond, why) abort
    if a:cond
        call s:Ok(a:name)
    else
        call s:Fail(a:name, a:why)
    endif
    return a:cond
endfunction

" Waits (processing jobs, channels and timers) until Cond() is true.
function! s:Wait(ms, Cond) abort
    let l:start = reltime()
    while !a:Cond()
        if reltimefloat(reltime(l:start)) * 1000 > a:ms
            return 0
        endif
        sleep 20m
    endwhile
    return 1
endfunction

function! s:Finish() abort
    call s:Out(printf('%d passed, %d failed', s:passed, s:failed))
    if s:failed == 0 && s:passed > 0
        qall!
    endif
    cquit!
endfunction

function! s:Timeout(timer) abort
    call s:Fail('timeout', 'the test did not finish in ' . s:timeout . ' ms')
    call s:Finish()
endfunction
call timer_start(s:timeout, function('s:Timeout'))

" [line, code] pairs, sorted, for comparing diagnostic lists.
function! s:Pairs(items) abort
    return sort(map(copy(a:items), {_, d -> printf('%04d %s', d[0], d[1])}))
endfunction

function! s:Hyoka() abort
    return filter(copy(ale#engine#GetLoclist(bufnr('%'))), {_, d -> get(d, 'linter_name', '') is# 'hyoka'})
endfunction

function! s:Count(items, code) abort
    return len(filter(copy(a:items), {_, d -> get(d, 'code', '') is# a:code}))
endfunction

let s:lint_posts = 0
autocmd User ALELintPost let s:lint_posts += 1

" The Vim job of the hyoka server, found by the pid ALE keeps as job_id.
function! s:ServerJob() abort
    for l:conn in values(ale#lsp#GetConnections())
        if l:conn.id =~# 'hyoka' && has_key(l:conn, 'job_id')
            for l:job in job_info()
                if job_info(l:job).process == l:conn.job_id
                    return [l:conn, l:job]
                endif
            endfor
        endif
    endfor
    return [{}, v:null]
endfunction

" -------------------------------------------------------------------- set-up
if !empty($CH_LOG)
    call ch_logfile($CH_LOG, 'w')
endif
let s:tmp = tempname()
let s:dir = s:tmp . '/令和5年度 政策評価/施策Ⅰ-2 北米地域外交（テスト）'
call mkdir(s:dir, 'p')
for s:name in ['evaluation.hyoka', 'plan.hyoka', 'budget-sheet.hyoka']
    call writefile(readfile(s:repo . '/examples/mofa-I-2/' . s:name, 'b'), s:dir . '/' . s:name, 'b')
endfor
let s:file = s:dir . '/evaluation.hyoka'

" The root must come from the last rule (the file's folder), so nothing
" above the copy may hold hyoka.toml or .git.
let s:above = s:dir
let s:marker = ''
while 1
    for s:m in ['hyoka.toml', '.git']
        if empty(s:marker) && !empty(getftype(s:above . '/' . s:m))
            let s:marker = s:above . '/' . s:m
        endif
    endfor
    if fnamemodify(s:above, ':h') is# s:above
        break
    endif
    let s:above = fnamemodify(s:above, ':h')
endwhile
if !empty(s:marker)
    call s:Fail('set-up', 'the temporary folder is below ' . s:marker . ' (set TMPDIR elsewhere)')
    call s:Finish()
endif

" What the command line reports for the same folder is what the editor must show.
let s:json = system(shellescape(g:ale_hyoka_hyoka_executable) . ' check --format json ' . shellescape(s:dir))
try
    let s:cli = filter(json_decode(s:json), {_, d -> d.path =~# '/evaluation\.hyoka$'})
catch
    call s:Fail('hyoka check', 'no JSON from ' . g:ale_hyoka_hyoka_executable . ': ' . s:json[:300])
    call s:Finish()
endtry
let s:want = s:Pairs(map(copy(s:cli), {_, d -> [d.range.start.line + 1, d.code]}))
let s:want_hy0106 = s:Count(s:cli, 'HY0106')
call s:Out(printf('# hyoka check: %d diagnostics in evaluation.hyoka, %d HY0106', len(s:cli), s:want_hy0106))
if s:want_hy0106 == 0
    call s:Fail('hyoka check', 'no HY0106 in evaluation.hyoka: the example changed?')
endif

" ---------------------------------------------------------------------- tests
execute 'edit ' . fnameescape(s:file)

call s:Check('filetype', &filetype is# 'hyoka', 'filetype is "' . &filetype . '"')
call s:Check('commentstring', &commentstring is# '// %s', 'commentstring is "' . &commentstring . '"')
" Syntax groups: `# 政策評価書 …`, `@年度: …`, a table row, a `//` comment.
let s:syntax_bad = []
for [s:pattern, s:offset, s:group] in [['^# 政策評価書', 0, 'hyokaHeadingMarker'], ['^# 政策評価書', 2, 'hyokaKeyword'],
\   ['^# 政策評価書', 20, 'hyokaTitle'], ['^@年度', 0, 'hyokaAttributeMarker'], ['^@年度', 1, 'hyokaAttribute'],
\   ['^| 当初予算', 0, 'hyokaRowSeparator'], ['^// ', 3, 'hyokaComment']]
    let s:lnum = search(s:pattern, 'nw')
    let s:name = synIDattr(synID(s:lnum, 1 + s:offset, 1), 'name')
    if s:name isnot# s:group
        call add(s:syntax_bad, printf('%s +%d: %s, not %s', s:pattern, s:offset, s:name, s:group))
    endif
endfor
call s:Check('syntax', empty(s:syntax_bad), join(s:syntax_bad, '; '))

let s:root = ale_linters#hyoka#hyoka#GetProjectRoot(bufnr('%'))
call s:Check('project root is the file''s folder', s:root is# s:dir, 'got "' . s:root . '"')

" The other rules of the root: the nearest hyoka.toml, else the nearest .git
" (a folder, or a file as in a git worktree), in folders with spaces and commas.
let s:roots = s:tmp . '/roots, 試験'
call mkdir(s:roots . '/repo/.git', 'p')
call mkdir(s:roots . '/repo/policy/sub', 'p')
call mkdir(s:roots . '/repo/other', 'p')
call mkdir(s:roots . '/worktree/a', 'p')
call writefile([], s:roots . '/repo/policy/hyoka.toml')
call writefile(['gitdir: /elsewhere'], s:roots . '/worktree/.git')
let s:cases = [
\   ['repo/policy/sub/a.hyoka', 'repo/policy'],
\   ['repo/policy/b.hyoka', 'repo/policy'],
\   ['repo/other/c.hyoka', 'repo'],
\   ['worktree/a/d.hyoka', 'worktree'],
\]
let s:bad = []
for [s:path, s:want_root] in s:cases
    let s:got_root = ale_linters#hyoka#hyoka#GetProjectRoot(bufadd(s:roots . '/' . s:path))
    if s:got_root isnot# s:roots . '/' . s:want_root
        call add(s:bad, s:path . ' -> ' . s:got_root)
    endif
endfor
call s:Check('project root: hyoka.toml, then .git', empty(s:bad), join(s:bad, '; '))

" Diagnostics: the same lines and codes as `hyoka check`.
call s:Wait(20000, {-> len(s:Hyoka()) >= len(s:want)})
let s:got = s:Hyoka()
let s:got_pairs = s:Pairs(map(copy(s:got), {_, d -> [d.lnum, get(d, 'code', '')]}))
call s:Check(printf('diagnostics: %d, %d HY0106', len(s:want), s:want_hy0106), s:got_pairs == s:want,
\   printf('got %d (%d HY0106), want %d (%d HY0106); missing: %s; extra: %s',
\     len(s:got), s:Count(s:got, 'HY0106'), len(s:want), s:want_hy0106,
\     join(filter(copy(s:want), {_, p -> index(s:got_pairs, p) < 0})[:5], ', '),
\     join(filter(copy(s:got_pairs), {_, p -> index(s:want, p) < 0})[:5], ', ')))

" Type a character at the start of a prose line that has a HY0106: its
" diagnostic moves one character right and every HY0106 stays.
let s:edit_line = 424
let s:before = filter(s:Hyoka(), {_, d -> d.lnum == s:edit_line && get(d, 'code', '') is# 'HY0106'})
let s:posts = s:lint_posts
call cursor(s:edit_line, 1)
call feedkeys("iあ\<Esc>", 'xt')
let s:moved = {-> len(s:before) == 1 && len(filter(s:Hyoka(), {_, d -> d.lnum == s:edit_line
\   && get(d, 'code', '') is# 'HY0106' && d.col == s:before[0].col + 1})) == 1}
if !s:Wait(3000, {-> s:lint_posts > s:posts && s:moved()})
    " ALE lints after InsertLeave; should -es have kept that from firing,
    " ask for it (the server must answer the change either way).
    call s:Out('# no new diagnostics 3 s after the edit: running :ALELint')
    ALELint
    call s:Wait(10000, {-> s:lint_posts > s:posts && s:moved()})
endif
let s:after = s:Hyoka()
call s:Check('edit: diagnostics follow the change', s:moved(),
\   printf('HY0106 on line %d before: %s, after: %s', s:edit_line, string(map(copy(s:before), 'v:val.col')),
\     string(map(filter(copy(s:after), {_, d -> d.lnum == s:edit_line}), {_, d -> [get(d, 'code', ''), d.col]}))))
call s:Check(printf('edit: still %d HY0106', s:want_hy0106), s:Count(s:after, 'HY0106') == s:want_hy0106
\   && len(s:after) == len(s:want),
\   printf('got %d (%d HY0106)', len(s:after), s:Count(s:after, 'HY0106')))

" Hover on the heading of 測定指標 1-1 (`### 測…`: ALE sends the byte column,
" which is right up to the first non-ASCII character).
call cursor(search('^### 測定指標 1-1', 'nw'), 5)
ALEHover
let s:preview = {-> filter(range(1, winnr('$')), {_, w -> getwinvar(w, '&previewwindow')})}
call s:Wait(5000, {-> !empty(s:preview())})
let s:hover = empty(s:preview()) ? [] : getbufline(winbufnr(s:preview()[0]), 1, '$')
call s:Check('hover: the indicator', join(s:hover, "\n") =~# '測定指標1-1',
\   'preview: ' . string(s:hover[:3]))
pclose

" Go to definition from the citation 「…（達成手段①）」 at the end of line 424.
let s:text = getline(s:edit_line)
let s:col = strridx(s:text, '達成手段①') + 1
call cursor(s:edit_line, s:col)
ALEGoToDefinition
call s:Wait(5000, {-> expand('%:t') is# 'plan.hyoka'})
let s:landed = expand('%:t') is# 'plan.hyoka' ? getline('.') : ''
call s:Check('definition: 達成手段① in plan.hyoka', expand('%:p') is# s:dir . '/plan.hyoka' && line('.') == 126 && s:landed =~# '^| ①北米諸国との政治分野での協力推進',
\   printf('now in %s line %d: %s', expand('%:p'), line('.'), getline('.')[:80]))
" plan.hyoka has the same root, so ALE sends it to the same server.
call s:Wait(2000, {-> !empty(filter(values(ale#lsp#GetConnections()), {_, c -> has_key(c.open_documents, bufnr('%'))}))})
let s:conns = values(ale#lsp#GetConnections())
call s:Check('definition: plan.hyoka on the same server', len(s:conns) == 1 && has_key(s:conns[0].open_documents, bufnr('%')),
\   string(map(copy(s:conns), {_, c -> [c.id, keys(c.open_documents)]})))
execute 'buffer ' . fnameescape(s:file)

" Stop: ALE's :ALEStopAllLSPs on the running server.
let [s:conn, s:job] = s:ServerJob()
let s:errmsg = v:errmsg
let v:errmsg = ''
try
    ALEStopAllLSPs
    let s:stop_error = v:errmsg
catch
    let s:stop_error = v:exception
endtry
let v:errmsg = s:errmsg
call s:Wait(3000, {-> s:job is v:null || job_status(s:job) isnot# 'run'})
call s:Check('ALEStopAllLSPs', s:job isnot v:null && job_status(s:job) isnot# 'run' && empty(s:stop_error)
\   && empty(s:Hyoka()) && empty(ale#lsp#GetConnections()),
\   printf('job %s, error "%s", %d diagnostics left, %d connections', s:job is v:null ? 'not found' : job_status(s:job),
\     s:stop_error, len(s:Hyoka()), len(ale#lsp#GetConnections())))

" Restart with settings (:ALELint starts the server again; ALE sends them
" with didChangeConfiguration): HY0204 off, given without the `hyoka` level.
" ALE 3.3 gives the old and the new server the same connection id, and the
" old job's exit callback stops whatever connection has that id: restart only
" once that callback has run.
let s:want_off = filter(copy(s:want), {_, p -> p !~# ' HY0204$'})
let g:ale_hyoka_hyoka_config = {'checks': {'HY0204': 'off'}}
sleep 300m
ALELint
call s:Wait(20000, {-> len(s:Hyoka()) > 0 && s:Count(s:Hyoka(), 'HY0204') == 0 && len(s:Hyoka()) >= len(s:want_off)})
let s:got = s:Hyoka()
call s:Check(printf('restart with settings: %d, no HY0204', len(s:want_off)),
\   s:Pairs(map(copy(s:got), {_, d -> [d.lnum, get(d, 'code', '')]})) == s:want_off,
\   printf('got %d (%d HY0204, %d HY0106)', len(s:got), s:Count(s:got, 'HY0204'), s:Count(s:got, 'HY0106')))

" Shut the server down as the protocol says, with ALE's own messages (which
" ALE itself never sends): `shutdown` (without params), then `exit`; the
" server must answer without error and exit with status 0.
let [s:conn, s:job] = s:ServerJob()
let s:answer = {}
function! s:OnMessage(conn_id, message) abort
    if get(a:message, 'id', -1) == s:shutdown_id
        let s:answer = a:message
    endif
endfunction
let s:shutdown_id = -2
if !empty(s:conn)
    call ale#lsp#RegisterCallback(s:conn.id, function('s:OnMessage'))
    let s:shutdown_id = ale#lsp#Send(s:conn.id, ale#lsp#message#Shutdown())
endif
call s:Wait(5000, {-> !empty(s:answer)})
call s:Check('shutdown: answered', has_key(s:answer, 'result') && !has_key(s:answer, 'error'),
\   'answer: ' . string(s:answer)[:300])
if !empty(s:conn)
    call ale#lsp#Send(s:conn.id, ale#lsp#message#Exit())
endif
call s:Wait(5000, {-> s:job is v:null || job_status(s:job) isnot# 'run'})
let s:info = s:job is v:null ? {} : job_info(s:job)
call s:Check('exit: status 0', get(s:info, 'status', '') is# 'dead' && get(s:info, 'exitval', -1) == 0,
\   printf('status %s, exit value %s, signal %s', get(s:info, 'status', 'no job'), get(s:info, 'exitval', '-'), get(s:info, 'termsig', '-')))
ALEStopAllLSPs

let s:errors = get(g:, 'ale_lsp_error_messages', {})
call s:Check('no LSP errors', empty(get(s:errors, 'hyoka', [])), string(get(s:errors, 'hyoka', []))[:300])

call s:Finish()
