-- Where the plugin finds the server: the option cmd, else <plugin>/bin/hyoka
-- (a binary unpacked from a release archive), else hyoka on PATH, else
-- ~/.cargo/bin/hyoka. Each case runs a second Neovim (the same binary) on a
-- copy of the plugin (the plugin root is found from lua/hyoka/init.lua, so
-- the copy's bin/ is the one looked at), with PATH stripped of every folder
-- that has a hyoka, a private HOME and no $CARGO_HOME:
--   * bin/hyoka (a link to $HYOKA): the server starts from there, the 10
--     HY0106 of evaluation.hyoka arrive, :checkhealth says "beside the plugin"
--     and the version, in English and in Japanese;
--   * the same with the option cmd set to another path: the option wins;
--   * nothing anywhere: one clear warning however many buffers are opened,
--     no client, :checkhealth an error with what to do, in English and in
--     Japanese; then the order, step by step: a bin/hyoka that is not
--     executable (not used, a warning with a chmod hint), ~/.cargo/bin, PATH,
--     bin/hyoka made executable (it wins), and the option before all (an
--     option that names nothing: a warning, and no other binary is used).
local T = _G.T

local CHILD = [[
local out_path = vim.env.HYOKA_CHILD_OUT
vim.opt.runtimepath = { vim.env.HYOKA_CHILD_PLUGIN, vim.env.VIMRUNTIME }
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
end, 50000)
vim.notify = function(msg, level)
  table.insert(r.messages, { msg = msg, level = level or vim.log.levels.INFO })
end
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
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local function count(buf, code)
  local n = 0
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == code then
      n = n + 1
    end
  end
  return n
end
local function health()
  vim.cmd('checkhealth hyoka')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  vim.cmd('bwipeout!')
  return text
end
local function found()
  local path, source, info = require('hyoka').find_server()
  return { path = path, source = source, not_executable = info.not_executable, tried = info.tried }
end
local ok, err = xpcall(function()
  local hyoka = require('hyoka')
  local opts = vim.fn.json_decode(vim.env.HYOKA_CHILD_OPTS)
  opts.root_dir = vim.env.HYOKA_CHILD_ROOT
  opts.treesitter = false
  hyoka.setup(opts)
  r.plugin_dir = hyoka.plugin_dir()
  r.plugin_bin = hyoka.plugin_bin()
  r.cargo_bin = hyoka.cargo_bin()
  r.found = found()
  r.server_cmd = hyoka.server.cmd
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.HYOKA_CHILD_ROOT .. '/evaluation.hyoka'))
  local buf = vim.api.nvim_get_current_buf()
  r.filetype = vim.bo[buf].filetype
  r.attached = vim.wait(tonumber(vim.env.HYOKA_CHILD_ATTACH_MS), function()
    return #clients(buf) > 0
  end, 50)
  if r.attached then
    r.client_cmd = clients(buf)[1].config.cmd
    -- As tests/test_lsp.lua: the 10 HY0106 need plan.hyoka, found through
    -- the workspace.
    r.hy0106 = vim.wait(20000, function()
      return count(buf, 'HY0106') == 10
    end, 50) and 10 or count(buf, 'HY0106')
    r.diagnostics = #vim.diagnostic.get(buf)
  end
  vim.cmd('split ' .. vim.fn.fnameescape(vim.env.HYOKA_CHILD_ROOT .. '/plan.hyoka'))
  vim.wait(300, function()
    return false
  end)
  r.health = health()

  if vim.env.HYOKA_CHILD_ORDER == '1' then
    -- Nothing was found: add places one by one, from the last to the first.
    local initial = r.messages
    r.messages = {}
    local bin = vim.env.HYOKA_CHILD_BIN
    local steps = {}
    -- A script without the x bit, as an archive unpacked by a tool that
    -- drops it: not used; the warning and :checkhealth say chmod +x.
    vim.fn.mkdir(vim.fn.fnamemodify(r.plugin_bin, ':h'), 'p')
    vim.fn.writefile({ '#!/bin/sh', 'exec "' .. bin .. '" "$@"' }, r.plugin_bin)
    vim.loop.fs_chmod(r.plugin_bin, 420) -- 0644
    steps.not_executable = found()
    hyoka.setup(opts)
    vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.HYOKA_CHILD_ROOT .. '/budget-sheet.hyoka'))
    vim.fn.mkdir(vim.fn.fnamemodify(r.cargo_bin, ':h'), 'p')
    vim.loop.fs_symlink(bin, r.cargo_bin)
    steps.cargo = found()
    local dir = vim.env.HYOKA_CHILD_TMP .. '/on-path'
    vim.fn.mkdir(dir, 'p')
    vim.loop.fs_symlink(bin, dir .. '/hyoka')
    vim.env.PATH = dir .. ':' .. vim.env.PATH
    steps.path = found()
    steps.health_not_executable = health()
    vim.loop.fs_chmod(r.plugin_bin, 493) -- 0755
    steps.plugin = found()
    steps.health_plugin = health()
    hyoka.config.cmd = { dir .. '/hyoka', 'lsp' }
    steps.option = found()
    steps.option_cmd = hyoka.server_cmd()
    opts.cmd = { vim.env.HYOKA_CHILD_TMP .. '/no/such/hyoka', 'lsp' }
    hyoka.setup(opts)
    steps.option_missing = found()
    vim.cmd('enew')
    vim.bo.filetype = 'hyoka'
    steps.health_option_missing = health()
    steps.messages = r.messages
    r.messages = initial
    r.steps = steps
  end
