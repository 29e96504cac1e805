-- :checkhealth hyoka reports the server binary (and why that one) with its version, the parser,
-- the C compiler and the folds. (Without a parser: tests/test_parser_build.lua.)
local T = _G.T

T.run('health', function()
  vim.cmd('checkhealth hyoka')
  T.out('')
  if vim.env.HYOKA_TEST_VERBOSE then
    T.out(table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n'))
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  local version = vim.trim(vim.fn.system({ T.hyoka_bin, '--version' }))
  T.check(text:find('hyoka: language server', 1, true) ~= nil, 'health has a language server section', text)
  T.check(text:find(version, 1, true) ~= nil, 'health shows the server version (' .. version .. ')', text)
  -- minimal_init.lua gives the binary with the option cmd: it says so (the
  -- other places: tests/test_server_path.lua).
  T.check(text:find('server: ' .. vim.fn.exepath(T.hyoka_bin) .. ' (given by the option cmd)', 1, true) ~= nil,
    'health says which binary and why (the option cmd)', text)
  T.check(text:find('the parser loads', 1, true) ~= nil, 'health says the parser loads', text)
  T.check(text:find('highlights query', 1, true) ~= nil, 'health lists the highlights query', text)
  T.check(text:find('C compiler: ', 1, true) ~= nil, 'health names the C compiler', text)
  T.check(text:find('hyoka: folds', 1, true) ~= nil, 'health has a folds section', text)
  T.check(not text:find('ERROR', 1, true), 'health reports no error', text)
end)

T.finish()
