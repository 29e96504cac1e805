-- :checkhealth hyoka
local M = {}

local function reporter()
  local h = vim.health
  if h and h.start then -- 0.10+
    return h.start, h.ok, h.warn, h.error, h.info
  end
  if h and h.report_start then -- 0.8, 0.9
    return h.report_start, h.report_ok, h.report_warn, h.report_error, h.report_info
  end
  h = require('health') -- 0.7
  return h.report_start, h.report_ok, h.report_warn, h.report_error, h.report_info
end

function M.check()
  local start, ok, warn, error, info = reporter()
  local hyoka = require('hyoka')

  start('hyoka: language server')
  local cmd = hyoka.config.cmd
  if cmd == false then
    info('the language server is turned off (cmd = false)')
  elseif type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    warn('cmd is not a list of strings: ' .. vim.inspect(cmd))
  elseif vim.fn.executable(cmd[1]) ~= 1 then
    error(cmd[1] .. ' not found or not executable', {
      'Install it (cargo install --path . in the hyoka repository) or give its path:',
      "require('hyoka').setup({ cmd = { '/path/to/hyoka', 'lsp' } })",
    })
  else
    local out = vim.fn.system({ cmd[1], '--version' })
    if vim.v.shell_error == 0 then
      ok(('%s: %s'):format(vim.fn.exepath(cmd[1]), vim.trim(out)))
    else
      warn(cmd[1] .. ' --version failed: ' .. vim.trim(out))
    end
  end
  if cmd ~= false then
    info('started with: ' .. hyoka.lsp_method() .. ' (vim.lsp)')
    local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ name = 'hyoka' })
    for _, c in ipairs(clients) do
      if c.name == 'hyoka' then
        local v = c.server_info and c.server_info.version or '?'
        info(('running: client %d, root %s, server version %s'):format(c.id, tostring(c.config.root_dir), v))
      end
    end
  end

  start('hyoka: tree-sitter parser')
  local st = hyoka.parser_state
  local cc, tried = hyoka.find_compiler()
  local path = hyoka.find_parser()
  local loaded, err = false, nil
  if path then
    ok('parser: ' .. path)
    local src = hyoka.grammar_dir() .. '/src/parser.c'
    local so_st, src_st = vim.loop.fs_stat(path), vim.loop.fs_stat(src)
    if path == hyoka.parser_path() and so_st and src_st and src_st.mtime.sec > so_st.mtime.sec then
      warn('the parser is older than ' .. src, { 'Rebuild it with :HyokaBuildParser, then restart Neovim' })
    end
    loaded, err = hyoka.register_parser()
    if loaded then
      ok('the parser loads')
    else
      error('the parser does not load: ' .. tostring(err), { 'Rebuild it with :HyokaBuildParser' })
    end
  elseif st.building then
    info('the parser is being built (first use of a hyoka buffer) into ' .. hyoka.parser_path())
  elseif st.error then
    error('building the parser failed: ' .. tostring(st.error), { 'Run :HyokaBuildParser to see the compiler\'s message again' })
  elseif cc then
    info(('no parser yet: it is built into %s on first use of a hyoka buffer%s, or now with :HyokaBuildParser')
      :format(hyoka.parser_path(), hyoka.config.auto_build_parser and '' or ' (off: auto_build_parser = false)'))
  else
    warn('no parser, and no C compiler to build it (tried ' .. table.concat(tried, ', ') .. ')', {
      'Install a C compiler (apt install gcc, or set $CC), then run :HyokaBuildParser',
      'or install the parser with nvim-treesitter (see the README)',
    })
  end
  if cc then
    ok('C compiler: ' .. table.concat(cc, ' ') .. ' (' .. vim.fn.exepath(cc[1]) .. ')')
  elseif path then
    info('no C compiler (tried ' .. table.concat(tried, ', ') .. '): :HyokaBuildParser cannot rebuild the parser')
  end
  for _, name in ipairs({ 'highlights', 'folds' }) do
    local files = vim.api.nvim_get_runtime_file('queries/hyoka/' .. name .. '.scm', true)
    if #files == 0 then
      warn('no queries/hyoka/' .. name .. '.scm on the runtimepath')
    else
      local good, qerr = true, nil
      if loaded then
        local q = require('vim.treesitter.query')
        good, qerr = pcall(q.get or q.get_query, 'hyoka', name)
      end
      if good then
        ok(name .. ' query: ' .. files[1])
      else
        error(name .. ' query does not parse: ' .. tostring(qerr))
      end
    end
  end

  start('hyoka: folds')
  if hyoka.config.folds then
    ok('nested folds by section in hyoka buffers: foldexpr=' .. hyoka.FOLDEXPR)
  else
    info('off; setup({ folds = true }) folds sections nested by their number of #')
  end
end

return M
