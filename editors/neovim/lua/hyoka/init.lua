-- Hyoka for Neovim 0.7 → 0.11: the `hyoka lsp` language server and the
-- tree-sitter parser of the Hyoka markup.
--
--   require('hyoka').setup({
--     cmd = nil,                     -- how to start the server (nil: find it, see find_server)
--     settings = { checks = { HY0204 = 'off' } },  -- the server's settings
--     root_dir = nil,                -- string or function(fname) -> string
--     treesitter = true,             -- register the parser, start highlighting
--     auto_build_parser = true,      -- build a missing parser on first use
--     folds = false,                 -- nested folds by section (all versions)
--     language = nil,                -- 'ja' or 'en'; default: from v:lang / $LANG
--     preview = { open = nil },      -- how :HyokaPreview opens its address
--   })

local M = {}

local uv = vim.uv or vim.loop
local i18n = require('hyoka.i18n')
local t = i18n.t

M.config = {
  -- nil: the binary found by find_server(), started as `<path> lsp`.
  cmd = nil,
  settings = {},
  root_markers = { 'hyoka.toml', '.git' },
  root_dir = nil,
  treesitter = true,
  auto_build_parser = true,
  folds = false,
  pull_diagnostics = false,
  on_attach = nil,
  capabilities = nil,
  language = nil,
  -- :HyokaPreview. open: nil (the system's browser), a function(url), or a
  -- command (a list, or a string split at spaces) the address is appended to.
  preview = { open = nil },
}

--- The language of the messages, which the server is told too: 'ja' or
--- 'en' (the option `language`, else from v:lang and the environment), and
--- how it was chosen ('option', 'LANG=ja_JP.UTF-8', …; see hyoka.i18n).
function M.language()
  return i18n.language()
end

local function notify(msg, level)
  vim.notify('hyoka: ' .. msg, level or vim.log.levels.INFO)
end

local function has(feature)
  return vim.fn.has(feature) == 1
end

-- Paths ---------------------------------------------------------------------

local function is_dir(p)
  local st = p and uv.fs_stat(p)
  return st ~= nil and st.type == 'directory'
end

local function exists(p)
  return p ~= nil and uv.fs_stat(p) ~= nil
end

local function dirname(p)
  local d = p:match('^(.*)/[^/]*$')
  if d == nil or d == '' then
    return '/'
  end
  return d
end

local function realpath(p)
  return uv.fs_realpath(p) or p
end

--- The folder holding this plugin (editors/neovim: the one that holds
--- lua/hyoka), found from this file.
function M.plugin_dir()
  local src = realpath((debug.getinfo(1, 'S').source:gsub('^@', '')))
  if has('win32') then
    src = src:gsub('\\', '/')
  end
  return dirname(dirname(dirname(src)))
end

--- The folder of the tree-sitter grammar (holds src/parser.c).
function M.grammar_dir()
  if M.config.grammar_dir then
    return M.config.grammar_dir
  end
  return dirname(dirname(M.plugin_dir())) .. '/grammar'
end

--- Where build_parser() writes the parser: <plugin>/parser/hyoka.so, which
--- is on the runtimepath, so Neovim finds it by name.
function M.parser_path()
  return M.config.parser_path or (M.plugin_dir() .. '/parser/hyoka.so')
end

--- The workspace root of `fname`: the nearest folder with hyoka.toml, else
--- the nearest with .git, else the file's own folder. Works without vim.fs.
function M.find_root(fname)
  if fname == nil or fname == '' then
    return uv.cwd()
  end
  local start = dirname(realpath(fname))
  for _, marker in ipairs(M.config.root_markers) do
    local dir = start
    while true do
      if exists(dir .. '/' .. marker) then
        return dir
      end
      local parent = dirname(dir)
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return start
end

local function root_for(fname)
  local r = M.config.root_dir
  if type(r) == 'string' then
    return r
  elseif type(r) == 'function' then
    return r(fname) or M.find_root(fname)
  end
  return M.find_root(fname)
end

-- The server binary ------------------------------------------------------------
--
-- Authors install without Rust: they download the archive of their platform
-- (hyoka-<version>-<target>.tar.gz, .zip on Windows), unpack it and put the
-- binary in <plugin>/bin/ or anywhere on PATH. The plugin starts the first of:
--   1. the option `cmd` of setup(), when given;
--   2. <plugin>/bin/hyoka (bin/hyoka.exe on Windows), <plugin> being the
--      folder that holds lua/hyoka (plugin_dir());
--   3. hyoka on PATH;
--   4. ~/.cargo/bin/hyoka ($CARGO_HOME/bin when set), where cargo install
--      puts it.

local function exe_name()
  return has('win32') and 'hyoka.exe' or 'hyoka'
end

local function is_file(p)
  local st = p and uv.fs_stat(p)
  return st ~= nil and st.type == 'file'
end

--- <plugin>/bin/hyoka (bin/hyoka.exe on Windows): where a downloaded binary goes.
function M.plugin_bin()
  return M.plugin_dir() .. '/bin/' .. exe_name()
end

--- Where cargo install puts hyoka: $CARGO_HOME/bin, else ~/.cargo/bin.
function M.cargo_bin()
  local home = vim.env.CARGO_HOME
  if home == nil or home == '' then
    home = (uv.os_homedir() or vim.env.HOME or '~') .. '/.cargo'
  end
  return home .. '/bin/' .. exe_name()
end

--- The hyoka binary the plugin starts, and why. Returns path, source, info:
---   source 'option' (the option cmd), 'plugin' (plugin_bin()), 'path'
---   (hyoka on PATH) or 'cargo' (cargo_bin());
---   path nil when there is none: source nil (nothing found anywhere) or
---   'option' (cmd names a program that is not found or not executable);
---   info.tried: the places looked at, for messages; info.not_executable:
---   plugin_bin() when it is there but not executable (then not used);
---   info.cmd: the program the option names.
--- With cmd = false (no server) it still says where a binary would be found.
function M.find_server()
  local info = { tried = {} }
  local cmd = M.config.cmd
  if type(cmd) == 'table' and type(cmd[1]) == 'string' then
    info.cmd = cmd[1]
    if vim.fn.executable(cmd[1]) == 1 then
      local p = vim.fn.exepath(cmd[1])
      return p ~= '' and p or cmd[1], 'option', info
    end
    return nil, 'option', info
  end
  local bin = M.plugin_bin()
  table.insert(info.tried, bin)
  if is_file(bin) then
    if vim.fn.executable(bin) == 1 then
      return bin, 'plugin', info
    end
    info.not_executable = bin
  end
  table.insert(info.tried, t('server_on_path'))
  local on_path = vim.fn.exepath('hyoka')
  if on_path ~= '' then
    return on_path, 'path', info
  end
  local cargo = M.cargo_bin()
  table.insert(info.tried, cargo)
  if vim.fn.executable(cargo) == 1 then
    return cargo, 'cargo', info
  end
  return nil, nil, info
end

--- The command that starts the server: the option cmd as given, else
--- { <find_server()>, 'lsp' }; nil when there is no binary (then also the
--- source and info of find_server()).
function M.server_cmd()
  local path, source, info = M.find_server()
  if path == nil then
    return nil, source, info
  end
  if source == 'option' then
    return vim.deepcopy(M.config.cmd), source, info
  end
  return { path, 'lsp' }, source, info
end

-- The server setup() chose: { cmd, source, info, said } (cmd nil: none).
M.server = nil

local function resolve_server()
  local cmd, source, info = M.server_cmd()
  M.server = { cmd = cmd, source = source, info = info, said = false }
  return M.server
end

-- What to do when find_server() found no binary (its source and info).
local function no_server_message(source, info)
  if source == 'option' then
    return t('server_cmd_not_found', { prog = info.cmd })
  elseif info.not_executable then
    return t('server_not_executable', { path = info.not_executable })
  end
  return t('server_not_found', { tried = i18n.list(info.tried), exe = exe_name(), bin = M.plugin_dir() .. '/bin/' })
end

-- Without a binary: says once (per setup()) what to do.
local function say_no_server()
  local s = M.server
  if s == nil or s.said then
    return
  end
  s.said = true
  notify(no_server_message(s.source, s.info), vim.log.levels.WARN)
end

-- Language server -------------------------------------------------------------

-- The settings sent to the server: the user's `settings`, nested under
-- "hyoka", plus `language` when the option `language` is set (a `language`
-- the user put into `settings` is kept). Without the option, the language
-- the plugin detected (v:lang, $LC_ALL, $LC_MESSAGES, $LANG) reaches the
-- server as the initialize request's `locale` (below), which the server
-- uses when neither its settings nor hyoka.toml name a language: settings
-- are only sent when there are some, since the server then ignores
-- hyoka.toml.
local function lsp_settings()
  local s = vim.deepcopy(M.config.settings or {})
  local lang = i18n.normalize(M.config.language)
  if next(s) == nil and lang == nil then
    return {}
  end
  -- The server asks for the section "hyoka" (workspace/configuration) and
  -- also accepts the settings nested under "hyoka" in didChangeConfiguration.
  if s.hyoka == nil then
    s = { hyoka = s }
  end
  if lang and type(s.hyoka) == 'table' and s.hyoka.language == nil then
    s.hyoka.language = lang
  end
  return s
end

M.lsp_settings = lsp_settings

-- Neovim's client sends no `locale` in the initialize request: the plugin's
-- language goes there ('ja' or 'en'; a `language` given in `settings` when
-- there is one), the LSP way for a server to know the user's language.
local function before_init(params)
  if params.locale == nil then
    local s = lsp_settings()
    local given = type(s.hyoka) == 'table' and i18n.normalize(s.hyoka.language)
    params.locale = given or M.language()
  end
end

-- The client capabilities sent to the server. Neovim 0.11 announces pull
-- diagnostics (textDocument/diagnostic) and pulls them, but `hyoka lsp` also
-- pushes textDocument/publishDiagnostics, and Neovim then shows every
-- diagnostic twice. Unless the user asks for pull (pull_diagnostics = true),
-- the capability is sent as null (Neovim merges the capabilities given with
-- its defaults, so leaving the key out is not enough) and the server only
-- pushes.
local function capabilities()
  local caps = M.config.capabilities
  if caps == nil then
    caps = vim.lsp.protocol.make_client_capabilities()
  end
  if not M.config.pull_diagnostics and caps.textDocument and caps.textDocument.diagnostic ~= nil then
    caps = vim.deepcopy(caps)
    caps.textDocument.diagnostic = vim.NIL
  end
  return caps
end

-- Settings reach the server as the answer to workspace/configuration (0.8+
-- announce it and answer from `settings`) or, on 0.7, which does not, by a
-- didChangeConfiguration sent from on_init. They are deliberately not also
-- sent as initializationOptions: `hyoka lsp` 0.1.0 then analyses a document
-- opened during `initialized` with the default settings and never again
-- (the later didChangeConfiguration carries the same settings: no change).

local function client_config(root, cmd)
  return {
    name = 'hyoka',
    cmd = cmd,
    root_dir = root,
    settings = lsp_settings(),
    capabilities = capabilities(),
    on_attach = M.config.on_attach,
    before_init = before_init,
    on_init = function(client)
      if not vim.lsp.start and next(client.config.settings or {}) ~= nil then
        client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
      end
    end,
  }
end

-- Neovim 0.7: one client per root, started with start_client.
local legacy_clients = {}

local function attach_legacy(bufnr, cmd)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = root_for(fname)
  local id = legacy_clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.get_client_by_id(id).is_stopped() then
    local cfg = client_config(root, cmd)
    cfg.root_dir = root
    id = vim.lsp.start_client(cfg)
    if id == nil then
      notify(t('lsp_start_failed', { cmd = table.concat(cmd, ' ') }), vim.log.levels.ERROR)
      return
    end
    legacy_clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Starts (or reuses) the server for `bufnr` on Neovim < 0.11. Without a
--- server binary, says once what to do.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if M.config.cmd == false or vim.api.nvim_buf_get_option(bufnr, 'buftype') ~= '' then
    return
  end
  local cmd = (M.server or resolve_server()).cmd
  if cmd == nil then
    say_no_server()
    return
  end
  if vim.lsp.start then
    local cfg = client_config(root_for(vim.api.nvim_buf_get_name(bufnr)), cmd)
    vim.lsp.start(cfg, { bufnr = bufnr })
  else
    attach_legacy(bufnr, cmd)
  end
end

--- Which way this Neovim starts the server: 'config' (0.11+), 'start'
--- (0.8–0.10) or 'start_client' (0.7).
function M.lsp_method()
  if vim.lsp.config and vim.lsp.enable then
    return 'config'
  elseif vim.lsp.start then
    return 'start'
  end
  return 'start_client'
end

local function setup_lsp(group)
  M.server = nil
  if M.config.cmd == false then
    return
  end
  -- The binary is looked for once, here: after unpacking one, restart Neovim.
  local cmd = resolve_server().cmd
  if cmd == nil then
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = 'hyoka',
      callback = function()
        say_no_server()
      end,
    })
    return
  end
  if M.lsp_method() == 'config' then
    vim.lsp.config('hyoka', {
      cmd = cmd,
      filetypes = { 'hyoka' },
      root_markers = M.config.root_markers,
      root_dir = function(bufnr, on_dir)
        on_dir(root_for(vim.api.nvim_buf_get_name(bufnr)))
      end,
      settings = lsp_settings(),
      capabilities = capabilities(),
      on_attach = M.config.on_attach,
      before_init = before_init,
    })
    vim.lsp.enable('hyoka')
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'hyoka',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
end

