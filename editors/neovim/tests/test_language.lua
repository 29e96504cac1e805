-- The plugin speaks Japanese to Japanese users, English otherwise:
--   * the catalogue (lua/hyoka/i18n.lua): every message in both languages,
--     with the same named arguments, and its Japanese without English words
--     other than names;
--   * the language: the option `language`, else v:lang, $LC_ALL,
--     $LC_MESSAGES, $LANG (the first that is set; v:lang "C" does not count);
--   * in a second Neovim started with LANG=ja_JP.UTF-8, then LANG=C, with and
--     without the option: :checkhealth hyoka, an error and the commands'
--     descriptions are in that language, and the language reaches the server,
--     as a fake server (tests/fake_server.py) records it: always as `locale`
--     in initialize; with the option, also as `language` in the "hyoka"
--     settings (workspace/configuration on 0.8+, didChangeConfiguration on
--     0.7); without the option nor settings, no settings at all, so that the
--     server keeps to hyoka.toml.
-- (The real server's Japanese diagnostics: tests/test_lsp_ja.lua.)
local T = _G.T
local i18n = require('hyoka.i18n')
local hyoka = require('hyoka')

local function sorted_keys(tbl)
  local out = {}
  for k in pairs(tbl) do
    table.insert(out, k)
  end
  table.sort(out)
  return out
end

T.run('catalogue', function()
  local en, ja = i18n.messages.en, i18n.messages.ja
  T.eq(sorted_keys(ja), sorted_keys(en), 'the same message ids in English and Japanese')
  local bad_args, not_string, english, untranslated = {}, {}, {}, {}
  for _, id in ipairs(sorted_keys(en)) do
    for _, lang in ipairs({ 'en', 'ja' }) do
      local s = i18n.messages[lang][id]
      if type(s) ~= 'string' or s == '' then
        table.insert(not_string, lang .. '.' .. id)
      end
    end
    if type(en[id]) == 'string' and type(ja[id]) == 'string' then
      local pe, pj = i18n.placeholders(en[id]), i18n.placeholders(ja[id])
      if not vim.deep_equal(pe, pj) then
        table.insert(bad_args, ('%s: en %s, ja %s'):format(id, table.concat(pe, ','), table.concat(pj, ',')))
      end
      local words = T.english_words(ja[id])
      if #words > 0 then
        table.insert(english, id .. ': ' .. table.concat(words, ' '))
      end
      -- Only code (and punctuation) is the same in both languages.
      if id ~= 'h_cmd_example' and id ~= 'h_cmd_version' and (ja[id] == en[id] or not T.has_japanese(ja[id])) then
        table.insert(untranslated, id)
      end
    end
  end
  T.eq(not_string, {}, 'every message is a non-empty string')
  T.eq(bad_args, {}, 'every message has the same {placeholders} in both languages')
  T.eq(english, {}, 'the Japanese messages have no English words other than names')
  T.eq(untranslated, {}, 'every Japanese message is in Japanese')

  -- Every id the plugin's code asks for is in the catalogue.
  local missing = {}
  for _, f in ipairs({ 'lua/hyoka/init.lua', 'lua/hyoka/health.lua' }) do
    local src = table.concat(vim.fn.readfile(T.plugin .. '/' .. f), '\n')
    for id in src:gmatch("[^%w_]t%(%s*'([%w_]+)'") do
      if id:sub(-1) == '_' then -- t('lang_name_' .. lang)
        if en[id .. 'en'] == nil or en[id .. 'ja'] == nil then
          table.insert(missing, f .. ': ' .. id .. '…')
        end
      elseif en[id] == nil then
        table.insert(missing, f .. ': ' .. id)
      end
    end
    for id in src:gmatch("and '([%w_]+)' or '[%w_]+'") do
      if en[id] == nil then
        table.insert(missing, f .. ': ' .. id)
      end
    end
  end
  T.eq(missing, {}, 'every message id used by init.lua and health.lua is in the catalogue')

  T.eq(i18n.t('parser_build_failed', { err = 'x' }, 'ja'), 'tree-sitter 構文解析器（パーサー）の作成に失敗しました：x',
    't() fills in the named arguments')
  T.eq(i18n.t('parser_build_failed', {}, 'en'), 'building the tree-sitter parser failed: {err}', 't() leaves a missing argument visible')
  T.eq(i18n.list({ 'cc', 'gcc' }, 'ja'), 'cc、gcc', 'lists in Japanese')
end)

T.run('detection', function()
  local cases = {
    { { v_lang = 'ja_JP.UTF-8' }, 'ja', 'v:lang ja_JP.UTF-8' },
    { { v_lang = 'C', LANG = 'ja_JP.UTF-8' }, 'ja', 'v:lang C (locale not installed) and LANG ja_JP.UTF-8' },
    { { v_lang = 'C.UTF-8', LC_ALL = '', LC_MESSAGES = '', LANG = 'ja_JP.UTF-8' }, 'ja', 'empty LC_ALL and LC_MESSAGES are skipped' },
    { { v_lang = 'C', LC_ALL = 'C', LANG = 'ja_JP.UTF-8' }, 'en', 'LC_ALL=C before LANG' },
    { { v_lang = 'C', LC_MESSAGES = 'ja_JP.eucJP', LANG = 'en_US.UTF-8' }, 'ja', 'LC_MESSAGES before LANG' },
    { { v_lang = 'en_US.UTF-8', LANG = 'ja_JP.UTF-8' }, 'en', 'v:lang before the environment' },
    { { v_lang = 'Japanese_Japan.932' }, 'ja', 'v:lang on Windows' },
    { { v_lang = 'POSIX', LANG = 'ja' }, 'ja', 'LANG=ja' },
    { { v_lang = 'C', LANG = 'C' }, 'en', 'LANG=C' },
    { { v_lang = 'C', LANG = 'fr_FR.UTF-8' }, 'en', 'another language: English' },
    { {}, 'en', 'nothing set: English' },
  }
  for _, c in ipairs(cases) do
    T.eq((i18n.detect(c[1])), c[2], 'detect: ' .. c[3])
  end
  T.eq({ i18n.detect({ v_lang = 'C', LANG = 'ja_JP.UTF-8' }) }, { 'ja', 'LANG=ja_JP.UTF-8' }, 'detect says where it read the language')
  T.eq({ i18n.normalize('ja'), i18n.normalize('JA'), i18n.normalize('ja_JP'), i18n.normalize('en'), i18n.normalize('fr') },
    { 'ja', 'ja', 'ja', 'en', nil }, 'the option: ja, en and their variants')
end)

T.run('option in this Neovim', function()
  -- minimal_init.lua set LANG=C.UTF-8 and :language messages C (v:lang C,
  -- $LC_MESSAGES C): English.
  T.eq({ hyoka.language() }, { 'en', 'LC_MESSAGES=C' }, 'the test session is in English')
  local messages = {}
  local notify = vim.notify
  vim.notify = function(msg, level)
    table.insert(messages, { msg = msg, level = level })
  end
  local ok, err = pcall(function()
    hyoka.setup({ cmd = false, language = 'ja', settings = { checks = { HY0204 = 'off' } } })
    T.eq({ hyoka.language() }, { 'ja', 'option' }, 'setup({ language = "ja" }) overrides the environment')
    T.eq(hyoka.lsp_settings(), { hyoka = { checks = { HY0204 = 'off' }, language = 'ja' } },
      'the settings for the server: the user\'s, and the option language')
    local _, build_err = hyoka.build_parser({ grammar_dir = vim.fn.tempname(), output = vim.fn.tempname() .. '/x.so' })
    T.check(tostring(build_err):find('parser.c がありません', 1, true) ~= nil, 'an error of build_parser() in Japanese', tostring(build_err))
    T.check(vim.api.nvim_get_commands({}).HyokaBuildParser.definition:find('構文解析器', 1, true) ~= nil,
      ':HyokaBuildParser described in Japanese')
    hyoka.setup({ cmd = false, settings = { language = 'en', checks = {} } })
    T.eq(hyoka.lsp_settings().hyoka.language, 'en', 'a language given in settings is kept')
    hyoka.config.language, hyoka.config.settings = nil, {}
    hyoka.setup({ cmd = false, language = 'fr' })
    T.eq(#messages, 1, 'language = "fr": one message', vim.inspect(messages))
    local m = messages[1] or { msg = '' }
    T.check(m.level == vim.log.levels.WARN and m.msg:find('language = "fr"', 1, true) ~= nil and m.msg:find('"ja" or "en"', 1, true) ~= nil,
      'language = "fr": a warning that says what to write', m.msg)
    T.eq({ hyoka.language() }, { 'en', 'LC_MESSAGES=C' }, 'language = "fr": the detected language is used')
    T.eq(hyoka.lsp_settings(), {}, 'no settings and no option: no settings for the server (the language goes as locale)')
    hyoka.setup({ cmd = false, settings = { checks = { HY0204 = 'off' } } })
    T.eq(hyoka.lsp_settings(), { hyoka = { checks = { HY0204 = 'off' } } }, 'settings without the option: the user\'s only')
  end)
  vim.notify = notify
  T.check(ok, 'the option in this Neovim ran', tostring(err))
end)

-- The child: setup() with the options given, :checkhealth hyoka, an error
-- of build_parser() and the command's description; then setup() again with
-- the fake server, a hyoka buffer, and what the client sent. Writes a report
-- to $HYOKA_CHILD_OUT as JSON.
local CHILD = [[
local out_path = vim.env.HYOKA_CHILD_OUT
vim.opt.runtimepath = { vim.env.HYOKA_CHILD_PLUGIN, vim.env.VIMRUNTIME }
vim.opt.packpath = { vim.env.VIMRUNTIME }
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.cmd('filetype on')
vim.cmd('runtime! ftdetect/*.vim')
vim.cmd('runtime! plugin/hyoka.lua')
local r = { messages = {}, v_lang = vim.v.lang }
local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(r))
  f:close()
  vim.cmd('qall!')
end
vim.defer_fn(function()
  r.timeout = true
  finish()
end, 30000)
vim.notify = function(msg, level)
  table.insert(r.messages, { msg = msg, level = level or vim.log.levels.INFO })
end
local ok, err = xpcall(function()
  local hyoka = require('hyoka')
  local opts = vim.fn.json_decode(vim.env.HYOKA_CHILD_OPTS)
  local function with(o)
    return vim.tbl_extend('force', opts, o)
  end
  r.desc_before = vim.api.nvim_get_commands({}).HyokaBuildParser.definition
  hyoka.setup(with({ cmd = { vim.env.HYOKA_CHILD_BIN, 'lsp' }, root_dir = vim.env.HYOKA_CHILD_ROOT }))
  r.language = { hyoka.language() }
  r.desc = vim.api.nvim_get_commands({}).HyokaBuildParser.definition
  r.preview_desc = vim.api.nvim_get_commands({}).HyokaPreview.definition
  vim.cmd('checkhealth hyoka')
  r.health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  local _, e = hyoka.build_parser({ grammar_dir = vim.env.HYOKA_CHILD_TMP .. '/nowhere', output = vim.env.HYOKA_CHILD_TMP .. '/x.so' })
  r.build_error = tostring(e)

  local log = vim.env.HYOKA_CHILD_LOG
  hyoka.setup(with({ cmd = { 'python3', vim.env.HYOKA_CHILD_FAKE, log }, root_dir = vim.env.HYOKA_CHILD_ROOT }))
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.HYOKA_CHILD_FILE))
  local function received()
    local lines = vim.fn.filereadable(log) == 1 and vim.fn.readfile(log) or {}
    local out = {}
    for _, l in ipairs(lines) do
      table.insert(out, vim.fn.json_decode(l))
    end
    return out
  end
  r.initialized = vim.wait(15000, function()
    for _, m in ipairs(received()) do
      if m.kind == 'initialized' then
        return true
      end
    end
    return false
  end, 50)
  -- Then the settings, if any: asked for on initialized (0.8+), or sent
  -- from on_init (0.7).
  vim.wait(1000, function()
    return false
  end)
  r.received = received()
end, debug.traceback)
if not ok then
  r.error = err
end
finish()
]]

