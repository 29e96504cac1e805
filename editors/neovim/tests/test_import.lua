-- :HyokaImport with the real hyoka on the seed's text
-- (tests/data/mofa-I-2-north-america-r5.txt, MOFA's 施策Ⅰ-2 as a PDF
-- extraction gives it), copied into a folder whose name has Japanese and a
-- space: into the default folder (beside it, named after it) the three
-- documents are written and opened — the 政策評価書 in the current window,
-- the 政策評価調書 and the 事前分析表 as listed, loaded buffers — with the
-- notification naming them and the guesses, and each gets the diagnostics
-- `hyoka check` gives it. Then: again (the files exist: a warning, nothing
-- written), :HyokaImport! (written again), a folder given, file-name
-- completion, the errors (a PDF without pdftotext, a missing file, no
-- binary, too many arguments) and the messages in Japanese.
local T = _G.T
local hyoka = require('hyoka')

local reports = vim.fn.tempname() .. '/公表資料 令和5年度'
vim.fn.mkdir(reports, 'p')
reports = vim.loop.fs_realpath(reports) or reports
local name = 'mofa-I-2-north-america-r5.txt'
local input = reports .. '/' .. name
vim.fn.writefile(vim.fn.readfile(T.repo .. '/tests/data/' .. name, 'b'), input, 'b')
local out = reports .. '/mofa-I-2-north-america-r5'
local FILES = { 'budget-sheet.hyoka', 'evaluation.hyoka', 'plan.hyoka' }

local function setup(extra)
  hyoka.setup(vim.tbl_extend('force', {
    cmd = { T.hyoka_bin, 'lsp' },
    -- The imported files' folder is their workspace.
    root_dir = function(fname)
      return vim.fn.fnamemodify(fname, ':h')
    end,
    language = 'en',
  }, extra or {}))
end
setup()

-- Every notification, as { msg, level }.
local messages = {}
vim.notify = function(msg, level)
  table.insert(messages, { msg = msg, level = level or vim.log.levels.INFO })
end

-- Runs an Ex command and waits for the notification it ends with; returns it.
local function run(cmd, ms)
  local since = #messages
  local ok, err = pcall(vim.cmd, cmd)
  if not ok then
    return { msg = 'E: ' .. tostring(err), level = vim.log.levels.ERROR }
  end
  vim.wait(ms or 20000, function()
    return #messages > since
  end, 20)
  return messages[since + 1] or { msg = '(no notification)', level = -1 }
end

-- The guesses a reader finds in the imported files: their `// hyoka-import: 推測` lines.
local function marks(dir)
  local n = 0
  for _, f in ipairs(FILES) do
    for _, line in ipairs(vim.fn.readfile(dir .. '/' .. f)) do
      if vim.startswith(line, '// hyoka-import: 推測') then
        n = n + 1
      end
    end
  end
  return n
end