-- Tree-sitter -------------------------------------------------------------------

local function words(s)
  local out = {}
  for w in s:gmatch('%S+') do
    table.insert(out, w)
  end
  return out
end

--- The C compiler to build the parser with, as an argv list: $CC if it is set
--- and found, else the first of cc, gcc, clang on PATH. Returns nil and the
--- list of what was tried when there is none.
function M.find_compiler()
  local tried = {}
  local env = vim.env.CC
  if env ~= nil and env ~= '' then
    local argv = words(env)
    if argv[1] and vim.fn.executable(argv[1]) == 1 then
      return argv
    end
    table.insert(tried, '$CC (' .. env .. ')')
  end
  for _, name in ipairs({ 'cc', 'gcc', 'clang' }) do
    if vim.fn.executable(name) == 1 then
      return { name }
    end
    table.insert(tried, name)
  end
  return nil, tried
end

-- The compiler command for build_parser(): returns cmd, tmp, out or nil, err.
local function build_command(opts)
  opts = opts or {}
  local grammar = opts.grammar_dir or M.grammar_dir()
  local out = opts.output or M.parser_path()
  local cc
  if opts.cc then
    cc = type(opts.cc) == 'table' and opts.cc or words(opts.cc)
  else
    local tried
    cc, tried = M.find_compiler()
    if cc == nil then
      return nil, t('no_compiler', { tried = i18n.list(tried) })
    end
  end
  if not exists(grammar .. '/src/parser.c') then
    return nil, t('no_parser_c', { dir = grammar .. '/src' })
  end
  vim.fn.mkdir(dirname(out), 'p')
  local cmd = vim.list_extend(vim.deepcopy(cc), { '-shared', '-fPIC', '-O2', '-I', grammar .. '/src', grammar .. '/src/parser.c' })
  if exists(grammar .. '/src/scanner.c') then
    table.insert(cmd, grammar .. '/src/scanner.c')
  end
  -- Build next to the target and rename, so a running Neovim that has the old
  -- .so mapped does not crash. A hidden name, which the runtimepath search
  -- for parser/hyoka.* does not find half-written.
  local tmp = dirname(out) .. '/.' .. out:match('[^/]*$') .. '.tmp' .. uv.getpid()
  vim.list_extend(cmd, { '-o', tmp })
  return cmd, tmp, out
