-- Buffer settings for Hyoka files (see docs/format.md: `//` starts a comment line).
if vim.b.did_ftplugin_hyoka then
  return
end
vim.b.did_ftplugin_hyoka = true
vim.bo.commentstring = '// %s'
vim.bo.comments = '://'
vim.b.undo_ftplugin = (vim.b.undo_ftplugin or '') .. '|setlocal commentstring< comments<'