local function listed_in(dir)
  local names = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    local n = vim.api.nvim_buf_get_name(b)
    if vim.fn.buflisted(b) == 1 and vim.startswith(n, dir .. '/') then
      table.insert(names, n:sub(#dir + 2))
    end
  end
  table.sort(names)
  return names
end

T.run('import', function()
  T.eq(vim.fn.exists(':HyokaImport'), 2, ':HyokaImport exists')
  -- File-name completion.
  local completions = vim.fn.getcompletion('HyokaImport ' .. vim.fn.fnameescape(reports) .. '/mofa', 'cmdline')
  -- (0.7 and 0.11 differ in the escaping of the space.)
  T.eq(vim.tbl_map(function(c)
    return (c:gsub('\\(.)', '%1'))
  end, completions), { input }, 'file names complete')

  -- Into the default folder, beside the report.
  local m = run('HyokaImport ' .. vim.fn.fnameescape(input))
  local guesses = vim.fn.filereadable(out .. '/budget-sheet.hyoka') == 1 and marks(out) or -1
  T.check(guesses > 0, 'the documents are written beside the report, in a folder named after it, with guesses marked', out)
  T.eq({ m.msg, m.level }, {
    ('hyoka: imported 3 document(s) from %s into %s: evaluation.hyoka, budget-sheet.hyoka, plan.hyoka. %d reconstruction(s) '
      .. 'are guesses, marked "// hyoka-import: 推測": check each against the print'):format(name, out, guesses),
    vim.log.levels.INFO,
  }, 'the notification names the documents and the guesses')
  T.eq(vim.api.nvim_buf_get_name(0), out .. '/evaluation.hyoka', 'the 政策評価書 is in the current window')
  T.eq(listed_in(out), FILES, 'the three documents are listed buffers')
  local bufs = {}
  for _, f in ipairs(FILES) do
    local b = vim.fn.bufnr(out .. '/' .. f)
    bufs[f] = b
    T.check(vim.api.nvim_buf_is_loaded(b) and vim.api.nvim_buf_get_option(b, 'filetype') == 'hyoka', f .. ': loaded, filetype hyoka')
    T.eq(vim.api.nvim_buf_get_lines(b, 0, -1, false), vim.fn.readfile(out .. '/' .. f), f .. ': the buffer is the file written')
  end

  -- The diagnostics of each, as `hyoka check` gives them for the folder.
  local cli = T.cli_counts(out) or {}
  T.check(cli['evaluation.hyoka'] and cli['evaluation.hyoka'].HY0104 == 1, 'hyoka check finds the seed\'s HY0104 in the imported 政策評価書', vim.inspect(cli['evaluation.hyoka']))
  for _, f in ipairs(FILES) do
    local want = cli[f] or { total = 0 }
    local got
    local ok = vim.wait(20000, function()
      got = T.diag_counts(bufs[f])
      return vim.deep_equal(got, want)
    end, 50)
    T.check(ok, ('%s: the diagnostics of hyoka check (%d)'):format(f, want.total), ('got %s, want %s'):format(vim.inspect(got), vim.inspect(want)))
  end

  -- Again: the files exist; a warning, nothing written.
  local sheet = out .. '/budget-sheet.hyoka'
  vim.fn.writefile({ '// edited after the import' }, sheet, 'a')
  vim.cmd('silent! checktime ' .. bufs['budget-sheet.hyoka'])
  T.eq(vim.api.nvim_buf_get_lines(bufs['budget-sheet.hyoka'], -2, -1, false), { '// edited after the import' }, 'the edit on disk is in the buffer')
  m = run('HyokaImport ' .. vim.fn.fnameescape(input))
  T.eq({ m.msg, m.level }, {
    ('hyoka: %s already has budget-sheet.hyoka, evaluation.hyoka, plan.hyoka: nothing was written (:HyokaImport! overwrites them)'):format(out),
    vim.log.levels.WARN,
  }, 'again: the files exist, nothing is written')
  T.eq(vim.fn.readfile(sheet)[#vim.fn.readfile(sheet)], '// edited after the import', 'the edited file is as it was')
  -- :HyokaImport! overwrites.
  m = run('HyokaImport! ' .. vim.fn.fnameescape(input))
  T.check(vim.startswith(m.msg, 'hyoka: imported 3 document(s) from ' .. name), ':HyokaImport! imports again', m.msg)
  T.check(not vim.tbl_contains(vim.fn.readfile(sheet), '// edited after the import'), ':HyokaImport! wrote the files again')
  T.eq(vim.api.nvim_buf_get_lines(bufs['budget-sheet.hyoka'], 0, -1, false), vim.fn.readfile(sheet), 'its buffer, open already, is read again')

  -- A folder given.
  local other = reports .. '/取り込み 2'
  m = run('HyokaImport ' .. vim.fn.fnameescape(input) .. ' ' .. vim.fn.fnameescape(other))
  T.check(vim.startswith(m.msg, ('hyoka: imported 3 document(s) from %s into %s: '):format(name, other)), 'into the folder given', m.msg)
  T.eq(vim.api.nvim_buf_get_name(0), other .. '/evaluation.hyoka', 'its 政策評価書 in the current window')
  T.eq(listed_in(other), FILES, 'its documents listed')

  -- Errors, in the notification: a PDF on a machine without pdftotext …
  local pdf = reports .. '/スキャン 資料.pdf'
  vim.fn.writefile({ '%PDF-1.4', '%%EOF' }, pdf)
  vim.env.HYOKA_PDFTOTEXT = reports .. '/no-pdftotext'
  m = run('HyokaImport ' .. vim.fn.fnameescape(pdf))
  vim.env.HYOKA_PDFTOTEXT = nil
  T.check(vim.startswith(m.msg, 'hyoka: could not import スキャン 資料.pdf: cannot run pdftotext to read the PDF (install poppler-utils, or set HYOKA_PDFTOTEXT)')
    and m.level == vim.log.levels.ERROR, 'a PDF without pdftotext: the error says what to install', m.msg)
  T.eq(vim.fn.isdirectory(reports .. '/スキャン 資料'), 0, 'a failed import writes nothing')
  -- … a file that is not there …
  m = run('HyokaImport ' .. vim.fn.fnameescape(reports .. '/none.txt'))
  T.check(vim.startswith(m.msg, ('hyoka: could not import none.txt: cannot read %s/none.txt'):format(reports)), 'a missing file', m.msg)
  -- … too many arguments …
  m = run('HyokaImport a b c')
  T.eq(m.msg, 'hyoka: usage: :HyokaImport[!] {file} [{dir}] (a file name with spaces needs a backslash before each)', 'three arguments: the usage')
  -- … no hyoka binary.
  setup({ cmd = { reports .. '/no-hyoka', 'lsp' } })
  m = run('HyokaImport ' .. vim.fn.fnameescape(input) .. ' ' .. vim.fn.fnameescape(reports .. '/x'))
  T.check(m.msg:find(reports .. '/no-hyoka (the option cmd) is not found or not executable', 1, true) ~= nil, 'no binary: what to do', m.msg)

  -- In Japanese.
  setup({ language = 'ja' })
  local ja_dir = reports .. '/取り込み（日本語）'
  m = run('HyokaImport ' .. vim.fn.fnameescape(input) .. ' ' .. vim.fn.fnameescape(ja_dir))
  T.eq(m.msg, ('hyoka: %s から文書 3 件を %s に取り込みました：evaluation.hyoka、budget-sheet.hyoka、plan.hyoka。推測による復元 %d か所には'
    .. '「// hyoka-import: 推測」を付けました。それぞれ印刷物と照らし合わせて確認してください'):format(name, ja_dir, guesses), 'in Japanese: done')
  m = run('HyokaImport ' .. vim.fn.fnameescape(input) .. ' ' .. vim.fn.fnameescape(ja_dir))
  T.eq(m.msg, ('hyoka: %s には既に budget-sheet.hyoka、evaluation.hyoka、plan.hyoka があるため、何も書き出しませんでした（:HyokaImport! とすると上書きします）'):format(ja_dir),
    'in Japanese: the files exist')
  m = run('HyokaImport ' .. vim.fn.fnameescape(reports .. '/none.txt'))
  T.check(vim.startswith(m.msg, ('hyoka: none.txt を取り込めませんでした：「%s/none.txt」を読めません：'):format(reports)), 'in Japanese: the CLI\'s error too', m.msg)
end)

T.finish()
