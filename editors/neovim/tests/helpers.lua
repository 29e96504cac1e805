-- A tiny assertion harness for headless Neovim: failures are counted, the
-- run ends with "N passed, N failed" and exits non-zero on any failure.
local T = { passed = 0, failed = 0 }

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end
T.out = out

function T.check(cond, name, detail)
  if cond then
    T.passed = T.passed + 1
    out('ok   ' .. name)
  else
    T.failed = T.failed + 1
    out('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return cond
end

function T.eq(got, want, name)
  return T.check(vim.deep_equal(got, want), name, ('got %s, want %s'):format(vim.inspect(got), vim.inspect(want)))
end

function T.fail(msg)
  T.failed = T.failed + 1
  out('FAIL ' .. msg)
  T.finish()
end

function T.finish()
  out(('%s: %d passed, %d failed'):format(vim.version and tostring(T.version()) or 'nvim', T.passed, T.failed))
  if T.failed > 0 or T.passed == 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

function T.version()
  local v = vim.version()
  return ('nvim-%d.%d.%d'):format(v.major, v.minor, v.patch)
end

function T.start_timeout(ms)
  vim.defer_fn(function()
    out(('FAIL timeout: the tests did not finish in %d ms'):format(ms))
    io.stdout:flush()
    vim.cmd('cquit 2')
  end, ms)
end

-- Runs `fn` and turns an error into a failure instead of a hung Neovim.
function T.run(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if not ok then
    T.failed = T.failed + 1
    out('FAIL ' .. name .. ' raised: ' .. tostring(err))
  end
end

return T
