-- The parser is built on first use. Each case runs a second Neovim (the same
-- binary) on a copy of the plugin that has no parser/ yet:
--   * with a C compiler: opening a hyoka buffer starts the build in the
--     background, then highlighting starts in every hyoka buffer, with one
--     message; :checkhealth hyoka says the parser loads;
--   * with $CC pointing nowhere and no cc, gcc or clang on PATH: one warning
--     that says what to install and run, however many buffers are opened;
--     :checkhealth hyoka says the same;
--   * with a parser/hyoka.so that does not load: one warning, no rebuild.
local T = _G.T

-- The child: puts the copied plugin on the runtimepath, records vim.notify,
-- opens two hyoka files and writes what it saw to $HYOKA_CHILD_OUT as JSON.
local CHILD = [[
local out_path = vim.env.HYOKA_CHILD_OUT
local plugin = vim.env.HYOKA_CHILD_PLUGIN
vim.opt.runtimepath = { plugin, vim.env.VIMRUNTIME }
vim.opt.packpath = { vim.env.VIMRUNTIME }
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.cmd('filetype on')
vim.cmd('runtime! ftdetect/*.vim')
vim.cmd('runtime! plugin/hyoka.lua')
local r = { messages = {} }
local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(r))
  f:close()
  vim.cmd('qall!')
end
vim.defer_fn(function()
  r.timeout = true
  finish()
end, 40000)
vim.notify = function(msg, level)
  table.insert(r.messages, { msg = msg, level = level or vim.log.levels.INFO })
end
local ok, err = xpcall(function()
  local hyoka = require('hyoka')
  hyoka.setup({ cmd = false })
  local hl = require('vim.treesitter.highlighter')
  r.parser_path = hyoka.parser_path()
  r.so_before = vim.loop.fs_stat(r.parser_path) ~= nil
  vim.cmd('checkhealth hyoka')
  r.health_before = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.HYOKA_CHILD_FILE1))
  local b1 = vim.api.nvim_get_current_buf()
  -- Right after :edit, in the same tick: a background build cannot be done.
  r.so_after_edit = vim.loop.fs_stat(r.parser_path) ~= nil
  r.building_after_edit = hyoka.parser_state.building
  r.active_after_edit = hl.active[b1] ~= nil
  vim.cmd('split ' .. vim.fn.fnameescape(vim.env.HYOKA_CHILD_FILE2))
  local b2 = vim.api.nvim_get_current_buf()
  r.filetypes = { vim.bo[b1].filetype, vim.bo[b2].filetype }
  r.highlighted = vim.wait(tonumber(vim.env.HYOKA_CHILD_WAIT), function()
    return hl.active[b1] ~= nil and hl.active[b2] ~= nil
  end, 20)
  vim.wait(300, function()
    return false
  end)
  r.so_after = vim.loop.fs_stat(r.parser_path) ~= nil
  r.building_after = hyoka.parser_state.building
  if r.highlighted and vim.treesitter.get_captures_at_pos then
    hl.active[b1].tree:parse() -- the highlighter parses on redraw, which headless lacks
    local caps = {}
    for _, c in ipairs(vim.treesitter.get_captures_at_pos(b1, 0, 0)) do
      table.insert(caps, c.capture)
    end
    r.captures = caps
  end
  vim.cmd('checkhealth hyoka')
  r.health_after = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
end, debug.traceback)
if not ok then
  r.error = err
end
finish()
]]

local function count(messages, pred)
  local n = 0
  for _, m in ipairs(messages) do
    if pred(m) then
      n = n + 1
    end
  end
  return n
end

local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp, 'p')
local child_init = tmp .. '/child_init.lua'
vim.fn.writefile(vim.split(CHILD, '\n'), child_init)

