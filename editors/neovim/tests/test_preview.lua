-- :HyokaPreview with the real server on the copy of the example in a
-- Japanese folder (tests/minimal_init.lua): the address `hyoka/preview`
-- answers is handed to the opener (the option preview.open, here one that
-- records it), and the page it serves is fetched over HTTP with a small
-- client on vim.loop (no curl needed): status 200, the heading 施策目標,
-- the figure 652 of the budget table and the findings (HY0106, which need
-- plan.hyoka), the reload script; the version the page polls; 404 for a
-- wrong token or document, 405 for a POST; 127.0.0.1 only. After an edit
-- (652 → 9876) the version changes and the page shows the new figure.
-- Then the default opener (vim.ui.open on 0.10+, else xdg-open: a fake one
-- on PATH records the address), an opener given as a command, no opener at
-- all, and the errors: no hyoka client on the buffer (in English and in
-- Japanese) and a server that does not know hyoka/preview (the fake server
-- of tests/fake_server.py).
local T = _G.T
local hyoka = require('hyoka')
local i18n = require('hyoka.i18n')
local uv = vim.uv or vim.loop
local file = T.example_dir .. '/evaluation.hyoka'

local opened = {}
hyoka.setup({
  cmd = { T.hyoka_bin, 'lsp' },
  root_dir = T.example_dir,
  preview = {
    open = function(url)
      table.insert(opened, url)
    end,
  },
})

-- Every notification, as { msg, level }.
local messages = {}
local orig_notify = vim.notify
vim.notify = function(msg, level)
  table.insert(messages, { msg = msg, level = level or vim.log.levels.INFO })
end

-- An HTTP/1.1 request over a TCP socket of vim.loop; waits for the server
-- to close the connection. Returns { status, head, body } or nil, err.
local function http(method, url, ms)
  local host, port, path = url:match('^http://([%d%.]+):(%d+)(/.*)$')
  if not host then
    return nil, 'not an http://IP:port/ address: ' .. tostring(url)
  end
  local tcp = uv.new_tcp()
  local st = { chunks = {}, done = false }
  local function finish(err)
    st.err = st.err or err
    st.done = true
    if not tcp:is_closing() then
      tcp:close()
    end
  end
  tcp:connect(host, tonumber(port), function(cerr)
    if cerr then
      return finish(cerr)
    end
    local req = ('%s %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'):format(method, path, host, port)
    tcp:write(req)
    tcp:read_start(function(rerr, chunk)
      if rerr then
        finish(rerr)
      elseif chunk then
        table.insert(st.chunks, chunk)
      else
        finish(nil)
      end
    end)
  end)
  if not vim.wait(ms or 10000, function()
    return st.done
  end, 10) then
    finish('timeout')
  end
  if st.err then
    return nil, tostring(st.err)
  end
  local raw = table.concat(st.chunks)
  local head, body = raw:match('^(.-)\r\n\r\n(.*)$')
  if not head then
    return nil, 'no HTTP answer: ' .. raw:sub(1, 200)
  end
  return { status = tonumber(head:match('^HTTP/1%.%d (%d+)')), head = head, body = body }
end

local function status_of(method, url)
  local r, err = http(method, url)
  return r and r.status or err
end

local function header(r, name)
  return r and r.head:lower():match('\r\n' .. name:lower():gsub('%-', '%%-') .. ':%s*([^\r\n]*)')
end

local function clients(buf)
  return hyoka.client(buf) and 1 or 0
end

-- Runs :HyokaPreview in the current buffer and waits until it has
-- reported: returns the messages it gave.
local function run_preview(ms)
  local since = #messages
  vim.cmd('HyokaPreview')
  vim.wait(ms or 10000, function()
    return #messages > since
  end, 20)
  local out = {}
  for i = since + 1, #messages do
    table.insert(out, messages[i])
  end
  return out
end

local function sleep(ms)
  vim.wait(ms, function()
    return false
  end)
end

local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp, 'p')

