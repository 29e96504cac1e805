-- Default configuration for Neovim 0.11+'s `vim.lsp.enable('hyoka')`.
-- require('hyoka').setup() overrides it with vim.lsp.config().
return {
  cmd = { 'hyoka', 'lsp' },
  filetypes = { 'hyoka' },
  root_markers = { 'hyoka.toml', '.git' },
}