end

--- Compiles grammar/src/parser.c into parser/hyoka.so, synchronously.
--- Returns true and the path on success, or false and the error. opts:
--- grammar_dir, output, cc (a command, default: find_compiler()).
function M.build_parser(opts)
  local cmd, tmp, out = build_command(opts)
  if cmd == nil then
    return false, tmp
  end
  local output = vim.fn.system(cmd)
  if vim.v.shell_error ~= 0 then
    os.remove(tmp)
    return false, table.concat(cmd, ' ') .. '\n' .. output
  end
  local ok, err = os.rename(tmp, out)
  if not ok then
    return false, err
  end
  return true, out
end

--- The same in the background: returns at once (true, or false and the
--- error if the compiler could not be started) and calls on_done(ok, res)
--- when the compiler has finished.
function M.build_parser_async(opts, on_done)
  local cmd, tmp, out = build_command(opts)
  if cmd == nil then
    return false, tmp
  end
  local output = {}
  local function collect(_, data)
    for _, l in ipairs(data or {}) do
      if l ~= '' then
        table.insert(output, l)
      end
    end
  end
  local ok, job = pcall(vim.fn.jobstart, cmd, {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = collect,
    on_stderr = collect,
    on_exit = function(_, code)
      local done, res = false, nil
      if code ~= 0 then
        os.remove(tmp)
        res = table.concat(cmd, ' ') .. '\n' .. table.concat(output, '\n')
      else
        local renamed, err = os.rename(tmp, out)
        done, res = renamed == true, renamed and out or err
      end
      if on_done then
        on_done(done, res)
      end
    end,
  })
  if not ok or job == nil or job <= 0 then
    if ok then
      return false, t('job_start_failed', { cmd = cmd[1] })
    end
    return false, t('job_start_failed_detail', { cmd = cmd[1], err = tostring(job) })
  end
  return true
