-- With LANG=ja_JP.UTF-8 (and no option `language`), the plugin tells the
-- real server locale = "ja" (tests/test_language.lua checks what a server
-- receives), and the diagnostics of the example (in
-- its Japanese folder, tests/minimal_init.lua) are in Japanese: the 10 HY0106
-- (a means cited under another name than in plan.hyoka) say 達成手段 and
-- have no English word, codes and names aside; so do all the others; and
-- they stay Japanese after an edit.
--
-- Needs a server that writes Japanese diagnostics for locale "ja":
-- with hyoka 0.1.0, whose diagnostics are English, the checks of the
-- messages fail (and only those).
local T = _G.T
local hyoka = require('hyoka')

-- minimal_init.lua made this Neovim English (:language messages C sets
-- v:lang C, which counts as not set): LANG=ja_JP.UTF-8 decides now, for the
-- plugin and for the server it starts (the server inherits the environment).
vim.env.LC_ALL = nil
vim.env.LC_MESSAGES = nil
vim.env.LANG = 'ja_JP.UTF-8'
hyoka.setup({ cmd = { T.hyoka_bin, 'lsp' }, root_dir = T.example_dir })

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

-- The HY0106 messages of `buf` and the others.
local function messages(buf)
  local hy0106, others = {}, {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(T.code_of(d) == 'HY0106' and hy0106 or others, { code = T.code_of(d), line = d.lnum + 1, message = d.message })
  end
  return hy0106, others
end

-- The messages that are not Japanese: without 達成手段 (HY0106 only) or with
-- an English word. The server ends each message with the check's name, a
-- setting key ([means-name-mismatch]): not a word.
local function not_japanese(list, must_contain)
  local bad = {}
  for _, m in ipairs(list) do
    local text = m.message:gsub('%s*%[[%w%-]+%]%s*$', '')
    local words = T.english_words(text)
    if #words > 0 or (must_contain and not text:find(must_contain, 1, true)) or not T.has_japanese(text) then
      table.insert(bad, ('%s line %d: %s [%s]'):format(m.code, m.line, m.message, table.concat(words, ' ')))
    end
  end
  return bad
end

T.run('lsp in Japanese', function()
  T.eq({ hyoka.language() }, { 'ja', 'LANG=ja_JP.UTF-8' }, 'LANG=ja_JP.UTF-8: the plugin speaks Japanese')
  vim.cmd('edit ' .. vim.fn.fnameescape(T.example_dir .. '/evaluation.hyoka'))
  local buf = vim.api.nvim_get_current_buf()
  T.check(vim.wait(10000, function()
    return #clients(buf) > 0
  end, 50), 'hyoka lsp attached to the buffer')
  local client = clients(buf)[1]
  if not client then
    return
  end

  T.check(vim.wait(20000, function()
    return T.diag_counts(buf).HY0106 == 10
  end, 50), 'exactly 10 HY0106 after opening', vim.inspect(T.diag_counts(buf)))
  -- A server that analysed the file before it had the settings publishes
  -- again once it has them: give it a moment.
  vim.wait(5000, function()
    local hy0106 = messages(buf)
    return #hy0106 == 10 and #not_japanese(hy0106, '達成手段') == 0
  end, 50)
  local hy0106, others = messages(buf)
  T.eq(#hy0106, 10, '10 HY0106')
  T.eq(not_japanese(hy0106, '達成手段'), {}, 'the HY0106 messages are Japanese: 達成手段, no English word')
  T.eq(not_japanese(others), {}, 'the other diagnostics are Japanese too')

  local pub = T.type_into_prose(buf)
  T.check(pub ~= nil, 'diagnostics published again after typing あ')
  hy0106 = messages(buf)
  T.eq(#hy0106, 10, 'still 10 HY0106 after the edit')
  T.eq(not_japanese(hy0106, '達成手段'), {}, 'still Japanese after the edit')
end)

T.finish()
