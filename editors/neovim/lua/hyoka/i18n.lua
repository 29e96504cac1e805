-- The plugin's messages in English and Japanese, and the choice between them.
--
--   local i18n = require('hyoka.i18n')
--   i18n.t('parser_built', { path = out })   -- in the language of the session
--
-- Every message the user sees (notifications, errors, :checkhealth hyoka,
-- command descriptions) is here, keyed by id, with named arguments written
-- `{name}`, so that each language orders them as it needs. Both tables have
-- the same ids with the same arguments (tests/test_language.lua checks it).
--
-- The language: the option `language` of setup() ("ja" or "en") when given;
-- else the first of v:lang, $LC_ALL, $LC_MESSAGES, $LANG that is set —
-- Japanese when it starts with "ja", English otherwise. v:lang "C" or
-- "POSIX" counts as not set: Neovim says "C" when the locale of $LANG is not
-- installed (0.10+), and the environment then still tells what the user wants.
-- The server is told the same language (init.lua: `locale`, and `language`
-- in its settings when the option is set).

local M = {}

M.LANGUAGES = { 'en', 'ja' }

M.messages = {}

M.messages.en = {
  -- Lists and names.
  list_sep = ', ',
  lang_name_en = 'English',
  lang_name_ja = 'Japanese',

  -- Setup and the language.
  bad_language = 'language = {value} is not "ja" or "en": the language is detected from the environment ({lang})',

  -- The language server.
  lsp_start_failed = 'could not start {cmd}',
  server_on_path = 'hyoka on PATH',
  server_not_found = 'no hyoka binary for the language server (looked for {tried}): download the archive for your platform, '
    .. 'unpack it, put {exe} in {bin} (or anywhere on PATH) and restart Neovim; or give its path in setup({ cmd = … }) '
    .. '(:checkhealth hyoka says more)',
  server_not_executable = '{path} is not executable, so the language server does not start: run chmod +x {path} and restart Neovim',
  server_cmd_not_found = '{prog} (the option cmd) is not found or not executable, so the language server does not start '
    .. '(:checkhealth hyoka says more)',

  -- The parser (notifications and the errors of build_parser()).
  cmd_build_parser_desc = 'Compile the Hyoka tree-sitter parser into parser/hyoka.so',
  no_compiler = 'no C compiler found (tried {tried})',
  no_parser_c = 'no parser.c in {dir}',
  job_start_failed = 'could not start {cmd}',
  job_start_failed_detail = 'could not start {cmd}: {err}',
  ts_no_parser = 'no parser for hyoka',
  ts_no_api = 'this Neovim has no tree-sitter API',
  parser_no_compiler = 'no tree-sitter parser for hyoka, and no C compiler to build it (tried {tried}): '
    .. 'install one (apt install gcc, or set $CC) and run :HyokaBuildParser; no highlighting until then',
  parser_does_not_load = 'the tree-sitter parser {path} does not load ({err}): rebuild it with :HyokaBuildParser',
  parser_no_grammar = 'no tree-sitter parser for hyoka, and no grammar to build it from ({path}): '
    .. 'install the whole repository, or the parser with nvim-treesitter',
  parser_build_failed = 'building the tree-sitter parser failed: {err}',
  parser_built = 'built the tree-sitter parser {path}',
  cmd_built = 'built {path}',
  cmd_built_restart = 'built {path} (restart Neovim to load it: an older parser is loaded)',

  -- :HyokaPreview
  cmd_preview_desc = "Show this buffer's page, laid out as the official form, in the browser (follows the edits)",
  preview_opened = 'preview of this buffer at {url} (the page reloads as you edit)',
  preview_open_failed = 'could not open a browser ({err}): open {url} in one',
  preview_no_opener = 'no program to open a browser with (tried {tried}); set preview.open in setup()',
  preview_no_client = 'no hyoka language server is attached to this buffer: open a .hyoka file '
    .. '(:checkhealth hyoka says why the server does not start)',
  preview_failed = 'the language server gave no preview: {err}',
  preview_server_stopped = 'the server has stopped',
  preview_unsupported = 'the language server ({cmd}) does not know hyoka/preview: install a newer hyoka',
  preview_no_url = 'the language server answered hyoka/preview without an address',

  -- :HyokaImport
  cmd_import_desc = 'Import a published report (a PDF, or its text) into .hyoka files, one per document, and open them: '
    .. ':HyokaImport[!] {file} [{dir}]',
  import_usage = 'usage: :HyokaImport[!] {file} [{dir}] (a file name with spaces needs a backslash before each)',
  import_no_input = 'give the report to import: :HyokaImport {file} [{dir}]',
  import_done = 'imported {count} document(s) from {input} into {dir}: {files}',
  import_done_guesses = 'imported {count} document(s) from {input} into {dir}: {files}. {guesses} reconstruction(s) '
    .. 'are guesses, marked "// hyoka-import: 推測": check each against the print',
  import_exists = '{dir} already has {files}: nothing was written (:HyokaImport! overwrites them)',
  import_failed = 'could not import {input}: {err}',

  -- :checkhealth hyoka
  h_language_section = 'hyoka: language',
  h_language_option = 'messages in {name}: option language = "{lang}", also sent to the language server in its settings',
  h_language_detected = 'messages in {name}, from {source}; the language server is told locale = "{lang}" '
    .. '(a language in hyoka.toml comes first; to choose: setup({ language = "ja" }) or "en")',
  h_language_default = 'messages in {name}: neither v:lang nor $LC_ALL, $LC_MESSAGES, $LANG says; '
    .. 'the language server is told locale = "{lang}"',
  h_server_section = 'hyoka: language server',
  h_server_off = 'the language server is turned off (cmd = false)',
  h_cmd_not_list = 'cmd is not a list of strings: {value}',
  h_cmd_not_found = '{cmd} not found or not executable',
  h_cmd_fix = 'Correct the path in cmd, or leave cmd out and the plugin looks for hyoka itself',
  h_server_option = 'server: {path} (given by the option cmd)',
  h_server_plugin = 'server: {path} (beside the plugin, in its bin/ folder)',
  h_server_path = 'server: {path} (found on PATH)',
  h_server_cargo = 'server: {path} (installed by cargo)',
  h_server_order = 'the server is looked for in this order: the option cmd, {bin}, hyoka on PATH, {cargo}',
  h_server_not_found = 'no hyoka binary found (looked for {tried})',
  h_server_download = 'Download the archive of hyoka for your platform, unpack it, put {exe} in {bin} '
    .. '(or anywhere on PATH) and restart Neovim',
  h_bin_not_executable = '{path} is there but not executable, so it is not used',
  h_bin_chmod = 'Make it executable: chmod +x {path}',
  h_cmd_install = 'Or build it with Rust (cargo install --path . in the hyoka repository), or give its path:',
  h_cmd_example = "require('hyoka').setup({ cmd = { '/path/to/hyoka', 'lsp' } })",
  h_cmd_version = '{path}: {version}',
  h_cmd_version_failed = '{cmd} --version failed: {out}',
  h_started_with = 'started with: {method} (vim.lsp)',
  h_running = 'running: client {id}, root {root}, server version {version}',
  h_parser_section = 'hyoka: tree-sitter parser',
  h_parser_path = 'parser: {path}',
  h_parser_older = 'the parser is older than {src}',
  h_parser_older_advice = 'Rebuild it with :HyokaBuildParser, then restart Neovim',
  h_parser_loads = 'the parser loads',
  h_parser_not_loading = 'the parser does not load: {err}',
  h_parser_rebuild = 'Rebuild it with :HyokaBuildParser',
  h_parser_building = 'the parser is being built (first use of a hyoka buffer) into {path}',
  h_parser_build_failed = 'building the parser failed: {err}',
  h_parser_build_failed_advice = "Run :HyokaBuildParser to see the compiler's message again",
  h_parser_none_yet = 'no parser yet: it is built into {path} on first use of a hyoka buffer{off}, or now with :HyokaBuildParser',
  h_parser_auto_off = ' (off: auto_build_parser = false)',
  h_no_parser_no_cc = 'no parser, and no C compiler to build it (tried {tried})',
  h_no_cc_advice = 'Install a C compiler (apt install gcc, or set $CC), then run :HyokaBuildParser',
  h_no_cc_advice_ts = 'or install the parser with nvim-treesitter (see the README)',
  h_cc = 'C compiler: {cc} ({path})',
  h_no_cc = 'no C compiler (tried {tried}): :HyokaBuildParser cannot rebuild the parser',
  h_no_query = 'no queries/hyoka/{name}.scm on the runtimepath',
  h_query_ok = '{name} query: {path}',
  h_query_bad = '{name} query does not parse: {err}',
  h_folds_section = 'hyoka: folds',
  h_folds_on = 'nested folds by section in hyoka buffers: foldexpr={expr}',
  h_folds_off = 'off; setup({ folds = true }) folds sections nested by their number of #',
}