local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp, 'p')
local child_init = tmp .. '/child_init.lua'
vim.fn.writefile(vim.split(CHILD, '\n'), child_init)
local fake = T.plugin .. '/tests/fake_server.py'

-- Runs the child with the environment `env` (LANG…) and the setup() options
-- `opts`; returns its report.
local function run_child(name, env, opts)
  local out = tmp .. '/' .. name .. '.json'
  local full_env = {
    HYOKA_CHILD_OUT = out,
    HYOKA_CHILD_PLUGIN = T.plugin,
    HYOKA_CHILD_BIN = T.hyoka_bin,
    HYOKA_CHILD_ROOT = T.example_dir,
    HYOKA_CHILD_FILE = T.example_dir .. '/plan.hyoka',
    HYOKA_CHILD_FAKE = fake,
    HYOKA_CHILD_LOG = tmp .. '/' .. name .. '.log',
    HYOKA_CHILD_TMP = tmp,
    HYOKA_CHILD_OPTS = vim.fn.json_encode(opts or vim.empty_dict()),
    -- Set but empty: the language comes from LANG (or v:lang).
    LC_ALL = '',
    LC_MESSAGES = '',
  }
  for k, v in pairs(env) do
    full_env[k] = v
  end
  local job = vim.fn.jobstart({ vim.v.progpath, '--headless', '-u', child_init }, { env = full_env })
  local status = vim.fn.jobwait({ job }, 40000)[1]
  local ok, r = pcall(function()
    return vim.fn.json_decode(table.concat(vim.fn.readfile(out), '\n'))
  end)
  if not ok then
    return { error = 'no report from the child (exit ' .. tostring(status) .. '): ' .. tostring(r), messages = {}, received = {} }
  end
  return r