end

local function has_language()
  if vim._ts_has_language then
    return vim._ts_has_language('hyoka')
  end
  local lang = vim.treesitter.language
  local inspect = (lang and lang.inspect) or vim.treesitter.inspect_language
  return inspect ~= nil and pcall(inspect, 'hyoka')
end

--- Registers the parser with Neovim under the language name "hyoka".
--- Returns true if the parser could be loaded, else false and why.
function M.register_parser()
  local path = M.parser_path()
  local ts = vim.treesitter
  if ts.language and ts.language.add then
    -- 0.9+; returns nothing (0.9, 0.10) or true / nil and an error (0.11),
    -- or raises (0.9, 0.10): ask whether the language is there afterwards.
    local ok, res, err = pcall(ts.language.add, 'hyoka', exists(path) and { path = path } or nil)
    if ok and has_language() then
      if ts.language.register then
        ts.language.register('hyoka', 'hyoka')
      end
      return true
    end
    return false, ok and (err or t('ts_no_parser')) or res
  elseif ts.require_language then
    -- 0.7 / 0.8
    local ok, res, err = pcall(ts.require_language, 'hyoka', exists(path) and path or nil, true)
    if ok and res ~= false and has_language() then
      return true
    end
    return false, ok and (err or t('ts_no_parser')) or res
  end
  return false, t('ts_no_api')
end

