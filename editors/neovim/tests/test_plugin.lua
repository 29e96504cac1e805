-- The plugin's own parts: root detection (without vim.fs), the parser build,
-- the command and the filetype.
local T = _G.T
local hyoka = require('hyoka')

T.run('plugin', function()
  local tmp = vim.fn.tempname()
  vim.fn.mkdir(tmp .. '/repo/.git', 'p')
  vim.fn.mkdir(tmp .. '/repo/policy/sub', 'p')
  vim.fn.writefile({}, tmp .. '/repo/policy/hyoka.toml')
  local real = vim.loop.fs_realpath(tmp)
  T.eq(hyoka.find_root(tmp .. '/repo/policy/sub/a.hyoka'), real .. '/repo/policy', 'root: nearest hyoka.toml wins over .git')
  vim.fn.mkdir(tmp .. '/repo/other', 'p')
  T.eq(hyoka.find_root(tmp .. '/repo/other/b.hyoka'), real .. '/repo', 'root: .git when there is no hyoka.toml')
  vim.fn.mkdir(tmp .. '/lone', 'p')
  local lone = hyoka.find_root(tmp .. '/lone/c.hyoka')
  T.check(lone == real .. '/lone' or vim.loop.fs_stat(lone .. '/.git') ~= nil or vim.loop.fs_stat(lone .. '/hyoka.toml') ~= nil,
    'root: a marker above, else the file\'s folder', lone)

  vim.fn.mkdir(tmp .. '/令和5年度 政策評価/施策Ⅰ-2（テスト）', 'p')
  vim.fn.writefile({}, tmp .. '/令和5年度 政策評価/hyoka.toml')
  T.eq(hyoka.find_root(tmp .. '/令和5年度 政策評価/施策Ⅰ-2（テスト）/evaluation.hyoka'), real .. '/令和5年度 政策評価',
    'root: a Japanese folder with spaces and full-width characters')

  -- The compiler: $CC (with its arguments) if found, else cc, gcc, clang.
  local saved_cc, saved_path = vim.env.CC, vim.env.PATH
  vim.env.CC = 'cc -g'
  T.eq(hyoka.find_compiler(), { 'cc', '-g' }, 'find_compiler: $CC with its arguments')
  vim.env.CC = tmp .. '/no/such/cc'
  vim.env.PATH = tmp .. '/lone'
  local cc, tried = hyoka.find_compiler()
  T.eq({ cc, tried }, { nil, { '$CC (' .. tmp .. '/no/such/cc)', 'cc', 'gcc', 'clang' } }, 'find_compiler: none, and what it tried')
  local no_ok, no_err = hyoka.build_parser({ output = tmp .. '/y.so' })
  T.check(no_ok == false and tostring(no_err):find('no C compiler', 1, true) ~= nil, 'build_parser() without a compiler says so', tostring(no_err))
  vim.env.CC, vim.env.PATH = saved_cc, saved_path
  T.check(hyoka.find_compiler() ~= nil, 'find_compiler: one is found with the real PATH')

  T.eq(vim.fn.exists(':HyokaBuildParser'), 2, ':HyokaBuildParser exists')
  local out = tmp .. '/parser/hyoka.so'
  local ok, res = hyoka.build_parser({ output = out })
  T.check(ok and vim.loop.fs_stat(out) ~= nil, 'build_parser() compiles grammar/src/parser.c', tostring(res))
  local bad_ok = hyoka.build_parser({ grammar_dir = tmp .. '/nowhere', output = tmp .. '/x.so' })
  T.eq(bad_ok, false, 'build_parser() reports a missing parser.c')

  vim.cmd('edit ' .. vim.fn.fnameescape(tmp .. '/lone/new.hyoka'))
  T.eq(vim.bo.filetype, 'hyoka', 'a new *.hyoka buffer gets filetype hyoka')
  T.eq(vim.bo.commentstring, '// %s', 'ftplugin sets commentstring')
  vim.cmd('bwipeout!')
  vim.fn.delete(tmp, 'rf')
end)

T.finish()
