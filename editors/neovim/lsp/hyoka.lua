-- Default configuration for Neovim 0.11+'s `vim.lsp.enable('hyoka')`.
-- require('hyoka').setup() overrides it with vim.lsp.config().
-- The server: the first of <plugin>/bin/hyoka (where a downloaded binary
-- goes), hyoka on PATH and ~/.cargo/bin/hyoka (require('hyoka').server_cmd()).
-- The server is told the language of the plugin's messages ('ja' or 'en',
-- from v:lang and $LC_ALL / $LC_MESSAGES / $LANG) as the initialize
-- request's `locale`, which Neovim does not send by itself.
local ok, hyoka = pcall(require, 'hyoka')
local cmd = ok and hyoka.server_cmd() or nil
return {
  cmd = cmd or { 'hyoka', 'lsp' },
  filetypes = { 'hyoka' },
  root_markers = { 'hyoka.toml', '.git' },
  before_init = function(params)
    if params.locale == nil then
      params.locale = require('hyoka.i18n').language()
    end
  end,
}
