-- Commands of the Hyoka plugin. The language server and highlighting start
-- only after require('hyoka').setup().
if vim.g.loaded_hyoka then
  return
end
vim.g.loaded_hyoka = true
require('hyoka').create_commands()
