-- A tiny assertion harness for headless Neovim: failures are counted, the
-- run ends with "N passed, N failed" and exits non-zero on any failure.
local T = { passed = 0, failed = 0 }

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end
T.out = out

function T.check(cond, name, detail)
  if cond then
    T.passed = T.passed + 1
    out('ok   ' .. name)
  else
    T.failed = T.failed + 1
    out('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return cond
end

function T.eq(got, want, name)
  return T.check(vim.deep_equal(got, want), name, ('got %s, want %s'):format(vim.inspect(got), vim.inspect(want)))
end

function T.fail(msg)
  T.failed = T.failed + 1
  out('FAIL ' .. msg)
  T.finish()
end

function T.finish()
  out(('%s: %d passed, %d failed'):format(vim.version and tostring(T.version()) or 'nvim', T.passed, T.failed))
  if T.failed > 0 or T.passed == 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

function T.version()
  local v = vim.version()
  return ('nvim-%d.%d.%d'):format(v.major, v.minor, v.patch)
end

function T.start_timeout(ms)
  vim.defer_fn(function()
    out(('FAIL timeout: the tests did not finish in %d ms'):format(ms))
    io.stdout:flush()
    vim.cmd('cquit 2')
  end, ms)
end

-- Runs `fn` and turns an error into a failure instead of a hung Neovim.
function T.run(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if not ok then
    T.failed = T.failed + 1
    out('FAIL ' .. name .. ' raised: ' .. tostring(err))
  end
end

-- `hyoka check --format json <path>`: the diagnostics of each file, by
-- file name: { ['evaluation.hyoka'] = { total = 29, HY0106 = 10, … }, … }.
function T.cli_counts(path)
  local ran, out = pcall(vim.fn.system, { T.hyoka_bin, 'check', '--format', 'json', path })
  if not ran then
    return nil, out
  end
  local ok, list = pcall(vim.fn.json_decode, out)
  if not ok or type(list) ~= 'table' then
    return nil, out
  end
  local counts = {}
  for _, d in ipairs(list) do
    local name = d.path:match('[^/]+$')
    counts[name] = counts[name] or { total = 0 }
    local c = counts[name]
    c.total = c.total + 1
    c[d.code] = (c[d.code] or 0) + 1
  end
  return counts
end

-- The code of a vim.diagnostic item (0.7 keeps it in user_data only).
function T.code_of(d)
  local c = d.code
  if c == nil and d.user_data and d.user_data.lsp then
    c = d.user_data.lsp.code
  end
  return c
end

-- Counts of the diagnostics of `buf` by code, and their total.
function T.diag_counts(buf)
  local c = { total = 0 }
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = T.code_of(d)
    c.total = c.total + 1
    c[code] = (c[code] or 0) + 1
  end
  return c
end

-- Records every textDocument/publishDiagnostics that reaches the client:
-- T.publishes is a list of { fname, version, count }.
function T.record_publishes()
  T.publishes = {}
  local method = 'textDocument/publishDiagnostics'
  local orig = vim.lsp.handlers[method]
  vim.lsp.handlers[method] = function(err, result, ctx, config)
    local r = orig(err, result, ctx, config)
    if result and result.uri then
      table.insert(T.publishes, {
        fname = vim.uri_to_fname(result.uri),
        version = result.version,
        count = #(result.diagnostics or {}),
      })
    end
    return r
  end
end

-- Waits for a publish for `buf` with `version` (or, when the server sends
-- no version, any publish after the `since`-th). Returns it or nil.
function T.wait_publish(buf, version, since, ms)
  local fname = vim.api.nvim_buf_get_name(buf)
  local found
  vim.wait(ms or 15000, function()
    for i = since + 1, #T.publishes do
      local p = T.publishes[i]
      if p.fname == fname and (p.version == nil or p.version == vim.NIL or p.version >= version) then
        found = p
        return true
      end
    end
    return false
  end, 20)
  return found
end

-- Types あ into a prose line of `buf` (0-based `lnum`, default 104: line 105
-- of evaluation.hyoka, `１ 日米・日加政府間…`, after its second character),
-- as a keystroke would, and waits for the diagnostics of the new version.
-- Returns the publish (or nil), the version and the line before the edit.
function T.type_into_prose(buf, lnum)
  lnum = lnum or 104
  if T.publishes == nil then
    T.record_publishes()
  end
  local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1] or ''
  local col = #vim.fn.strcharpart(line, 0, 2)
  local since = #T.publishes
  vim.api.nvim_buf_set_text(buf, lnum, col, lnum, col, { 'あ' })
  local version = (vim.lsp.util.buf_versions or {})[buf] or vim.api.nvim_buf_get_changedtick(buf)
  local pub = T.wait_publish(buf, version, since, 15000)
  -- Stragglers (a second publish for the same version).
  vim.wait(300, function()
    return false
  end)
  return pub, version, line
end

-- The cross-document diagnostics of evaluation.hyoka (`buf`): exactly 10
-- HY0106 once opened, and still 10 after typing a character. They need
-- plan.hyoka, which the server finds by the folder's URI.
function T.check_hy0106(buf, name)
  local ok = vim.wait(20000, function()
    return T.diag_counts(buf).HY0106 == 10
  end, 50)
  T.check(ok, name .. ': exactly 10 HY0106 after opening', vim.inspect(T.diag_counts(buf)))
  local pub, version, line = T.type_into_prose(buf)
  T.eq(require('hyoka').line_kind(line), 'prose', name .. ': line 105 is prose')
  T.check(pub ~= nil, name .. ': diagnostics published again after typing あ', 'version ' .. tostring(version))
  T.eq(T.diag_counts(buf).HY0106, 10, name .. ': still exactly 10 HY0106 after the edit')
end

-- The English words left in a text that should be Japanese: every ASCII word
-- of three letters or more (with its - and _, as in tree-sitter or
-- auto_build_parser) that is not a name of T.NAMES or of `allowed`. Paths
-- and file names (anything with a / or a dot inside), v:lang, `{name}`
-- placeholders and codes such as HY0106 are not words.
T.NAMES = {
  'hyoka', 'Hyoka', 'Neovim', 'PATH', 'LSP', 'tree-sitter', 'nvim-treesitter', 'cargo', 'README',
  'HyokaBuildParser', 'runtimepath', 'foldexpr', 'auto_build_parser', 'cmd', 'language', 'folds',
  'setup', 'require', 'lsp', 'true', 'false', 'LC_ALL', 'LC_MESSAGES', 'LANG', 'gcc', 'clang', 'locale',
  'checkhealth', 'HyokaPreview', 'HyokaImport', 'hyoka-import', 'PDF', 'Rust', 'chmod',
  -- in commands: cargo install --path ., apt install gcc, hyoka --version
  'install', '--path', 'apt', '--version',
}

function T.english_words(text, allowed)
  local ok = {}
  for _, w in ipairs(T.NAMES) do
    ok[w] = true
  end
  for _, w in ipairs(allowed or {}) do
    ok[w] = true
  end
  local s = text
  s = s:gsub('{[%w_]+}', 'X')
  s = s:gsub('v:lang', ' ')
  s = s:gsub('[%w%-_%.~/\'"%$@]*/[%w%-_%.~/\'"%$@]*', ' ')
  s = s:gsub('[%w%-_]+%.[%w%-_%.]+', ' ')
  local out = {}
  for w in s:gmatch('%-*[A-Za-z_][A-Za-z0-9_%-]*') do
    if w:find('[A-Za-z][A-Za-z][A-Za-z]') and not ok[w] and not w:match('^HY%d+$') then
      table.insert(out, w)
    end
  end
  return out
end

-- Japanese text in `s` (a character of the kana or CJK blocks).
function T.has_japanese(s)
  return s:find('[\227-\233][\128-\191][\128-\191]') ~= nil
end

return T
