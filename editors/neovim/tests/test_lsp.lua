-- The language server in a real Neovim: diagnostics (cross-document ones
-- included), the outline and a quick fix, on a copy of examples/mofa-I-2 in
-- a folder named in Japanese, with spaces and full-width characters
-- (tests/minimal_init.lua), before and after an edit.
local T = _G.T
local file = T.example_dir .. '/evaluation.hyoka'
local code_of = T.code_of

-- Expected diagnostics: code, 0-based line and the text they underline,
-- taken from `hyoka check --format json examples/`.
local MEANS1 = '北米諸国との政治分野での協力増進'
local MEANS2 = '北米諸国との経済分野での協力推進'
local EXPECTED = {
  { 'HY0204', 58, 'ａ' }, -- summary: 測定指標1-1 rated full-width ａ
  { 'HY0204', 59, 'ｂ' },
  { 'HY0102', 118, nil }, -- 中期目標 without a target year
  { 'HY0106', 423, MEANS1 }, -- 「北米諸国との政治分野での協力増進（達成手段①）」, needs plan.hyoka
  { 'HY0106', 431, MEANS1 },
  { 'HY0106', 437, MEANS1 },
  { 'HY0106', 443, MEANS1 },
  { 'HY0106', 755, MEANS2 },
  { 'HY0106', 793, MEANS2 },
  { 'HY0403', 449, nil }, -- unclosed citation
  { 'HY0204', 1025, 'ｂ' },
  { 'HY0104', 1079, '③' }, -- `③ 90％`: series ③ is not defined
}
-- What `hyoka check` gives for evaluation.hyoka in the copied folder: 29
-- diagnostics, 10 of them HY0106 (a means cited under another name than in
-- plan.hyoka: they need the plan, found through the workspace).
local CLI = T.cli_counts(T.example_dir)
local WANT = CLI and CLI['evaluation.hyoka'] or { total = 29, HY0106 = 10 }
local TOTAL = WANT.total
local HY0106 = 10

local function clients(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf, name = 'hyoka' })
  end
  local out = {}
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == 'hyoka' then
      table.insert(out, c)
    end
  end
  return out
end

local function find(diags, code, line)
  for _, d in ipairs(diags) do
    if code_of(d) == code and d.lnum == line then
      return d
    end
  end
end

local function line_text(buf, lnum)
  return vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1] or ''
end

