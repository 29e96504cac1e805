-- Minimal init for the headless tests (Neovim 0.7 → 0.11):
--   nvim --headless -u tests/minimal_init.lua -c "luafile tests/test_lsp.lua"
-- Environment: HYOKA = path of the hyoka binary (default: target/debug/hyoka,
-- else target/release/hyoka, else `hyoka` on PATH); HYOKA_TEST_TIMEOUT in ms.
local this = debug.getinfo(1, 'S').source:gsub('^@', '')
this = vim.loop.fs_realpath(this) or this
local plugin = this:gsub('/tests/minimal_init%.lua$', '')
local repo = plugin:gsub('/editors/neovim$', '')

-- The plugin speaks Japanese when v:lang or $LC_ALL / $LC_MESSAGES / $LANG
-- says "ja…", English otherwise. The tests check its English messages,
-- whatever the machine's locale: the language here is English (C), and the
-- servers and child Neovims the tests start inherit that. The language tests
-- (tests/test_language.lua, tests/test_lsp_ja.lua) set $LANG themselves.
vim.env.LC_ALL = nil
vim.env.LC_MESSAGES = nil
vim.env.LANG = 'C.UTF-8'
pcall(vim.cmd, 'language messages C')

vim.opt.runtimepath = { plugin, vim.env.VIMRUNTIME }
vim.opt.packpath = { vim.env.VIMRUNTIME }
vim.g.loaded_netrw = 1
vim.g.loaded_netrwPlugin = 1
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.cmd('filetype on')
vim.cmd('runtime! ftdetect/*.vim')
vim.cmd('runtime! plugin/hyoka.lua')

local function pick_binary()
  if vim.env.HYOKA and vim.env.HYOKA ~= '' then
    local p = vim.env.HYOKA
    if p:sub(1, 1) ~= '/' then
      -- Relative to the current folder, else to the repository.
      p = vim.fn.executable(p) == 1 and p:find('/') and vim.fn.fnamemodify(p, ':p') or repo .. '/' .. p
    end
    return p
  end
  for _, p in ipairs({ repo .. '/target/debug/hyoka', repo .. '/target/release/hyoka' }) do
    if vim.fn.executable(p) == 1 then
      return p
    end
  end
  return 'hyoka'
end

package.path = plugin .. '/tests/?.lua;' .. package.path
_G.T = require('helpers')
T.repo = repo
T.plugin = plugin
T.hyoka_bin = pick_binary()

-- Every test works on a copy of examples/mofa-I-2 in a folder whose path has
-- Japanese, spaces and full-width characters, as a ministry's share would:
-- Neovim percent-encodes it in file URIs (in lower case, %e4), and the server
-- must still find the plan next to the evaluation.
T.source_example_dir = repo .. '/examples/mofa-I-2'
T.example_files = { 'evaluation.hyoka', 'plan.hyoka', 'budget-sheet.hyoka' }
do
  local dir = vim.fn.tempname() .. '/令和5年度 政策評価/施策Ⅰ-2 北米地域外交（テスト）'
  vim.fn.mkdir(dir, 'p')
  for _, f in ipairs(T.example_files) do
    vim.fn.writefile(vim.fn.readfile(T.source_example_dir .. '/' .. f, 'b'), dir .. '/' .. f, 'b')
  end
  T.example_dir = vim.loop.fs_realpath(dir) or dir
end
T.start_timeout(tonumber(vim.env.HYOKA_TEST_TIMEOUT or '') or 30000)

local hyoka = require('hyoka')
if not vim.loop.fs_stat(hyoka.parser_path()) then
  local ok, res = hyoka.build_parser()
  if not ok then
    T.fail('building the parser: ' .. tostring(res))
  end
end
hyoka.setup({
  cmd = { T.hyoka_bin, 'lsp' },
  -- The examples live inside the hyoka repository, whose root (.git) would
  -- index the whole repository: pin the workspace to the example's folder.
  root_dir = T.example_dir,
})