M.messages.ja = {
  list_sep = '、',
  lang_name_en = '英語',
  lang_name_ja = '日本語',

  bad_language = 'language = {value} は指定できません（"ja" または "en" を指定してください）。環境から判定した言語（{lang}）を使います。',

  lsp_start_failed = '{cmd} を起動できませんでした。',
  server_on_path = 'PATH 上の hyoka',
  server_not_found = '言語サーバーの実行ファイル hyoka が見つかりません（{tried} を探しました）。'
    .. 'お使いの環境向けのアーカイブをダウンロードして展開し、{exe} を {bin} に（または PATH の通ったフォルダーに）置いて、'
    .. 'Neovim を再起動してください。setup({ cmd = … }) で場所を指定することもできます（詳しくは :checkhealth hyoka で確認できます）。',
  server_not_executable = '{path} に実行権限がないため、言語サーバーを起動できません。chmod +x {path} を実行してから Neovim を再起動してください。',
  server_cmd_not_found = '設定 cmd の {prog} が見つからないか実行できないため、言語サーバーを起動できません'
    .. '（詳しくは :checkhealth hyoka で確認できます）。',

  cmd_build_parser_desc = 'hyoka の tree-sitter 構文解析器（パーサー）を parser/hyoka.so にコンパイルします',
  no_compiler = 'C コンパイラーが見つかりません（{tried} を探しました）',
  no_parser_c = '{dir} に parser.c がありません',
  job_start_failed = '{cmd} を起動できませんでした',
  job_start_failed_detail = '{cmd} を起動できませんでした：{err}',
  ts_no_parser = 'hyoka の構文解析器（パーサー）がありません',
  ts_no_api = 'この Neovim には tree-sitter の機能がありません',
  parser_no_compiler = 'hyoka の tree-sitter 構文解析器（パーサー）がなく、作成に必要な C コンパイラーも見つかりません'
    .. '（{tried} を探しました）。C コンパイラーを導入する（apt install gcc）か環境変数 $CC を設定し、'
    .. ':HyokaBuildParser を実行してください。それまでは色分け表示は行われません。',
  parser_does_not_load = 'tree-sitter 構文解析器（パーサー）{path} を読み込めません（{err}）。'
    .. ':HyokaBuildParser で作成し直してください。',
  parser_no_grammar = 'hyoka の tree-sitter 構文解析器（パーサー）がなく、作成の元になる文法定義（{path}）もありません。'
    .. 'リポジトリ全体を導入するか、nvim-treesitter で構文解析器を導入してください。',
  parser_build_failed = 'tree-sitter 構文解析器（パーサー）の作成に失敗しました：{err}',
  parser_built = 'tree-sitter 構文解析器（パーサー）を作成しました：{path}',
  cmd_built = '{path} を作成しました。',
  cmd_built_restart = '{path} を作成しました（読み込み済みの古い構文解析器が使われているため、Neovim を再起動してください）。',

  cmd_preview_desc = 'このバッファーの内容を様式どおりの体裁でブラウザーに表示します（編集に合わせて更新されます）',
  preview_opened = 'このバッファーのプレビュー：{url}（編集すると自動で再読み込みされます）',
  preview_open_failed = 'ブラウザーを開けませんでした（{err}）。{url} をブラウザーで開いてください。',
  preview_no_opener = 'ブラウザーを開くプログラムが見つかりません（{tried} を探しました）。setup() で preview.open を指定してください',
  preview_no_client = 'このバッファーには hyoka の言語サーバーが接続されていません。.hyoka ファイルを開いてください'
    .. '（サーバーが起動しない理由は :checkhealth hyoka で確認できます）。',
  preview_failed = '言語サーバーからプレビューを取得できませんでした：{err}',
  preview_server_stopped = 'サーバーが停止しています',
  preview_unsupported = '言語サーバー（{cmd}）が hyoka/preview に対応していません。新しい hyoka を導入してください。',
  preview_no_url = '言語サーバーからの hyoka/preview の応答にアドレスがありません',

  cmd_import_desc = '公表された評価書（PDF 又はそこから取り出したテキスト）を文書ごとの .hyoka ファイルに変換して開きます：'
    .. ':HyokaImport[!] {file} [{dir}]',
  import_usage = '使い方：:HyokaImport[!] {file} [{dir}]（空白を含むファイル名では、空白の前にそれぞれ \\ を付けてください）',
  import_no_input = '取り込む評価書を指定してください：:HyokaImport {file} [{dir}]',
  import_done = '{input} から文書 {count} 件を {dir} に取り込みました：{files}',
  import_done_guesses = '{input} から文書 {count} 件を {dir} に取り込みました：{files}。推測による復元 {guesses} か所には'
    .. '「// hyoka-import: 推測」を付けました。それぞれ印刷物と照らし合わせて確認してください',
  import_exists = '{dir} には既に {files} があるため、何も書き出しませんでした（:HyokaImport! とすると上書きします）',
  import_failed = '{input} を取り込めませんでした：{err}',

  h_language_section = 'hyoka: 言語',
  h_language_option = 'メッセージは{name}で表示します（設定 language = "{lang}"）。言語サーバーにも設定として language = "{lang}" を渡します',
  h_language_detected = 'メッセージは{name}で表示します（{source} から判定）。言語サーバーには locale = "{lang}" を伝えます'
    .. '（hyoka.toml で language を指定していればそちらが優先されます。setup({ language = "ja" }) または "en" で指定することもできます）',
  h_language_default = 'メッセージは{name}で表示します（v:lang、$LC_ALL、$LC_MESSAGES、$LANG のいずれも設定されていません）。'
    .. '言語サーバーには locale = "{lang}" を伝えます',
  h_server_section = 'hyoka: 言語サーバー',
  h_server_off = '言語サーバーは使わない設定です（cmd = false）',
  h_cmd_not_list = 'cmd が文字列の一覧になっていません：{value}',
  h_cmd_not_found = '{cmd} が見つからないか、実行できません',
  h_cmd_fix = 'cmd の指定を直すか、cmd を指定せずにプラグインに hyoka を探させてください',
  h_server_option = '言語サーバー：{path}（設定 cmd で指定されたもの）',
  h_server_plugin = '言語サーバー：{path}（プラグインのフォルダーの bin/ に置かれたもの）',
  h_server_path = '言語サーバー：{path}（PATH から見つかったもの）',
  h_server_cargo = '言語サーバー：{path}（cargo で導入されたもの）',
  h_server_order = '言語サーバーを探す順序：設定 cmd、{bin}、PATH 上の hyoka、{cargo}',
  h_server_not_found = 'hyoka の実行ファイルが見つかりません（{tried} を探しました）',
  h_server_download = 'お使いの環境向けの hyoka のアーカイブをダウンロードして展開し、{exe} を {bin} に'
    .. '（または PATH の通ったフォルダーに）置いて、Neovim を再起動してください',
  h_bin_not_executable = '{path} がありますが、実行権限がないため使えません',
  h_bin_chmod = '実行できるようにしてください：chmod +x {path}',
  h_cmd_install = 'Rust で作成する（hyoka のリポジトリで cargo install --path . を実行）か、その場所を次のように指定することもできます：',
  h_cmd_example = "require('hyoka').setup({ cmd = { '/path/to/hyoka', 'lsp' } })",
  h_cmd_version = '{path}：{version}',
  h_cmd_version_failed = '{cmd} --version の実行に失敗しました：{out}',
  h_started_with = '起動方法：{method}（vim.lsp）',
  h_running = '実行中：クライアント {id}、ルートフォルダー {root}、サーバーのバージョン {version}',
  h_parser_section = 'hyoka: tree-sitter 構文解析器（パーサー）',
  h_parser_path = '構文解析器：{path}',
  h_parser_older = '構文解析器が {src} より古くなっています',
  h_parser_older_advice = ':HyokaBuildParser で作成し直し、Neovim を再起動してください',
  h_parser_loads = '構文解析器を読み込めます',
  h_parser_not_loading = '構文解析器を読み込めません：{err}',
  h_parser_rebuild = ':HyokaBuildParser で作成し直してください',
  h_parser_building = '構文解析器を {path} に作成しています（hyoka のバッファーを初めて開いたため）',
  h_parser_build_failed = '構文解析器の作成に失敗しました：{err}',
  h_parser_build_failed_advice = ':HyokaBuildParser を実行すると、コンパイラーのメッセージをもう一度確認できます',
  h_parser_none_yet = '構文解析器はまだありません。hyoka のバッファーを初めて開いたときに {path} に作成されます{off}。'
    .. ':HyokaBuildParser で今すぐ作成することもできます',
  h_parser_auto_off = '（ただし auto_build_parser = false のため、自動では作成しません）',
  h_no_parser_no_cc = '構文解析器がなく、作成に必要な C コンパイラーも見つかりません（{tried} を探しました）',
  h_no_cc_advice = 'C コンパイラーを導入する（apt install gcc）か環境変数 $CC を設定し、:HyokaBuildParser を実行してください',
  h_no_cc_advice_ts = 'または、nvim-treesitter で構文解析器を導入してください（README を参照）',
  h_cc = 'C コンパイラー：{cc}（{path}）',
  h_no_cc = 'C コンパイラーが見つかりません（{tried} を探しました）。:HyokaBuildParser で構文解析器を作成し直すことはできません',
  h_no_query = 'runtimepath に queries/hyoka/{name}.scm がありません',
  h_query_ok = 'クエリ {name}.scm：{path}',
  h_query_bad = 'クエリ {name}.scm を解析できません：{err}',
  h_folds_section = 'hyoka: 折りたたみ',
  h_folds_on = 'hyoka のバッファーでは、見出しの階層ごとに入れ子で折りたたみます：foldexpr={expr}',
  h_folds_off = '使っていません。setup({ folds = true }) とすると、見出しの # の数に応じて入れ子で折りたたみます',
}

