-- setup({ settings = … }) reaches the server: with HY0204 turned off, the
-- full-width rating diagnostics are gone and the others stay, before and
-- after an edit (on the copy of the example in a Japanese folder).
local T = _G.T
require('hyoka').setup({
  cmd = { T.hyoka_bin, 'lsp' },
  root_dir = T.example_dir,
  settings = { checks = { HY0204 = 'off', ['undefined-series'] = 'hint' } },
})

T.run('settings', function()
  -- Start the server on plan.hyoka and let it settle before opening
  -- evaluation.hyoka: `hyoka lsp` 0.1.0 analyses a document opened while
  -- `initialized` still waits for workspace/configuration with the default
  -- settings and never re-analyses it (seen in about 1 run in 3 on 0.11).
  -- HYOKA_TEST_OPEN_FIRST=1 opens evaluation.hyoka first, to show that bug.
  if not vim.env.HYOKA_TEST_OPEN_FIRST then
    vim.cmd('edit ' .. vim.fn.fnameescape(T.example_dir .. '/plan.hyoka'))
    local plan = vim.api.nvim_get_current_buf()
    T.check(vim.wait(20000, function()
      return #vim.diagnostic.get(plan) > 0
    end, 50), 'server started on plan.hyoka')
    vim.wait(500, function()
      return false
    end)
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(T.example_dir .. '/evaluation.hyoka'))
  local buf = vim.api.nvim_get_current_buf()
  local function codes()
    local c = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      c[code] = (c[code] or 0) + 1
      if code == 'HY0104' then
        c.HY0104_severity = d.severity
      end
    end
    return c
  end
  -- Settings may arrive after the first diagnostics: wait for the final state.
  local ok = vim.wait(20000, function()
    local c = codes()
    return (c.HY0106 or 0) == 10 and c.HY0204 == nil and c.HY0104_severity == vim.diagnostic.severity.HINT
  end, 50)
  local c = codes()
  T.check(ok, 'settings applied', vim.inspect(c))
  T.eq(c.HY0204, nil, 'HY0204 turned off')
  T.eq(c.HY0106, 10, 'HY0106 still reported')
  T.eq(c.HY0104_severity, vim.diagnostic.severity.HINT, 'undefined-series given severity hint by name')
  T.check_hy0106(buf, 'settings')
  T.eq(codes().HY0204, nil, 'HY0204 still off after the edit')
end)

T.finish()
