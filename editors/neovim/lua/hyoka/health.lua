-- :checkhealth hyoka, in the language of the plugin's messages (hyoka.i18n).
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
  local i18n = require('hyoka.i18n')
  local t, list = i18n.t, i18n.list

  start(t('h_language_section'))
  local lang, source = hyoka.language()
  local name = t('lang_name_' .. lang)
  if source == 'option' then
    ok(t('h_language_option', { name = name, lang = lang }))
  elseif source then
    ok(t('h_language_detected', { name = name, lang = lang, source = source }))
  else
    ok(t('h_language_default', { name = name, lang = lang }))
  end

  start(t('h_server_section'))
  local cmd = hyoka.config.cmd
  if cmd == false then
    info(t('h_server_off'))
  elseif cmd ~= nil and (type(cmd) ~= 'table' or type(cmd[1]) ~= 'string') then
    warn(t('h_cmd_not_list', { value = vim.inspect(cmd) }))
  else
    -- Which binary, and why: the option cmd, beside the plugin (bin/), PATH
    -- or cargo's folder (hyoka.find_server()).
    local path, source, found = hyoka.find_server()
    if found.not_executable then
      warn(t('h_bin_not_executable', { path = found.not_executable }), { t('h_bin_chmod', { path = found.not_executable }) })
    end
    if path == nil and source == 'option' then
      error(t('h_cmd_not_found', { cmd = found.cmd }), { t('h_cmd_fix') })
    elseif path == nil then
      error(t('h_server_not_found', { tried = list(found.tried) }), {
        t('h_server_download', { exe = hyoka.plugin_bin():match('[^/]*$'), bin = hyoka.plugin_dir() .. '/bin/' }),
        t('h_cmd_install'),
        t('h_cmd_example'),
      })
    else
      if source == 'option' then
        ok(t('h_server_option', { path = path }))
      elseif source == 'plugin' then
        ok(t('h_server_plugin', { path = path }))
      elseif source == 'path' then
        ok(t('h_server_path', { path = path }))
      else
        ok(t('h_server_cargo', { path = path }))
      end
      local out = vim.fn.system({ path, '--version' })
      if vim.v.shell_error == 0 then
        ok(t('h_cmd_version', { path = path, version = vim.trim(out) }))
      else
        warn(t('h_cmd_version_failed', { cmd = path, out = vim.trim(out) }))
      end
    end
    info(t('h_server_order', { bin = hyoka.plugin_bin(), cargo = hyoka.cargo_bin() }))
  end
  if cmd ~= false then
    info(t('h_started_with', { method = hyoka.lsp_method() }))
    local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ name = 'hyoka' })
    for _, c in ipairs(clients) do
      if c.name == 'hyoka' then
        local v = c.server_info and c.server_info.version or '?'
        info(t('h_running', { id = c.id, root = tostring(c.config.root_dir), version = v }))
      end
    end
  end

  start(t('h_parser_section'))
  local st = hyoka.parser_state
  local cc, tried = hyoka.find_compiler()
  local path = hyoka.find_parser()
  local loaded, err = false, nil
  if path then
    ok(t('h_parser_path', { path = path }))
    local src = hyoka.grammar_dir() .. '/src/parser.c'
    local so_st, src_st = vim.loop.fs_stat(path), vim.loop.fs_stat(src)
    if path == hyoka.parser_path() and so_st and src_st and src_st.mtime.sec > so_st.mtime.sec then
      warn(t('h_parser_older', { src = src }), { t('h_parser_older_advice') })
    end
    loaded, err = hyoka.register_parser()
    if loaded then
      ok(t('h_parser_loads'))
    else
      error(t('h_parser_not_loading', { err = tostring(err) }), { t('h_parser_rebuild') })
    end
  elseif st.building then
    info(t('h_parser_building', { path = hyoka.parser_path() }))
  elseif st.error then
    error(t('h_parser_build_failed', { err = tostring(st.error) }), { t('h_parser_build_failed_advice') })
  elseif cc then
    info(t('h_parser_none_yet', {
      path = hyoka.parser_path(),
      off = hyoka.config.auto_build_parser and '' or t('h_parser_auto_off'),
    }))
  else
    warn(t('h_no_parser_no_cc', { tried = list(tried) }), { t('h_no_cc_advice'), t('h_no_cc_advice_ts') })
  end
  if cc then
    ok(t('h_cc', { cc = table.concat(cc, ' '), path = vim.fn.exepath(cc[1]) }))
  elseif path then
    info(t('h_no_cc', { tried = list(tried) }))
  end
  for _, qname in ipairs({ 'highlights', 'folds' }) do
    local files = vim.api.nvim_get_runtime_file('queries/hyoka/' .. qname .. '.scm', true)
    if #files == 0 then
      warn(t('h_no_query', { name = qname }))
    else
      local good, qerr = true, nil
      if loaded then
        local q = require('vim.treesitter.query')
        good, qerr = pcall(q.get or q.get_query, 'hyoka', qname)
      end
      if good then
        ok(t('h_query_ok', { name = qname, path = files[1] }))
      else
        error(t('h_query_bad', { name = qname, err = tostring(qerr) }))
      end
    end
  end

  start(t('h_folds_section'))
  if hyoka.config.folds then
    ok(t('h_folds_on', { expr = hyoka.FOLDEXPR }))
  else
    info(t('h_folds_off'))
  end
end

return M