-- The language --------------------------------------------------------------------

--- "ja" or "en" for a value of the option `language` (also "ja_JP", "EN"…),
--- or nil when it is neither.
function M.normalize(value)
  if type(value) ~= 'string' then
    return nil
  end
  local v = value:lower()
  if v:sub(1, 2) == 'ja' then
    return 'ja'
  elseif v:sub(1, 2) == 'en' then
    return 'en'
  end
  return nil
end

local function set(v)
  return type(v) == 'string' and v ~= ''
end

-- "C", "C.UTF-8", "POSIX": what v:lang says when it knows nothing better.
local function c_locale(v)
  return v == 'C' or v == 'POSIX' or v:match('^C[._@]') ~= nil
end

--- The language of the environment: "ja" or "en", and where it was read
--- ("v:lang=ja_JP.UTF-8", "LANG=ja_JP.UTF-8", or nil when nothing is set).
--- `from` (for tests) replaces v:lang and the environment:
--- { v_lang = …, LC_ALL = …, LC_MESSAGES = …, LANG = … }.
function M.detect(from)
  local get
  if from then
    get = function(k)
      return from[k]
    end
  else
    get = function(k)
      if k == 'v_lang' then
        return vim.v.lang
      end
      return vim.env[k]
    end
  end
  local v_lang = get('v_lang')
  if set(v_lang) and not c_locale(v_lang) then
    return (v_lang:lower():sub(1, 2) == 'ja') and 'ja' or 'en', 'v:lang=' .. v_lang
  end
  for _, k in ipairs({ 'LC_ALL', 'LC_MESSAGES', 'LANG' }) do
    local v = get(k)
    if set(v) then
      return (v:lower():sub(1, 2) == 'ja') and 'ja' or 'en', k .. '=' .. v
    end
  end
  return 'en', nil