T.run('preview', function()
  T.check(vim.api.nvim_get_commands({}).HyokaPreview ~= nil, ':HyokaPreview exists')
  T.eq(vim.api.nvim_get_commands({}).HyokaPreview.definition, i18n.t('cmd_preview_desc', nil, 'en'), ':HyokaPreview is described in English')

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  T.check(vim.wait(10000, function()
    return clients(buf) > 0
  end, 50), 'hyoka lsp attached to evaluation.hyoka')
  -- The findings that need plan.hyoka: the page shows them too.
  T.check(vim.wait(20000, function()
    return T.diag_counts(buf).HY0106 == 10
  end, 50), 'the 10 HY0106 arrived', vim.inspect(T.diag_counts(buf)))

  local msgs = run_preview()
  T.eq(#opened, 1, ':HyokaPreview called the opener of the option preview.open once')
  local url = opened[1]
  if not T.check(type(url) == 'string', ':HyokaPreview gave an address', vim.inspect(msgs)) then
    return
  end
  T.check(#msgs == 1 and msgs[1].level == vim.log.levels.INFO and msgs[1].msg:find(url, 1, true) ~= nil,
    'one message with the address', vim.inspect(msgs))
  T.eq(msgs[1] and msgs[1].msg, 'hyoka: ' .. i18n.t('preview_opened', { url = url }, 'en'), 'the message from the catalogue')

  local port, token, n = url:match('^http://127%.0%.0%.1:(%d+)/(%x+)/(%d+)/$')
  T.check(port ~= nil, 'the address is http://127.0.0.1:PORT/TOKEN/N/', url)
  if not port then
    return
  end
  T.eq(#token, 32, 'the token has 128 bits (32 hex digits)')

  -- The page.
  local page, err = http('GET', url)
  if not T.check(page ~= nil, 'GET the page', err) then
    return
  end
  T.eq(page.status, 200, 'the page answers 200')
  T.check((header(page, 'content-type') or ''):find('text/html', 1, true) ~= nil, 'the page is HTML', page.head)
  T.eq(tonumber(header(page, 'content-length')), #page.body, 'the whole page arrived (Content-Length)')
  T.check(page.body:find('<h%d[^>]*>%s*施策目標') ~= nil, 'the page has the heading 施策目標')
  -- The cell's classes depend on the layout (`num`, `num nw` for a cell that does not wrap).
  T.check(page.body:find('当初予算%(a%)</td><td class="num[^"]*">652</td>') ~= nil, 'the page has the budget table with 652')
  T.check(page.body:find('<span class="code">HY0106</span>', 1, true) ~= nil, 'the page marks the findings (HY0106, from the plan)')
  T.check(page.body:find('"version"', 1, true) ~= nil, 'the page polls its version')

  -- The version it polls.
  local v1 = http('GET', url .. 'version')
  T.eq(v1 and v1.status, 200, 'the version answers 200')
  T.check(v1 ~= nil and v1.body:match('^%x+$') ~= nil, 'the version is a hex number', v1 and v1.body)
  local v1b = http('GET', url .. 'version')
  T.eq(v1b and v1b.body, v1 and v1.body, 'the version stays the same without an edit')

  -- What it refuses.
  local wrong = token:sub(1, 31) .. (token:sub(32) == '0' and '1' or '0')
  T.eq(status_of('GET', ('http://127.0.0.1:%s/%s/%s/'):format(port, wrong, n)), 404, 'a wrong token answers 404')
  T.eq(status_of('GET', ('http://127.0.0.1:%s/%s/%s/version'):format(port, wrong, n)), 404, 'a wrong token answers 404 for the version too')
  T.eq(status_of('GET', ('http://127.0.0.1:%s/'):format(port)), 404, 'the root answers 404')
  T.eq(status_of('GET', ('http://127.0.0.1:%s/%s/%d/'):format(port, token, tonumber(n) + 7)), 404, 'an unknown document answers 404')
  T.eq(status_of('POST', url), 405, 'a POST answers 405')
  T.eq(status_of('PUT', url .. 'version'), 405, 'a PUT answers 405')

  -- An edit: 652 → 9876 in the first row of the budget table (line 26).
  local line = vim.api.nvim_buf_get_lines(buf, 25, 26, false)[1]
  local s, e = line:find('| 652 |', 1, true)
  if not T.check(s ~= nil, 'line 26 has | 652 |', line) then
    return
  end
  vim.api.nvim_buf_set_text(buf, 25, s + 1, 25, e - 2, { '9876' })
  T.eq(vim.api.nvim_buf_get_lines(buf, 25, 26, false)[1]:find('| 9876 |', 1, true) ~= nil, true, 'the buffer has 9876')
  local v2
  local deadline = uv.now() + 15000
  while uv.now() < deadline do
    local r = http('GET', url .. 'version')
    if r and r.status == 200 and v1 and r.body ~= v1.body then
      v2 = r.body
      break
    end
    sleep(100)
  end
  T.check(v2 ~= nil, 'the version changed after the edit (without saving)', v2)
  local page2 = http('GET', url)
  T.eq(page2 and page2.status, 200, 'the page answers 200 after the edit')
  T.check(page2 ~= nil and page2.body:find('当初予算%(a%)</td><td class="num[^"]*">9876</td>') ~= nil, 'the page shows 9876')
  T.check(page2 ~= nil and page2.body:find('当初予算%(a%)</td><td class="num[^"]*">652</td>') == nil, 'and no longer 652 in that row')
  T.eq(vim.bo[buf].modified, true, 'the buffer was not saved')

  -- Asked again: the same page.
  run_preview()
  T.eq(opened[2], url, ':HyokaPreview again gives the same address')

  -- The default opener: vim.ui.open (0.10+) or jobstart; both find a
  -- (fake) xdg-open on PATH, which writes what it got into a file.
  local path = vim.env.PATH
  local bin = tmp .. '/bin'
  vim.fn.mkdir(bin, 'p')
  local got = tmp .. '/opened.txt'
  vim.fn.writefile({ '#!/bin/sh', 'printf "%s\\n" "$*" > ' .. vim.fn.shellescape(got) }, bin .. '/xdg-open')
  vim.fn.setfperm(bin .. '/xdg-open', 'rwxr-xr-x')
  hyoka.config.preview.open = nil
  vim.env.PATH = bin .. ':' .. path
  msgs = run_preview()
  vim.wait(5000, function()
    return vim.fn.filereadable(got) == 1 and #vim.fn.readfile(got) > 0
  end, 20)
  vim.env.PATH = path
  T.eq(vim.fn.filereadable(got) == 1 and vim.fn.readfile(got) or nil, { url },
    'without the option: xdg-open gets the address (' .. (vim.ui.open and 'vim.ui.open' or 'jobstart') .. ')')
  T.eq(msgs[1] and msgs[1].level, vim.log.levels.INFO, 'and the address is shown')

  -- An opener given as a command: the address appended.
  vim.fn.delete(got)
  hyoka.config.preview.open = { bin .. '/xdg-open', '--new-window' }
  run_preview()
  vim.wait(5000, function()
    return vim.fn.filereadable(got) == 1 and #vim.fn.readfile(got) > 0
  end, 20)
  T.eq(vim.fn.filereadable(got) == 1 and vim.fn.readfile(got) or nil, { '--new-window ' .. url }, 'preview.open as a command: the address appended')

  -- No opener at all (PATH without any): a warning that gives the address.
  hyoka.config.preview.open = nil
  local empty = tmp .. '/empty'
  vim.fn.mkdir(empty, 'p')
  vim.env.PATH = empty
  msgs = run_preview()
  vim.env.PATH = path
  T.check(#msgs == 1 and msgs[1].level == vim.log.levels.WARN and msgs[1].msg:find('could not open a browser', 1, true) ~= nil
    and msgs[1].msg:find(url, 1, true) ~= nil, 'no browser to open: a warning that gives the address', vim.inspect(msgs))

  -- A function that raises: the same warning.
  hyoka.config.preview.open = function()
    error('no display')
  end
  msgs = run_preview()
  T.check(#msgs == 1 and msgs[1].level == vim.log.levels.WARN and msgs[1].msg:find('no display', 1, true) ~= nil
    and msgs[1].msg:find(url, 1, true) ~= nil, 'an opener that fails: a warning with its error and the address', vim.inspect(msgs))
end)

T.run('errors', function()
  -- A buffer without the server.
  vim.cmd('enew')
  local msgs = run_preview()
  T.eq(msgs, { { msg = 'hyoka: ' .. i18n.t('preview_no_client', nil, 'en'), level = vim.log.levels.ERROR } },
    'no hyoka client on the buffer: one error')
  T.check(msgs[1] ~= nil and msgs[1].msg:find('no hyoka language server is attached', 1, true) ~= nil, 'which says so in English')
  hyoka.config.language = 'ja'
  msgs = run_preview()
  hyoka.config.language = nil
  T.check(#msgs == 1 and msgs[1].msg:find('言語サーバーが接続されていません', 1, true) ~= nil, 'and in Japanese with language = "ja"',
    vim.inspect(msgs))
  T.eq(msgs[1] and T.english_words(msgs[1].msg), {}, 'the Japanese error has no English words')

  -- A server that does not know hyoka/preview (a hyoka older than the
  -- plugin): the fake server, attached to a buffer of its own.
  if not T.check(vim.fn.executable('python3') == 1, 'python3 runs the fake server') then
    return
  end
  local other = vim.api.nvim_create_buf(true, false)
  vim.api.nvim_buf_set_name(other, tmp .. '/other.txt')
  vim.api.nvim_set_current_buf(other)
  local cfg = {
    name = 'hyoka',
    cmd = { 'python3', T.plugin .. '/tests/fake_server.py', tmp .. '/fake.log' },
    root_dir = tmp,
  }
  if vim.lsp.start then
    vim.lsp.start(cfg, { bufnr = other })
  else
    vim.lsp.buf_attach_client(other, vim.lsp.start_client(cfg))
  end
  T.check(vim.wait(10000, function()
    return hyoka.client(other) ~= nil
  end, 50), 'the fake server is attached')
  sleep(300)
  msgs = run_preview()
  T.eq(#msgs, 1, 'an old server: one message', vim.inspect(msgs))
  T.check(msgs[1] ~= nil and msgs[1].level == vim.log.levels.ERROR and msgs[1].msg:find('does not know hyoka/preview', 1, true) ~= nil
    and msgs[1].msg:find('fake_server.py', 1, true) ~= nil, 'an error that names the server and asks for a newer hyoka', vim.inspect(msgs))
end)

vim.notify = orig_notify
vim.fn.delete(tmp, 'rf')
T.finish()