end

-- What the fake server got: the locale of initialize and the "hyoka"
-- settings of every workspace/configuration answer and didChangeConfiguration.
local function server_view(r)
  local locale, settings = nil, {}
  for _, m in ipairs(r.received or {}) do
    if m.kind == 'initialize' then
      locale = m.value.locale
    elseif m.kind == 'configuration' and type(m.value) == 'table' then
      table.insert(settings, m.value[1])
    elseif m.kind == 'didChangeConfiguration' and type(m.value) == 'table' then
      table.insert(settings, m.value.hyoka or m.value)
    end
  end
  return locale, settings
end

-- `settings_lang`: the language the server's settings must have (nil: no
-- settings at all); `checks`: the user's checks they must have too.
local function check_server(r, name, lang, settings_lang, checks)
  local locale, settings = server_view(r)
  T.check(r.initialized == true, name .. ': the server was started', vim.inspect(r.received))
  T.eq(locale, lang, name .. ': initialize has locale = "' .. lang .. '"')
  if settings_lang == nil then
    local given = {}
    for _, s in ipairs(settings) do
      if s ~= vim.NIL and not (type(s) == 'table' and next(s) == nil) then
        table.insert(given, s)
      end
    end
    T.eq(given, {}, name .. ': no settings (the server keeps to hyoka.toml)')
    return
  end
  T.check(#settings > 0, name .. ': the server received settings', vim.inspect(r.received))
  for _, s in ipairs(settings) do
    T.eq(type(s) == 'table' and s.language or s, settings_lang, name .. ': the settings say language = "' .. settings_lang .. '"')
    if checks then
      T.eq(type(s) == 'table' and s.checks or s, checks, name .. ': and have the user\'s checks')
    end
  end
end

-- Lines of :checkhealth that come from the plugin: Neovim's framing
-- (headers, OK, WARNING…) is not the plugin's.
local FRAMING = { 'OK', 'INFO', 'WARNING', 'ERROR', 'ADVICE', 'check', 'health', 'start_client', 'start', 'config' }

local function check_japanese_health(r, name)
  local h = r.health or ''
  for _, s in ipairs({ 'hyoka: 言語サーバー', 'hyoka: tree-sitter 構文解析器（パーサー）', '構文解析器を読み込めます',
    'C コンパイラー：', 'hyoka: 折りたたみ', 'メッセージは日本語で表示します' }) do
    T.check(h:find(s, 1, true) ~= nil, name .. ': health says ' .. s, h)
  end
  local version = vim.trim(vim.fn.system({ T.hyoka_bin, '--version' }))
  T.check(h:find(version, 1, true) ~= nil, name .. ': health shows the server version', h)
  T.check(not h:find('ERROR', 1, true), name .. ': health reports no error', h)
  T.eq(T.english_words(h, FRAMING), {}, name .. ': no English words in the health report')
  -- No sentence of the English catalogue either.
  local leaked = {}
  for id, s in pairs(i18n.messages.en) do
    if id ~= 'h_cmd_example' then
      for chunk in (s .. '{}'):gmatch('(.-){[%w_]*}') do
        chunk = vim.trim(chunk)
        if #T.english_words(chunk) > 0 and h:find(chunk, 1, true) then
          table.insert(leaked, chunk)
        end
      end
    end
  end
  T.eq(leaked, {}, name .. ': no English message in the health report')
  T.check(r.build_error:find('parser.c がありません', 1, true) ~= nil, name .. ': errors in Japanese', r.build_error)
  T.check(r.desc:find('構文解析器', 1, true) ~= nil, name .. ': :HyokaBuildParser described in Japanese', r.desc)
  T.check(tostring(r.preview_desc):find('ブラウザー', 1, true) ~= nil, name .. ': :HyokaPreview described in Japanese', r.preview_desc)
end

local function check_english_health(r, name)
  local h = r.health or ''
  for _, s in ipairs({ 'hyoka: language server', 'hyoka: tree-sitter parser', 'the parser loads', 'C compiler: ',
    'hyoka: folds', 'messages in English' }) do
    T.check(h:find(s, 1, true) ~= nil, name .. ': health says ' .. s, h)
  end
  T.check(not T.has_japanese(h), name .. ': no Japanese in the health report', h)
  T.check(not h:find('ERROR', 1, true), name .. ': health reports no error', h)
  T.check(r.build_error:find('no parser.c in', 1, true) ~= nil, name .. ': errors in English', r.build_error)
  T.eq(r.desc, 'Compile the Hyoka tree-sitter parser into parser/hyoka.so', name .. ': :HyokaBuildParser described in English')
  T.eq(r.preview_desc, i18n.t('cmd_preview_desc', nil, 'en'), name .. ': :HyokaPreview described in English')
end

T.run('LANG=ja_JP.UTF-8', function()
  if not T.check(vim.fn.executable('python3') == 1, 'python3 runs the fake server') then
    return
  end
  local r = run_child('ja', { LANG = 'ja_JP.UTF-8' })
  T.eq(r.error, nil, 'LANG=ja_JP.UTF-8: the child ran')
  T.eq(r.timeout, nil, 'LANG=ja_JP.UTF-8: the child finished in time')
  T.eq(r.language and r.language[1], 'ja', 'LANG=ja_JP.UTF-8: Japanese (v:lang ' .. tostring(r.v_lang) .. ')')
  check_japanese_health(r, 'LANG=ja_JP.UTF-8')
  T.check(r.desc_before:find('構文解析器', 1, true) ~= nil, 'LANG=ja_JP.UTF-8: the command is described in Japanese before setup() too', r.desc_before)
  check_server(r, 'LANG=ja_JP.UTF-8', 'ja', nil)
  T.eq(r.messages, {}, 'LANG=ja_JP.UTF-8: no message')
end)

T.run('LANG=C', function()
  local r = run_child('c', { LANG = 'C' })
  T.eq(r.error, nil, 'LANG=C: the child ran')
  T.eq(r.language, { 'en', 'LANG=C' }, 'LANG=C: English')
  check_english_health(r, 'LANG=C')
  check_server(r, 'LANG=C', 'en', nil)
end)

T.run('LANG=ja_JP.UTF-8, language = "en"', function()
  local r = run_child('ja-en', { LANG = 'ja_JP.UTF-8' }, { language = 'en' })
  local name = 'LANG=ja_JP.UTF-8 with language = "en"'
  T.eq(r.error, nil, name .. ': the child ran')
  T.eq(r.language, { 'en', 'option' }, name .. ': English')
  check_english_health(r, name)
  T.check((r.health or ''):find('option language = "en"', 1, true) ~= nil, name .. ': health says the option chose', r.health)
  check_server(r, name, 'en', 'en')
end)

T.run('LANG=C, language = "ja"', function()
  local checks = { HY0204 = 'off' }
  local r = run_child('c-ja', { LANG = 'C' }, { language = 'ja', settings = { checks = checks } })
  local name = 'LANG=C with language = "ja" and settings'
  T.eq(r.error, nil, name .. ': the child ran')
  T.eq(r.language, { 'ja', 'option' }, name .. ': Japanese')
  check_japanese_health(r, name)
  T.check((r.health or ''):find('設定 language = "ja"', 1, true) ~= nil, name .. ': health says the option chose', r.health)
  check_server(r, name, 'ja', 'ja', checks)
end)

if vim.env.HYOKA_TEST_VERBOSE then
  T.out(vim.fn.join(vim.fn.glob(tmp .. '/*.json', false, true), '\n'))
else
  vim.fn.delete(tmp, 'rf')
end
T.finish()