end, debug.traceback)
if not ok then
  r.error = err
end
finish()
]]

local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp, 'p')
tmp = vim.loop.fs_realpath(tmp) or tmp
local child_init = tmp .. '/child_init.lua'
vim.fn.writefile(vim.split(CHILD, '\n'), child_init)

-- A copy of the plugin in <copy>/editors/neovim, next to <copy>/grammar (a
-- link to the repository's: the queries link there), without bin/.
local function plugin_copy(name)
  local root = tmp .. '/' .. name
  vim.fn.mkdir(root .. '/editors', 'p')
  vim.fn.system({ 'cp', '-a', T.plugin, root .. '/editors/neovim' })
  vim.fn.delete(root .. '/editors/neovim/bin', 'rf')
  vim.loop.fs_symlink(T.repo .. '/grammar', root .. '/grammar')
  return root .. '/editors/neovim'
end

-- PATH without the folders that hold a hyoka.
local function stripped_path()
  local keep = {}
  for _, dir in ipairs(vim.split(vim.env.PATH or '', ':', { plain = true })) do
    if dir ~= '' and vim.fn.executable(dir .. '/hyoka') ~= 1 then
      table.insert(keep, dir)
    end
  end
  return table.concat(keep, ':')
end

local PATH = stripped_path()
local bin = vim.fn.fnamemodify(T.hyoka_bin, ':p')

-- Runs the child on `plugin` with the setup() options `opts`; returns its report.
local function run_child(name, plugin, env, opts)
  local out = tmp .. '/' .. name .. '.json'
  local home = tmp .. '/home-' .. name
  vim.fn.mkdir(home, 'p')
  local full_env = {
    HYOKA_CHILD_OUT = out,
    HYOKA_CHILD_PLUGIN = plugin,
    HYOKA_CHILD_ROOT = T.example_dir,
    HYOKA_CHILD_BIN = bin,
    HYOKA_CHILD_TMP = tmp .. '/' .. name .. '-tmp',
    HYOKA_CHILD_OPTS = vim.fn.json_encode(opts or vim.empty_dict()),
    HYOKA_CHILD_ATTACH_MS = '10000',
    HOME = home,
    CARGO_HOME = '',
    PATH = PATH,
    LC_ALL = '',
    LC_MESSAGES = '',
    LANG = 'C.UTF-8',
  }
  for k, v in pairs(env or {}) do
    full_env[k] = v
  end
  local job = vim.fn.jobstart({ vim.v.progpath, '--headless', '-u', child_init }, { env = full_env })
  local status = vim.fn.jobwait({ job }, 60000)[1]
  local ok, r = pcall(function()
    return vim.fn.json_decode(table.concat(vim.fn.readfile(out), '\n'))
  end)
  if not ok then
    return { error = 'no report from the child (exit ' .. tostring(status) .. '): ' .. tostring(r), messages = {}, found = {} }
  end
  r.home = home
  return r
end

local function has(text, s)
  return (text or ''):find(s, 1, true) ~= nil
end

local VERSION = vim.trim(vim.fn.system({ bin, '--version' }))
-- Lines of :checkhealth that are Neovim's, not the plugin's.
local FRAMING = { 'OK', 'INFO', 'WARNING', 'ERROR', 'ADVICE', 'check', 'health', 'start_client', 'start', 'config' }

T.run('server beside the plugin', function()
  local plugin = plugin_copy('beside')
  vim.fn.mkdir(plugin .. '/bin', 'p')
  vim.loop.fs_symlink(bin, plugin .. '/bin/hyoka')
  local want = (vim.loop.fs_realpath(plugin) or plugin) .. '/bin/hyoka'

  local r = run_child('beside', plugin)
  T.eq(r.error, nil, 'beside: the child ran')
  T.eq(r.timeout, nil, 'beside: the child finished in time')
  T.eq(r.plugin_bin, want, 'beside: the plugin root is the copy (found from lua/hyoka), bin/hyoka in it')
  T.eq({ r.found.path, r.found.source }, { want, 'plugin' }, 'beside: find_server() gives bin/hyoka, beside the plugin')
  T.eq(r.server_cmd, { want, 'lsp' }, 'beside: setup() starts <plugin>/bin/hyoka lsp')
  T.check(r.attached == true, 'beside: the server attached to evaluation.hyoka')
  T.eq(r.client_cmd, { want, 'lsp' }, 'beside: the client runs bin/hyoka')
  T.eq(r.hy0106, 10, 'beside: the diagnostics arrived (exactly 10 HY0106)')
  T.eq(r.messages, {}, 'beside: no message')
  T.check(has(r.health, 'server: ' .. want .. ' (beside the plugin, in its bin/ folder)'), 'beside: checkhealth says beside the plugin', r.health)
  T.check(has(r.health, VERSION), 'beside: checkhealth shows --version (' .. VERSION .. ')', r.health)
  T.check(has(r.health, 'looked for in this order: the option cmd, ' .. want), 'beside: checkhealth gives the order', r.health)
  T.check(not has(r.health, 'ERROR') and not has(r.health, 'WARNING'), 'beside: no error or warning in checkhealth', r.health)

  local ja = run_child('beside-ja', plugin, { LANG = 'ja_JP.UTF-8' })
  T.eq(ja.error, nil, 'beside, Japanese: the child ran')
  T.eq(ja.hy0106, 10, 'beside, Japanese: the diagnostics arrived')
  T.check(has(ja.health, '言語サーバー：' .. want .. '（プラグインのフォルダーの bin/ に置かれたもの）'),
    'beside, Japanese: checkhealth says beside the plugin', ja.health)
  T.check(has(ja.health, VERSION), 'beside, Japanese: checkhealth shows --version', ja.health)
  T.eq(T.english_words(ja.health, FRAMING), {}, 'beside, Japanese: no English words in checkhealth')

  -- The option wins over bin/.
  local elsewhere = tmp .. '/elsewhere'
  vim.fn.mkdir(elsewhere, 'p')
  vim.loop.fs_symlink(bin, elsewhere .. '/hyoka')
  r = run_child('option', plugin, nil, { cmd = { elsewhere .. '/hyoka', 'lsp' } })
  T.eq(r.error, nil, 'option: the child ran')
  T.eq({ r.found.path, r.found.source }, { elsewhere .. '/hyoka', 'option' }, 'option: find_server() gives the option, though bin/hyoka is there')
  T.eq(r.client_cmd, { elsewhere .. '/hyoka', 'lsp' }, 'option: the client runs the option cmd')
  T.eq(r.hy0106, 10, 'option: the diagnostics arrived')
  T.check(has(r.health, 'server: ' .. elsewhere .. '/hyoka (given by the option cmd)'), 'option: checkhealth says the option', r.health)
  T.check(has(r.health, VERSION), 'option: checkhealth shows --version', r.health)
end)

-- The not-found warning, and :checkhealth, in `lang`.
local function check_not_found(r, name, lang)
  local plugin_bin = r.plugin_bin or '?'
  local bin_dir = (r.plugin_dir or '?') .. '/bin/'
  local cargo = r.home .. '/.cargo/bin/hyoka'
  T.eq(r.error, nil, name .. ': the child ran')
  T.eq(r.filetype, 'hyoka', name .. ': a hyoka buffer')
  T.eq({ r.found.path, r.found.source }, { nil, nil }, name .. ': find_server() finds nothing')
  T.eq(r.found.tried and #r.found.tried, 3, name .. ': three places tried', vim.inspect(r.found.tried))
  T.eq(r.cargo_bin, cargo, name .. ': ~/.cargo/bin/hyoka in the private HOME')
  T.eq(r.attached, false, name .. ': no client')
  T.eq(#r.messages, 1, name .. ': one message for two buffers', vim.inspect(r.messages))
  local m = r.messages[1] or { msg = '' }
  T.eq(m.level, vim.log.levels.WARN, name .. ': a warning')
  T.check(has(m.msg, plugin_bin) and has(m.msg, cargo) and has(m.msg, 'PATH') and not has(m.msg, '\n'),
    name .. ': it names bin/hyoka, PATH and ~/.cargo/bin/hyoka, on one line', m.msg)
  local h = r.health or ''
  T.check(has(h, 'ERROR'), name .. ': checkhealth reports an error', h)
  if lang == 'en' then
    T.check(has(m.msg, 'no hyoka binary for the language server') and has(m.msg, 'download the archive for your platform')
      and has(m.msg, 'put hyoka in ' .. bin_dir .. ' (or anywhere on PATH)') and has(m.msg, 'setup({ cmd = … })'),
      name .. ': it says what to download and where to put it', m.msg)
    T.check(has(h, 'no hyoka binary found (looked for ' .. plugin_bin .. ', hyoka on PATH, ' .. cargo .. ')'),
      name .. ': checkhealth says where it looked', h)
    T.check(has(h, 'Download the archive of hyoka for your platform, unpack it, put hyoka in ' .. bin_dir),
      name .. ': checkhealth says what to do', h)
    T.check(not T.has_japanese(m.msg .. h), name .. ': no Japanese')
  else
    T.check(has(m.msg, '言語サーバーの実行ファイル hyoka が見つかりません') and has(m.msg, 'アーカイブをダウンロードして展開し')
      and has(m.msg, 'hyoka を ' .. bin_dir .. ' に'), name .. ': it says what to download and where to put it, in Japanese', m.msg)
    T.eq(T.english_words(m.msg), {}, name .. ': no English words in the message')
    T.check(has(h, 'hyoka の実行ファイルが見つかりません（' .. plugin_bin .. '、PATH 上の hyoka、' .. cargo .. ' を探しました）'),
      name .. ': checkhealth says where it looked', h)
    T.check(has(h, 'アーカイブをダウンロードして展開し'), name .. ': checkhealth says what to do', h)
    T.eq(T.english_words(h, FRAMING), {}, name .. ': no English words in checkhealth')
  end
end

T.run('no server anywhere', function()
  local plugin = plugin_copy('nothing')
  local r = run_child('nothing-ja', plugin, { LANG = 'ja_JP.UTF-8', HYOKA_CHILD_ATTACH_MS = '1500' })
  check_not_found(r, 'nothing, Japanese', 'ja')

  r = run_child('nothing', plugin, { HYOKA_CHILD_ATTACH_MS = '1500', HYOKA_CHILD_ORDER = '1' })
  check_not_found(r, 'nothing', 'en')

  -- The order, adding places from the last to the first.
  local s = r.steps or {}
  local plugin_bin, cargo = r.plugin_bin or '?', r.cargo_bin or '?'
  local on_path = tmp .. '/nothing-tmp/on-path/hyoka'
  local function got(f)
    return f and { f.path, f.source, f.not_executable } or {}
  end
  local msgs = s.messages or {}
  T.eq(got(s.not_executable), { nil, nil, plugin_bin }, 'order: bin/hyoka without the x bit is not used')
  T.check(msgs[1] and msgs[1].level == vim.log.levels.WARN and has(msgs[1].msg, 'run chmod +x ' .. plugin_bin .. ' and restart Neovim'),
    'order: then the warning says chmod +x', vim.inspect(msgs))
  T.eq(got(s.cargo), { cargo, 'cargo', plugin_bin }, 'order: ~/.cargo/bin/hyoka when nothing else')
  T.eq(got(s.path), { on_path, 'path', plugin_bin }, 'order: PATH before ~/.cargo/bin')
  T.check(has(s.health_not_executable, plugin_bin .. ' is there but not executable, so it is not used')
    and has(s.health_not_executable, 'chmod +x ' .. plugin_bin), 'order: checkhealth warns, with chmod +x', s.health_not_executable)
  T.check(has(s.health_not_executable, 'server: ' .. on_path .. ' (found on PATH)'), 'order: checkhealth says PATH', s.health_not_executable)
  T.eq(got(s.plugin), { plugin_bin, 'plugin' }, 'order: bin/hyoka, once executable, before PATH')
  T.check(has(s.health_plugin, '(beside the plugin, in its bin/ folder)') and has(s.health_plugin, VERSION)
    and not has(s.health_plugin, 'WARNING'), 'order: checkhealth says beside the plugin, with the version', s.health_plugin)
  T.eq(got(s.option), { on_path, 'option' }, 'order: the option before all')
  T.eq(s.option_cmd, { on_path, 'lsp' }, 'order: the option cmd is started as given')
  local missing = tmp .. '/nothing-tmp/no/such/hyoka'
  T.eq(got(s.option_missing), { nil, 'option' }, 'order: an option that names nothing is not replaced by another binary')
  T.check(msgs[2] and msgs[2].level == vim.log.levels.WARN and has(msgs[2].msg, missing .. ' (the option cmd) is not found or not executable'),
    'order: then the warning says the option names nothing', vim.inspect(msgs))
  T.eq(#msgs, 2, 'order: two warnings in all', vim.inspect(msgs))
  T.check(has(s.health_option_missing, missing .. ' not found or not executable'),
    'order: checkhealth says the option names nothing', s.health_option_missing)
end)

if vim.env.HYOKA_TEST_VERBOSE then
  T.out(vim.fn.join(vim.fn.glob(tmp .. '/*.json', false, true), '\n'))
else
  vim.fn.delete(tmp, 'rf')
end
T.finish()