end

-- The option `language` of setup(), read from the plugin's configuration
-- (without requiring it: init.lua requires this module).
local function option()
  local hyoka = package.loaded['hyoka']
  return type(hyoka) == 'table' and type(hyoka.config) == 'table' and hyoka.config.language or nil
end

--- The language of the messages and of the server: "ja" or "en", and how
--- it was chosen: 'option', or the source of detect() (nil: the default).
function M.language()
  local lang = M.normalize(option())
  if lang then
    return lang, 'option'
  end
  return M.detect()
end

-- Messages ---------------------------------------------------------------------------

--- The message `id` in `lang` (default: M.language()), its `{name}`s
--- replaced by args.name. An id missing in `lang` falls back to English.
function M.t(id, args, lang)
  lang = lang or M.language()
  local tbl = M.messages[lang] or M.messages.en
  local s = tbl[id] or M.messages.en[id]
  if s == nil then
    return id
  end
  args = args or {}
  return (s:gsub('{([%w_]+)}', function(k)
    local v = args[k]
    if v == nil then
      return '{' .. k .. '}'
    end
    return tostring(v)
  end))
end

--- A list of names joined as the language writes lists.
function M.list(items, lang)
  return table.concat(items, M.t('list_sep', nil, lang))
end

--- The names of the placeholders of a message, sorted: { 'err', 'path' }.
function M.placeholders(s)
  local seen, out = {}, {}
  for k in s:gmatch('{([%w_]+)}') do
    if not seen[k] then
      seen[k] = true
      table.insert(out, k)
    end
  end
  table.sort(out)
  return out
end

return M
