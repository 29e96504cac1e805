-- Commands of the Hyoka plugin. The language server and highlighting start
-- only after require('hyoka').setup().
if vim.g.loaded_hyoka then
  return
end
vim.g.loaded_hyoka = true

vim.api.nvim_create_user_command('HyokaBuildParser', function()
  local hyoka = require('hyoka')
  local ok, res = hyoka.build_parser()
  if not ok then
    vim.notify('hyoka: building the parser failed: ' .. tostring(res), vim.log.levels.ERROR)
    return
  end
  vim.notify('hyoka: built ' .. res)
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.api.nvim_buf_get_option(buf, 'filetype') == 'hyoka' and hyoka.config.treesitter then
      hyoka.start_highlight(buf)
    end
  end
end, { desc = 'Compile the Hyoka tree-sitter parser into parser/hyoka.so' })