--- Where a parser for hyoka is: plugin/parser/hyoka.so, or another
--- parser/hyoka.* on the runtimepath (nvim-treesitter's), or nil.
function M.find_parser()
  if exists(M.parser_path()) then
    return M.parser_path()
  end
  return vim.api.nvim_get_runtime_file('parser/hyoka.*', false)[1]
end

-- The parser's state in this session, for the first-use build and health.
M.parser_state = { building = false, error = nil, warned = false, built = nil }

local function hyoka_buffers()
  local out = {}
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.api.nvim_buf_get_option(buf, 'filetype') == 'hyoka' then
      table.insert(out, buf)
    end
  end
  return out
end

-- How to get a parser when there is none and no compiler: one line.
local function no_compiler_message(tried)
  return t('parser_no_compiler', { tried = i18n.list(tried) })
end

--- Called on first use of a hyoka buffer when the parser does not load:
--- if there is none, builds it in the background when a C compiler is found,
--- then starts highlighting in every hyoka buffer; else (no compiler, or a
--- parser that does not load) says once what to do.
function M.ensure_parser(load_error)
  local st = M.parser_state
  if st.building or st.error or st.warned or not M.config.auto_build_parser then
    return
  end
  local found = M.find_parser()
  if found then
    -- There is one, and it does not load: not rebuilt behind the user's back.
    st.warned = true
    notify(t('parser_does_not_load', { path = found, err = tostring(load_error) }), vim.log.levels.WARN)
    return
  end
  local cc, tried = M.find_compiler()
  if cc == nil then
    st.warned = true
    notify(no_compiler_message(tried), vim.log.levels.WARN)
    return
  end
  if not exists(M.grammar_dir() .. '/src/parser.c') then
    st.warned = true
    notify(t('parser_no_grammar', { path = M.grammar_dir() .. '/src/parser.c' }), vim.log.levels.WARN)
    return
  end
  st.building = true
  local started, err = M.build_parser_async({ cc = cc }, function(ok, res)
    vim.schedule(function()
      st.building = false
      if not ok then
        st.error = res
        notify(t('parser_build_failed', { err = tostring(res) }), vim.log.levels.ERROR)
        return
      end
      st.built = res
      notify(t('parser_built', { path = res }))
      if M.config.treesitter then
        for _, buf in ipairs(hyoka_buffers()) do
          M.start_highlight(buf)
        end
      end
    end)
  end)
  if not started then
    st.building = false
    st.error = err
    notify(t('parser_build_failed', { err = tostring(err) }), vim.log.levels.ERROR)
  end
end

--- Starts tree-sitter highlighting in `bufnr`. When the parser is missing,
--- builds it first (see ensure_parser) and returns false.
function M.start_highlight(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local loaded, err = M.register_parser()
  if not loaded then
    M.ensure_parser(err)
    return false
  end
  if vim.treesitter.start then
    local ok = pcall(vim.treesitter.start, bufnr, 'hyoka')
    if not ok then
      return false
    end
  else
    -- Neovim 0.7
    local ok, parser = pcall(vim.treesitter.get_parser, bufnr, 'hyoka')
    if not ok then
      return false
    end
    local hl = require('vim.treesitter.highlighter')
    if not hl.active[bufnr] then
      hl.new(parser)
    end
  end
  return true
end

-- Folds --------------------------------------------------------------------------
--
-- Sections nest by the number of `#`, as in Markdown and as the outline and
-- the server's folding ranges (src/features/folding.rs) nest them: a section
-- runs from its heading to the last non-blank line before the next heading
-- with as many `#` or fewer. Inside them, tables (rows and the comments
-- between and after them), runs of three prose lines or more and runs of
-- two comments or more fold too. The grammar keeps sections flat, so this is
-- computed from the lines, classified by their first character as the
-- grammar does; it needs neither the parser nor the server.

local IDEOGRAPHIC_SPACE, BOM = '\227\128\128', '\239\187\191'
local FW = { hash = '\239\188\131', at = '\239\188\160', bar = '\239\189\156', slash2 = '\239\188\143\239\188\143' }

-- The kind of a line ('blank', 'heading', 'attribute', 'row', 'comment',
-- 'prose') and, for a heading, its level (the number of # or ＃).
local function line_kind(line)
  local i, n = 1, #line
  while i <= n do
    local c = line:byte(i)
    if c == 32 or c == 9 or c == 13 then
      i = i + 1
    elseif line:sub(i, i + 2) == IDEOGRAPHIC_SPACE or line:sub(i, i + 2) == BOM then
      i = i + 3
    else
      break
    end
  end
  if i > n then
    return 'blank'
  end
  local c = line:sub(i, i)
  if c == '#' or line:sub(i, i + 2) == FW.hash then
    local level = 0
    while true do
      if line:sub(i, i) == '#' then
        i = i + 1
      elseif line:sub(i, i + 2) == FW.hash then
        i = i + 3
      else
        break
      end
      level = level + 1
    end
    return 'heading', level
  elseif c == '@' or line:sub(i, i + 2) == FW.at then
    return 'attribute'
  elseif c == '|' or line:sub(i, i + 2) == FW.bar then
    return 'row'
  elseif line:sub(i, i + 1) == '//' or line:sub(i, i + 5) == FW.slash2 then
    return 'comment'
  end
  return 'prose'
end

M.line_kind = line_kind

--- The fold ranges of a list of lines: { {first, last}, … }, 0-based and
--- inclusive, sorted by start (outer first), each of two lines or more;
--- the same ranges as the server's textDocument/foldingRange.
function M.fold_ranges(lines)
  local n = #lines
  local kinds, levels = {}, {}
  for i = 1, n do
    kinds[i], levels[i] = line_kind(lines[i])
  end
  local ranges = {}
  local function add(first, last)
    if last > first then
      table.insert(ranges, { first - 1, last - 1 })
    end
  end
  -- Sections: to the last non-blank line before the next heading of the
  -- same or a higher level.
  local open = {} -- stack of { line, level } of the headings still open
  local last_text = 0 -- the last non-blank line seen
  local function close(level)
    while #open > 0 and open[#open].level >= level do
      local h = table.remove(open)
      add(h.line, math.max(h.line, last_text))
    end
  end
  for i = 1, n do
    if kinds[i] == 'heading' then
      close(levels[i])
      table.insert(open, { line = i, level = levels[i] })
    end
    if kinds[i] ~= 'blank' then
      last_text = i
    end
  end
  close(0)
  -- Tables: a row, then rows and comments.
  local i = 1
  while i <= n do
    if kinds[i] == 'row' then
      local j = i
      while j < n and (kinds[j + 1] == 'row' or kinds[j + 1] == 'comment') do
        j = j + 1
      end
      add(i, j)
      i = j + 1
    else
      i = i + 1
    end
  end
  -- Runs of prose (three lines or more) and of comments (two or more).
  i = 1
  while i <= n do
    local j = i
    while j < n and kinds[j + 1] == kinds[i] do
      j = j + 1
    end
    if (kinds[i] == 'prose' and j - i + 1 >= 3) or (kinds[i] == 'comment' and j > i) then
      add(i, j)
    end
    i = j + 1
  end
  table.sort(ranges, function(a, b)
    if a[1] ~= b[1] then
      return a[1] < b[1]
    end
    return a[2] > b[2]
  end)
  local out = {}
  for _, r in ipairs(ranges) do
    local prev = out[#out]
    if not (prev and prev[1] == r[1] and prev[2] == r[2]) then
      table.insert(out, r)
    end
  end
  return out
end

--- The 'foldexpr' values of a list of lines: '>N' where a fold of level N
--- starts, else the line's level.
function M.fold_levels(lines)
  local depth, starts = {}, {}
  for i = 1, #lines + 1 do
    depth[i] = 0
  end
  for _, r in ipairs(M.fold_ranges(lines)) do
    depth[r[1] + 1] = depth[r[1] + 1] + 1
    depth[r[2] + 2] = depth[r[2] + 2] - 1
    starts[r[1] + 1] = true
  end
  local out, d = {}, 0
  for i = 1, #lines do
    d = d + depth[i]
    out[i] = (starts[i] and '>' or '') .. d
  end
  return out
end

local fold_cache = {}

--- 'foldexpr' for hyoka buffers:
---   setlocal foldmethod=expr foldexpr=v:lua.require'hyoka'.foldexpr()
--- The levels of the whole buffer are computed once per change.
function M.foldexpr(lnum)
  lnum = lnum or vim.v.lnum
  local buf = vim.api.nvim_get_current_buf()
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  local c = fold_cache[buf]
  if c == nil or c.tick ~= tick then
    c = { tick = tick, levels = M.fold_levels(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) }
    fold_cache[buf] = c
  end
  return c.levels[lnum] or '0'
end

M.FOLDEXPR = "v:lua.require'hyoka'.foldexpr()"

--- Folds by section in every window that shows `bufnr`.
function M.set_folds(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  for _, win in ipairs(vim.fn.win_findbuf(bufnr)) do
    if vim.api.nvim_win_get_option(win, 'foldexpr') ~= M.FOLDEXPR then
      vim.api.nvim_win_call(win, function()
        vim.cmd('setlocal foldmethod=expr foldexpr=' .. M.FOLDEXPR)
      end)
    end
  end
end

-- Preview -------------------------------------------------------------------------
--
-- :HyokaPreview asks the language server for `hyoka/preview` and opens the
-- address it answers in the browser: a read-only page served by the server
-- itself (127.0.0.1 only, a random port, an unguessable token in the path),
-- in the layout of the official form, with the findings marked, as the
-- server knows the buffer now; the page polls the server and reloads when
-- the text or the findings change. It stops with the server.

--- The hyoka client attached to `bufnr`, or nil.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'hyoka' })[1]
  end
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'hyoka' then
      return c
    end
  end
end

-- client:request (0.11+, where client.request is deprecated) or
-- client.request (0.7 – 0.10).
local function client_request(client, method, params, handler, bufnr)
  if has('nvim-0.11') then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- How the address is opened when the option preview.open is not set, as a
--- command (the address appended) or nil when there is none on this system.
function M.default_opener()
  if has('mac') then
    return { 'open' }
  elseif has('win32') then
    return { 'cmd', '/c', 'start', '' }
  end
  for _, name in ipairs({ 'xdg-open', 'wslview' }) do
    if vim.fn.executable(name) == 1 then
      return { name }
    end
  end
  return nil
end

--- Opens `url` with the option preview.open, else vim.ui.open (0.10+), else
--- xdg-open / open / cmd /c start. Returns true, or false and why not.
function M.open_url(url)
  local opener = (M.config.preview or {}).open
  if type(opener) == 'function' then
    local ok, err = pcall(opener, url)
    if not ok then
      return false, tostring(err)
    end
    return true
  end
  local cmd
  if type(opener) == 'string' and opener ~= '' then
    cmd = words(opener)
  elseif type(opener) == 'table' and #opener > 0 then
    cmd = vim.deepcopy(opener)
  elseif vim.ui and vim.ui.open then
    local ok, res, err = pcall(vim.ui.open, url)
    if not ok then
      return false, tostring(res)
    elseif res == nil and err ~= nil then
      return false, tostring(err)
    end
    return true
  else
    cmd = M.default_opener()
    if cmd == nil then
      return false, t('preview_no_opener', { tried = i18n.list({ 'xdg-open', 'wslview' }) })
    end
  end
  if vim.fn.executable(cmd[1]) ~= 1 then
    return false, t('job_start_failed', { cmd = cmd[1] })
  end
  table.insert(cmd, url)
  local ok, job = pcall(vim.fn.jobstart, cmd, { detach = true })
  if not ok then
    return false, t('job_start_failed_detail', { cmd = cmd[1], err = tostring(job) })
  elseif job == nil or job <= 0 then
    return false, t('job_start_failed', { cmd = cmd[1] })
  end
  return true
end

--- :HyokaPreview: asks the server attached to `bufnr` for the address of
--- the buffer's live page, opens it (see open_url) and says where it is.
--- on_done(url) or on_done(nil, err) is called once it is done (for tests
--- and for mappings that want the address); the messages are shown anyway.
function M.preview(bufnr, on_done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local function fail(msg)
    notify(msg, vim.log.levels.ERROR)
    if on_done then
      on_done(nil, msg)
    end
  end
  local client = M.client(bufnr)
  if client == nil then
    return fail(t('preview_no_client'))
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  local handler = function(err, result)
    vim.schedule(function()
      if err ~= nil and err ~= vim.NIL then
        if type(err) == 'table' and err.code == -32601 then
          return fail(t('preview_unsupported', { cmd = table.concat(client.config.cmd or {}, ' ') }))
        end
        return fail(t('preview_failed', { err = type(err) == 'table' and tostring(err.message) or tostring(err) }))
      end
      local url = type(result) == 'table' and result.url
      if type(url) ~= 'string' or url == '' then
        return fail(t('preview_no_url'))
      end
      local opened, why = M.open_url(url)
      if opened then
        notify(t('preview_opened', { url = url }))
      else
        notify(t('preview_open_failed', { url = url, err = tostring(why) }), vim.log.levels.WARN)
      end
      if on_done then
        on_done(url)
      end
    end)
  end
  local ok, sent = pcall(client_request, client, 'hyoka/preview', params, handler, bufnr)
  if not ok or not sent then
    return fail(t('preview_failed', { err = ok and t('preview_server_stopped') or tostring(sent) }))
  end
end

-- Import ----------------------------------------------------------------------------
--
-- :HyokaImport {file} [{dir}] runs `hyoka import` (the binary the language
-- server is started from) on a published report — a PDF, read with
-- pdftotext, or the text extracted from it — and opens the .hyoka files it
-- wrote, one per document: the 政策評価書 in the current window, the others
-- loaded as listed buffers (their diagnostics arrive too). {dir} defaults to
-- a folder beside the report, named after it (report.pdf → report/). Files
-- that exist are not overwritten: :HyokaImport! does. The CLI answers in
-- JSON (--format json) and in the plugin's language (--lang).

--- The folder an import writes to by default: beside `input`, named after it.
function M.default_import_dir(input)
  local root = vim.fn.fnamemodify(input, ':r')
  if root == input then
    return input .. '-hyoka' -- no extension: the folder would be the file
  end
  return root
end

-- The files of a successful import in the order they are opened: the
-- 政策評価書 first (the document the others support), then as written.
local function opening_order(written)
  local out = {}
  for _, w in ipairs(written) do
    if w.kind == 'evaluation' and #out == 0 then
      table.insert(out, w)
    end
  end
  for _, w in ipairs(written) do
    if w ~= out[1] then
      table.insert(out, w)
    end
  end
  return out
end

-- What `hyoka import --format json` answered: the decoded object, or nil
-- and what stderr said (a hyoka without --format json, a crash).
local function decode_import(stdout, stderr, code)
  local ok, v = pcall(vim.fn.json_decode, stdout)
  if ok and type(v) == 'table' and type(v.written) == 'table' then
    return v
  end
  local said = vim.trim((stderr or ''):gsub('hyoka: ', ''))
  return nil, said ~= '' and said or ('exit status ' .. tostring(code))
end

-- Shows a file in the current window (a split when the current buffer has
-- changes it cannot leave), or loads it as a listed buffer. A buffer that
-- had the file already is read again (an import with !).
local function open_file(path, show)
  if show then
    local cur = vim.api.nvim_get_current_buf()
    local cmd = (vim.api.nvim_buf_get_option(cur, 'modified') and not vim.o.hidden) and 'split ' or 'edit '
    vim.cmd('silent ' .. cmd .. vim.fn.fnameescape(path))
    return vim.api.nvim_get_current_buf()
  end
  local buf = vim.fn.bufadd(path)
  vim.api.nvim_buf_set_option(buf, 'buflisted', true)
  if vim.api.nvim_buf_is_loaded(buf) then
    vim.cmd('silent! checktime ' .. buf)
  else
    vim.fn.bufload(buf)
  end
  -- bufload() reads the file without detecting its filetype, whose
  -- autocommands start the server: a .hyoka file is hyoka.
  if vim.api.nvim_buf_get_option(buf, 'filetype') == '' then
    vim.api.nvim_buf_set_option(buf, 'filetype', 'hyoka')
  end
  return buf
end

--- :HyokaImport: imports `input` into `dir` (default: default_import_dir),
--- overwriting files only when `force`, then opens what was written. Says
--- what happened with vim.notify; on_done(buffers) or on_done(nil, err)
--- once done (for tests and mappings).
function M.import(input, dir, force, on_done)
  local function fail(msg, level)
    notify(msg, level or vim.log.levels.ERROR)
    if on_done then
      on_done(nil, msg)
    end
  end
  if input == nil or input == '' then
    return fail(t('import_no_input'))
  end
  -- ~ and $VAR as on the command line; nothing else is expanded (no wildcards).
  local function full(p)
    if p:match('^[~$]') then
      p = vim.fn.expand(p)
    end
    return (vim.fn.fnamemodify(p, ':p'):gsub('(.)/$', '%1'))
  end
  input = full(input)
  dir = (dir ~= nil and dir ~= '') and full(dir) or M.default_import_dir(input)
  local bin, source, info = M.find_server()
  if bin == nil then
    return fail(no_server_message(source, info))
  end
  local lang = M.language()
  local argv = { bin, 'import', input, '-o', dir, '--format', 'json', '--lang', lang }
  if force then
    table.insert(argv, '--force')
  end
  local name = vim.fn.fnamemodify(input, ':t')
  local out, err = {}, {}
  local ok, job = pcall(vim.fn.jobstart, argv, {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data)
      out = data or {}
    end,
    on_stderr = function(_, data)
      err = data or {}
    end,
    on_exit = function(_, code)
      vim.schedule(function()
        local answer, said = decode_import(table.concat(out, '\n'), table.concat(err, '\n'), code)
        if answer == nil then
          return fail(t('import_failed', { input = name, err = said }))
        end
        local e = answer.error
        if type(e) == 'table' then
          if e.code == 'exists' then
            local files = {}
            for _, p in ipairs(type(e.paths) == 'table' and e.paths or {}) do
              table.insert(files, vim.fn.fnamemodify(p, ':t'))
            end
            return fail(t('import_exists', { dir = dir, files = i18n.list(files) }), vim.log.levels.WARN)
          end
          return fail(t('import_failed', { input = name, err = tostring(e.message) }))
        end
        local bufs, names, guesses = {}, {}, 0
        for i, w in ipairs(opening_order(answer.written)) do
          local opened, buf = pcall(open_file, w.path, i == 1)
          if opened then
            table.insert(bufs, buf)
          end
          table.insert(names, vim.fn.fnamemodify(w.path, ':t'))
          guesses = guesses + (tonumber(w.guesses) or 0)
        end
        local args = { count = #answer.written, input = name, dir = dir, files = i18n.list(names), guesses = guesses }
        notify(t(guesses > 0 and 'import_done_guesses' or 'import_done', args))
        if on_done then
          on_done(bufs)
        end
      end)
    end,
  })
  if not ok or job == nil or job <= 0 then
    return fail(t('job_start_failed', { cmd = bin }))
  end
end

-- Setup ---------------------------------------------------------------------------

--- :HyokaBuildParser, :HyokaPreview and :HyokaImport. Created by plugin/hyoka.lua and again by setup(), so
--- that it exists however the plugin was put on the runtimepath.
function M.create_commands()
  vim.api.nvim_create_user_command('HyokaBuildParser', function()
    local loaded = has_language()
    local ok, res = M.build_parser()
    if not ok then
      notify(t('parser_build_failed', { err = tostring(res) }), vim.log.levels.ERROR)
      return
    end
    M.parser_state.error, M.parser_state.warned, M.parser_state.built = nil, false, res
    notify(t(loaded and 'cmd_built_restart' or 'cmd_built', { path = res }))
    if M.config.treesitter then
      for _, buf in ipairs(hyoka_buffers()) do
        M.start_highlight(buf)
      end
    end
  end, { desc = t('cmd_build_parser_desc'), force = true })
  vim.api.nvim_create_user_command('HyokaPreview', function()
    M.preview(0)
  end, { desc = t('cmd_preview_desc'), force = true })
  vim.api.nvim_create_user_command('HyokaImport', function(opts)
    if #opts.fargs > 2 then
      notify(t('import_usage'), vim.log.levels.ERROR)
      return
    end
    M.import(opts.fargs[1], opts.fargs[2], opts.bang)
  end, { desc = t('cmd_import_desc'), nargs = '+', bang = true, complete = 'file', force = true })
end

-- *.hyoka → filetype hyoka, also when ftdetect/ was not sourced (the plugin
-- put on the runtimepath after startup, as with lazy.nvim and a subfolder).
local function register_filetype(group)
  if vim.filetype and vim.filetype.add and has('nvim-0.8') then
    vim.filetype.add({ extension = { hyoka = 'hyoka' } })
  else
    vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
      group = group,
      pattern = '*.hyoka',
      command = 'setfiletype hyoka',
    })
  end
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.config, opts or {})
  -- Lists are replaced, not merged.
  if opts and opts.cmd ~= nil then
    M.config.cmd = opts.cmd
  end
  if opts and opts.root_markers then
    M.config.root_markers = opts.root_markers
  end
  if opts and type(opts.preview) == 'table' and type(opts.preview.open) == 'table' then
    M.config.preview.open = opts.preview.open
  end
  if M.config.language ~= nil and i18n.normalize(M.config.language) == nil then
    local bad = M.config.language
    M.config.language = nil
    notify(t('bad_language', { value = vim.inspect(bad), lang = M.language() }), vim.log.levels.WARN)
  end
  local group = vim.api.nvim_create_augroup('hyoka', { clear = true })
  M.create_commands()
  register_filetype(group)
  setup_lsp(group)
  if M.config.treesitter then
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = 'hyoka',
      callback = function(args)
        M.start_highlight(args.buf)
      end,
    })
  end
  if M.config.folds then
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = 'hyoka',
      callback = function(args)
        M.set_folds(args.buf)
      end,
    })
    -- A hyoka buffer shown in another window later.
    vim.api.nvim_create_autocmd('BufWinEnter', {
      group = group,
      callback = function(args)
        if vim.api.nvim_buf_get_option(args.buf, 'filetype') == 'hyoka' then
          M.set_folds(args.buf)
        end
      end,
    })
  end
  vim.api.nvim_create_autocmd({ 'BufUnload', 'BufWipeout' }, {
    group = group,
    callback = function(args)
      fold_cache[args.buf] = nil
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.api.nvim_buf_get_option(buf, 'filetype') == '' and vim.api.nvim_buf_get_name(buf):match('%.hyoka$') then
      vim.api.nvim_buf_set_option(buf, 'filetype', 'hyoka') -- runs the FileType autocmds above
    elseif vim.api.nvim_buf_is_loaded(buf) and vim.api.nvim_buf_get_option(buf, 'filetype') == 'hyoka' then
      if M.config.cmd ~= false and (M.lsp_method() ~= 'config' or M.server.cmd == nil) then
        M.attach(buf) -- or says that there is no server
      end
      if M.config.treesitter then
        M.start_highlight(buf)
      end
      if M.config.folds then
        M.set_folds(buf)
      end
    end
  end
end

return M