T.run('lsp', function()
  T.check(CLI ~= nil, 'hyoka check --format json runs on the copied folder')
  T.eq({ WANT.total, WANT.HY0106 }, { 29, HY0106 }, 'hyoka check: 29 diagnostics in evaluation.hyoka, 10 HY0106')
  T.check(T.example_dir:find('令和5年度 政策評価/施策Ⅰ-2 北米地域外交（テスト）', 1, true) ~= nil,
    'the example is in a Japanese folder with spaces and full-width characters', T.example_dir)
  T.record_publishes()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  T.eq(vim.bo[buf].filetype, 'hyoka', 'filetype detected for *.hyoka')

  T.check(vim.wait(10000, function()
    return #clients(buf) > 0
  end, 50), 'hyoka lsp attached to the buffer (' .. require('hyoka').lsp_method() .. ')')
  local client = clients(buf)[1]
  if not client then
    return
  end
  T.eq(client.config.root_dir, T.example_dir, 'workspace root is the example folder')
  -- No settings and no option `language`: none sent (the server would then
  -- ignore a hyoka.toml); the language goes as `locale` (tests/test_language.lua).
  T.eq(client.config.settings or {}, {}, 'no settings sent to the server')

  -- Wait until the cross-document diagnostics (which need plan.hyoka from
  -- the workspace index) have come, then a little longer for stragglers.
  local got_all = vim.wait(20000, function()
    local ds = vim.diagnostic.get(buf)
    return #ds >= TOTAL and T.diag_counts(buf).HY0106 == HY0106 and find(ds, 'HY0104', 1079) ~= nil
  end, 50)
  vim.wait(500, function()
    return false
  end)
  local diags = vim.diagnostic.get(buf)
  T.check(got_all, 'diagnostics arrived', ('%d diagnostics'):format(#diags))

  for _, e in ipairs(EXPECTED) do
    local code, lnum, text = e[1], e[2], e[3]
    local d = find(diags, code, lnum)
    local name = ('%s on line %d'):format(code, lnum + 1)
    if T.check(d ~= nil, name) and text then
      -- vim.diagnostic columns are byte offsets in the line, whatever
      -- position encoding the client and server agreed on.
      local under = line_text(buf, lnum):sub(d.col + 1, d.end_col)
      T.eq(under, text, name .. ' underlines ' .. text)
    end
  end

  T.eq(#diags, TOTAL, 'number of diagnostics in evaluation.hyoka')
  T.eq(T.diag_counts(buf), WANT, 'diagnostics by code as hyoka check gives them')
  T.eq(T.diag_counts(buf).HY0106, HY0106, 'exactly 10 HY0106 after opening')
  local seen, dups = {}, {}
  for _, d in ipairs(diags) do
    local key = table.concat({ tostring(code_of(d)), d.lnum, d.col, d.end_lnum, d.end_col, d.message }, ':')
    if seen[key] then
      table.insert(dups, key)
    end
    seen[key] = true
  end
  T.eq(dups, {}, 'no duplicated diagnostics')
  local hy0104 = find(diags, 'HY0104', 1079)
  T.eq(hy0104 and hy0104.severity, vim.diagnostic.severity.ERROR, 'HY0104 is an error')
  local hy0106 = find(diags, 'HY0106', 423)
  T.eq(hy0106 and hy0106.severity, vim.diagnostic.severity.WARN, 'HY0106 is a warning')

  -- Type a character into a prose line (a keystroke inside the text, the
  -- server's fast path) and wait for the diagnostics of that version: the
  -- cross-document ones must survive it.
  local pub, version, prose = T.type_into_prose(buf)
  T.eq(require('hyoka').line_kind(prose), 'prose', 'line 105 is prose')
  T.check(pub ~= nil, 'diagnostics published again after typing あ', ('version %s, %d publishes'):format(version, #T.publishes))
  local after = T.diag_counts(buf)
  T.eq(after.HY0106, HY0106, 'still exactly 10 HY0106 after the edit')
  T.eq(after, WANT, 'the same diagnostics after the edit')
  T.eq(line_text(buf, 423):find(MEANS1, 1, true) ~= nil and find(vim.diagnostic.get(buf), 'HY0106', 423) ~= nil, true,
    'HY0106 on line 424 after the edit')

  -- The outline.
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf) }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', params, 10000)
  local symbols
  for _, r in pairs(res or {}) do
    symbols = symbols or r.result
  end
  if not T.check(type(symbols) == 'table' and #symbols > 0, 'documentSymbol returns an outline') then
    return
  end
  T.eq(#symbols, 1, 'one root symbol')
  local root = symbols[1]
  T.eq(root.name, '政策評価書 Ⅰ-2 北米地域外交', 'root symbol')
  T.check(root.range ~= nil and root.selectionRange ~= nil, 'root is a DocumentSymbol (range + selectionRange)')
  T.eq(root.range.start.line, 0, 'root starts on line 1')
  local function child(sym, prefix)
    for _, c in ipairs(sym.children or {}) do
      if vim.startswith(c.name, prefix) then
        return c
      end
    end
  end
  local fields = {}
  for i = 1, 3 do
    fields[i] = child(root, '個別分野' .. i)
    T.check(fields[i] ~= nil, ('root has 個別分野%d among its children'):format(i))
  end
  if fields[1] then
    local names = {}
    for _, c in ipairs(fields[1].children or {}) do
      local id = c.name:match('^測定指標(%d+%-%d+)')
      if id then
        table.insert(names, id)
      end
    end
    T.eq(names, { '1-1', '1-2', '1-3', '1-4', '1-5' }, '個別分野1 has 測定指標1-1..1-5')
    local ind = child(fields[1], '測定指標1-1')
    if ind then
      local sel = ind.selectionRange
      local heading = line_text(buf, sel.start.line)
      T.check(heading:match('^#+ *測定指標') ~= nil, '測定指標1-1 selectionRange is on its heading', heading)
      local inside = ind.range.start.line <= sel.start.line and sel['end'].line <= ind.range['end'].line
      T.check(inside, '測定指標1-1 selectionRange inside its range')
    end
    for i = 2, 3 do
      if fields[i - 1] and fields[i] then
        T.check(fields[i - 1].range['end'].line <= fields[i].range.start.line, ('個別分野%d ends before 個別分野%d'):format(i - 1, i))
      end
    end
  end

  -- A quick fix: the full-width rating ａ on line 59.
  local d = find(diags, 'HY0204', 58)
  if d then
    local cparams = {
      textDocument = vim.lsp.util.make_text_document_params(buf),
      -- The whole line: Neovim 0.7 does not keep the LSP range in user_data.
      range = { start = { line = 58, character = 0 }, ['end'] = { line = 59, character = 0 } },
      context = { diagnostics = {} },
    }
    local cres = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', cparams, 10000)
    local edit
    for _, r in pairs(cres or {}) do
      for _, a in ipairs(r.result or {}) do
        local changes = a.edit and a.edit.changes
        if changes then
          for _, edits in pairs(changes) do
            edit = edit or edits[1]
          end
        end
      end
    end
    if T.check(edit ~= nil, 'HY0204 has a quick fix') then
      T.eq(edit.newText, 'a', 'the quick fix writes a half-width a')
      vim.lsp.util.apply_text_edits({ edit }, buf, client.offset_encoding or 'utf-16')
      local l = line_text(buf, 58)
      T.check(l:find('| a |', 1, true) ~= nil and l:find('ａ', 1, true) == nil, 'applying it replaces exactly ａ', l)
      T.check(vim.wait(10000, function()
        return find(vim.diagnostic.get(buf), 'HY0204', 58) == nil
      end, 50), 'the HY0204 diagnostic goes away after the edit')
    end
  end
end)

T.finish()