-- A copy of the plugin in <copy>/editors/neovim without parser/, next to
-- <copy>/grammar (a link to the repository's grammar: read only).
local function plugin_copy(name)
  local root = tmp .. '/' .. name
  vim.fn.mkdir(root .. '/editors', 'p')
  vim.fn.system({ 'cp', '-a', T.plugin, root .. '/editors/neovim' })
  vim.fn.delete(root .. '/editors/neovim/parser', 'rf')
  vim.loop.fs_symlink(T.repo .. '/grammar', root .. '/grammar')
  return root .. '/editors/neovim'
end

-- Runs the child with `env`; returns its report.
local function run_child(plugin, env, wait_ms)
  local out = tmp .. '/out-' .. vim.loop.hrtime() .. '.json'
  local full_env = {
    HYOKA_CHILD_OUT = out,
    HYOKA_CHILD_PLUGIN = plugin,
    HYOKA_CHILD_FILE1 = T.example_dir .. '/evaluation.hyoka',
    HYOKA_CHILD_FILE2 = T.example_dir .. '/plan.hyoka',
    HYOKA_CHILD_WAIT = tostring(wait_ms),
  }
  for k, v in pairs(env) do
    full_env[k] = v
  end
  local job = vim.fn.jobstart({ vim.v.progpath, '--headless', '-u', child_init }, { env = full_env })
  local status = vim.fn.jobwait({ job }, 60000)[1]
  local ok, r = pcall(function()
    return vim.fn.json_decode(table.concat(vim.fn.readfile(out), '\n'))
  end)
  if not ok then
    return { error = 'no report from the child (exit ' .. tostring(status) .. '): ' .. tostring(r), messages = {} }
  end
  return r
end

T.run('parser build on first use', function()
  local plugin = plugin_copy('with-cc')
  T.check(vim.loop.fs_stat(plugin .. '/lua/hyoka/init.lua') ~= nil and vim.loop.fs_stat(plugin .. '/parser') == nil,
    'a copy of the plugin without parser/')
  local r = run_child(plugin, { CC = '' }, 30000)
  T.eq(r.error, nil, 'the child ran')
  T.eq(r.so_before, false, 'no parser before the first hyoka buffer')
  T.check((r.health_before or ''):find('built into .* on first use') ~= nil, 'checkhealth: no parser yet, built on first use', r.health_before)
  T.eq(r.filetypes, { 'hyoka', 'hyoka' }, 'two hyoka buffers')
  T.eq({ r.so_after_edit, r.building_after_edit, r.active_after_edit }, { false, true, false },
    'opening a hyoka buffer starts the build and returns at once (asynchronous)')
  T.check(r.highlighted == true, 'then highlighting is active in both buffers')
  T.check(r.so_after == true and (r.parser_path or ''):find(plugin .. '/parser/hyoka.so', 1, true) == 1,
    'parser/hyoka.so built in the plugin', tostring(r.parser_path))
  T.eq(r.building_after, false, 'the build is over')
  if r.captures then
    T.check(vim.tbl_contains(r.captures, 'punctuation.special'), 'the heading marker is highlighted', vim.inspect(r.captures))
  end
  T.eq(count(r.messages, function()
    return true
  end), 1, 'one message', vim.inspect(r.messages))
  T.check(count(r.messages, function(m)
    return m.level == vim.log.levels.INFO and m.msg:find('built the tree%-sitter parser') ~= nil
  end) == 1, 'it says the parser was built', vim.inspect(r.messages))
  T.check((r.health_after or ''):find('the parser loads', 1, true) ~= nil, 'checkhealth: the parser loads', r.health_after)
  T.check((r.health_after or ''):find('C compiler: ', 1, true) ~= nil, 'checkhealth: names the C compiler', r.health_after)

  -- No compiler: $CC names a missing file, PATH has no cc, gcc or clang.
  plugin = plugin_copy('without-cc')
  local empty = tmp .. '/empty-bin'
  vim.fn.mkdir(empty, 'p')
  r = run_child(plugin, { CC = tmp .. '/no/such/cc', PATH = empty }, 1500)
  T.eq(r.error, nil, 'the child ran without a compiler')
  T.eq({ r.so_after, r.highlighted, r.building_after }, { false, false, false }, 'no compiler: no parser, no highlighting, no build')
  T.eq(#r.messages, 1, 'no compiler: one message for two buffers', vim.inspect(r.messages))
  local m = r.messages[1] or { msg = '' }
  T.eq(m.level, vim.log.levels.WARN, 'the message is a warning')
  T.check(m.msg:find(':HyokaBuildParser', 1, true) ~= nil and m.msg:find('compiler', 1, true) ~= nil
    and m.msg:find('no/such/cc', 1, true) ~= nil and not m.msg:find('\n'),
    'it says what to install and run, on one line', m.msg)
  T.check((r.health_after or ''):find('no C compiler', 1, true) ~= nil, 'checkhealth: no parser and no C compiler', r.health_after)
  T.check((r.health_after or ''):find('apt install gcc', 1, true) ~= nil, 'checkhealth: what to install', r.health_after)

  -- A parser that does not load is not rebuilt behind the user's back.
  plugin = plugin_copy('broken')
  vim.fn.mkdir(plugin .. '/parser', 'p')
  vim.fn.writefile({ 'not a shared object' }, plugin .. '/parser/hyoka.so')
  r = run_child(plugin, { CC = '' }, 1500)
  T.eq(r.error, nil, 'the child ran with a broken parser')
  T.eq({ r.highlighted, r.building_after }, { false, false }, 'broken parser: no highlighting, no build')
  T.eq(#r.messages, 1, 'broken parser: one message', vim.inspect(r.messages))
  m = r.messages[1] or { msg = '' }
  T.check(m.level == vim.log.levels.WARN and m.msg:find('does not load', 1, true) ~= nil and m.msg:find(':HyokaBuildParser', 1, true) ~= nil,
    'it says the parser does not load and how to rebuild it', m.msg)
  T.check((r.health_after or ''):find('the parser does not load', 1, true) ~= nil, 'checkhealth: the parser does not load', r.health_after)
end)

vim.fn.delete(tmp, 'rf')
T.finish()
