-- Hyoka for Neovim 0.7 → 0.11: the `hyoka lsp` language server and the
-- tree-sitter parser of the Hyoka markup.
--
--   require('hyoka').setup({
--     cmd = { 'hyoka', 'lsp' },      -- how to start the server
--     settings = { checks = { HY0204 = 'off' } },  -- the server's settings
--     root_dir = nil,                -- string or function(fname) -> string
--     treesitter = true,             -- register the parser, start highlighting
--     folds = false,                 -- fold by sections (Neovim 0.10+)
--   })

local M = {}

local uv = vim.uv or vim.loop

M.config = {
  cmd = { 'hyoka', 'lsp' },
  settings = {},
  root_markers = { 'hyoka.toml', '.git' },
  root_dir = nil,
  treesitter = true,
  folds = false,
  pull_diagnostics = false,
  on_attach = nil,
  capabilities = nil,
}

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

--- The folder holding this plugin (editors/neovim), found from this file.
function M.plugin_dir()
  local src = debug.getinfo(1, 'S').source:gsub('^@', '')
  return dirname(dirname(dirname(realpath(src))))
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

-- Language server -------------------------------------------------------------

local function lsp_settings()
  local s = M.config.settings
  if s == nil or next(s) == nil then
    return {}
  end
  -- The server asks for the section "hyoka" (workspace/configuration) and
  -- also accepts the settings nested under "hyoka" in didChangeConfiguration.
  if s.hyoka == nil then
    s = { hyoka = s }
  end
  return s
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

local function client_config(root)
  return {
    name = 'hyoka',
    cmd = M.config.cmd,
    root_dir = root,
    settings = lsp_settings(),
    capabilities = capabilities(),
    on_attach = M.config.on_attach,
    on_init = function(client)
      if not vim.lsp.start and next(client.config.settings or {}) ~= nil then
        client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
      end
    end,
  }
end

-- Neovim 0.7: one client per root, started with start_client.
local legacy_clients = {}

local function attach_legacy(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = root_for(fname)
  local id = legacy_clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.get_client_by_id(id).is_stopped() then
    local cfg = client_config(root)
    cfg.root_dir = root
    id = vim.lsp.start_client(cfg)
    if id == nil then
      notify('could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    legacy_clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Starts (or reuses) the server for `bufnr` on Neovim < 0.11.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.api.nvim_buf_get_option(bufnr, 'buftype') ~= '' then
    return
  end
  if vim.lsp.start then
    local cfg = client_config(root_for(vim.api.nvim_buf_get_name(bufnr)))
    vim.lsp.start(cfg, { bufnr = bufnr })
  else
    attach_legacy(bufnr)
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
  if M.config.cmd == false then
    return
  end
  if M.lsp_method() == 'config' then
    vim.lsp.config('hyoka', {
      cmd = M.config.cmd,
      filetypes = { 'hyoka' },
      root_markers = M.config.root_markers,
      root_dir = function(bufnr, on_dir)
        on_dir(root_for(vim.api.nvim_buf_get_name(bufnr)))
      end,
      settings = lsp_settings(),
      capabilities = capabilities(),
      on_attach = M.config.on_attach,
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

--- Compiles grammar/src/parser.c into parser/hyoka.so. Returns true on
--- success, or false and the compiler's message.
function M.build_parser(opts)
  opts = opts or {}
  local grammar = opts.grammar_dir or M.grammar_dir()
  local out = opts.output or M.parser_path()
  local cc = opts.cc or vim.env.CC or 'cc'
  if not exists(grammar .. '/src/parser.c') then
    return false, 'no parser.c in ' .. grammar .. '/src'
  end
  vim.fn.mkdir(dirname(out), 'p')
  local cmd = { cc, '-shared', '-fPIC', '-O2', '-I', grammar .. '/src', grammar .. '/src/parser.c' }
  if exists(grammar .. '/src/scanner.c') then
    table.insert(cmd, grammar .. '/src/scanner.c')
  end
  -- Build next to the target and rename, so a running Neovim that has the old
  -- .so mapped does not crash.
  local tmp = out .. '.tmp' .. uv.getpid()
  vim.list_extend(cmd, { '-o', tmp })
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

--- Registers the parser with Neovim under the language name "hyoka".
--- Returns true if the parser could be loaded.
function M.register_parser()
  local path = M.parser_path()
  local ts = vim.treesitter
  if ts.language and ts.language.add then
    -- 0.9+; 0.11 finds parser/hyoka.so on the runtimepath by itself.
    local ok, res = pcall(ts.language.add, 'hyoka', exists(path) and { path = path } or nil)
    if ok and res ~= false then
      if ts.language.register then
        ts.language.register('hyoka', 'hyoka')
      end
      return true
    end
    return false, res
  elseif ts.require_language then
    -- 0.7 / 0.8
    local ok, res = pcall(ts.require_language, 'hyoka', exists(path) and path or nil, true)
    return ok and res ~= false, res
  end
  return false, 'this Neovim has no tree-sitter API'
end

--- Starts tree-sitter highlighting in `bufnr`.
function M.start_highlight(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not M.register_parser() then
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
  if M.config.folds and vim.treesitter.foldexpr then
    vim.api.nvim_buf_call(bufnr, function()
      vim.wo.foldmethod = 'expr'
      vim.wo.foldexpr = 'v:lua.vim.treesitter.foldexpr()'
    end)
  end
  return true
end

-- Setup ---------------------------------------------------------------------------

--- :HyokaBuildParser. Created by plugin/hyoka.lua and again by setup(), so
--- that it exists however the plugin was put on the runtimepath.
function M.create_commands()
  vim.api.nvim_create_user_command('HyokaBuildParser', function()
    local ok, res = M.build_parser()
    if not ok then
      notify('building the parser failed: ' .. tostring(res), vim.log.levels.ERROR)
      return
    end
    notify('built ' .. res)
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.api.nvim_buf_get_option(buf, 'filetype') == 'hyoka' and M.config.treesitter then
        M.start_highlight(buf)
      end
    end
  end, { desc = 'Compile the Hyoka tree-sitter parser into parser/hyoka.so', force = true })
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
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.api.nvim_buf_get_option(buf, 'filetype') == '' and vim.api.nvim_buf_get_name(buf):match('%.hyoka$') then
      vim.api.nvim_buf_set_option(buf, 'filetype', 'hyoka') -- runs the FileType autocmds above
    elseif vim.api.nvim_buf_is_loaded(buf) and vim.api.nvim_buf_get_option(buf, 'filetype') == 'hyoka' then
      if M.config.cmd ~= false and M.lsp_method() ~= 'config' then
        M.attach(buf)
      end
      if M.config.treesitter then
        M.start_highlight(buf)
      end
    end
  end
end

return M
