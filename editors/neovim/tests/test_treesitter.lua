-- The tree-sitter parser and the shipped queries in a real Neovim: the parser
-- loads, the highlighter runs on the buffer, and the highlights query gives
-- the expected captures on a heading, an attribute and a table row.
local T = _G.T
local hyoka = require('hyoka')
local file = T.example_dir .. '/evaluation.hyoka'

local function get_query(name)
  local q = require('vim.treesitter.query')
  return (q.get or q.get_query)('hyoka', name)
end

local function node_text(node, buf)
  if vim.treesitter.get_node_text then
    return vim.treesitter.get_node_text(node, buf)
  end
  return require('vim.treesitter.query').get_node_text(node, buf)
end

-- Captures on one (0-based) line: a list of { capture name, text }.
local function captures(buf, tree, query, lnum)
  local out = {}
  for id, node in query:iter_captures(tree:root(), buf, lnum, lnum + 1) do
    local sr = node:range()
    if sr == lnum then
      table.insert(out, { query.captures[id], node_text(node, buf) })
    end
  end
  return out
end

-- True if some capture of `text` is one of `names`.
local function has(caps, text, names)
  for _, c in ipairs(caps) do
    if c[2] == text then
      for _, n in ipairs(names) do
        if c[1] == n then
          return true
        end
      end
    end
  end
  return false
end

T.run('treesitter', function()
  T.check(#vim.api.nvim_get_runtime_file('parser/hyoka.so', false) > 0, 'parser/hyoka.so is on the runtimepath')
  local loaded, err = hyoka.register_parser()
  if not T.check(loaded, 'the parser loads', tostring(err)) then
    return
  end
  for _, name in ipairs({ 'highlights', 'folds' }) do
    local ok, q = pcall(get_query, name)
    T.check(ok and q ~= nil, 'queries/hyoka/' .. name .. '.scm parses', tostring(q))
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  T.eq(vim.bo[buf].filetype, 'hyoka', 'filetype detected for *.hyoka')
  local hl = require('vim.treesitter.highlighter')
  T.check(hl.active[buf] ~= nil, 'the tree-sitter highlighter is active in the buffer')

  local parser = vim.treesitter.get_parser(buf, 'hyoka')
  local tree = parser:parse()[1]
  T.eq(tree:root():type(), 'document', 'root node is a document')
  T.eq(tree:root():has_error(), false, 'evaluation.hyoka parses without errors')
  local query = get_query('highlights')

  -- Line 1: `# 政策評価書 Ⅰ-2 北米地域外交`
  local l = captures(buf, tree, query, 0)
  T.check(has(l, '#', { 'punctuation.special' }), 'heading marker is @punctuation.special', vim.inspect(l))
  T.check(has(l, '政策評価書 Ⅰ-2', { 'keyword' }), 'document label is @keyword', vim.inspect(l))
  T.check(has(l, '北米地域外交', { 'markup.heading', 'text.title' }), 'heading title is @markup.heading', vim.inspect(l))

  -- Line 2: `@年度: 令和5年度`
  l = captures(buf, tree, query, 1)
  T.check(has(l, '@', { 'punctuation.special' }), 'attribute marker is @punctuation.special', vim.inspect(l))
  T.check(has(l, '年度', { 'property' }), 'attribute key is @property', vim.inspect(l))
  T.check(has(l, '令和5年度', { 'string' }), 'attribute value is @string', vim.inspect(l))

  -- Line 25/26: a table header and a row `| 当初予算(a) | 652 | 568 | 535 | 590 |`
  l = captures(buf, tree, query, 24)
  T.check(has(l, '区分', { 'markup.heading', 'text.title' }), 'first table row is a header', vim.inspect(l))
  l = captures(buf, tree, query, 25)
  T.check(has(l, '652', { 'number' }), 'numeric cell 652 is @number', vim.inspect(l))
  T.check(not has(l, '当初予算(a)', { 'number' }), 'label cell is not @number', vim.inspect(l))

  -- What the running highlighter reports at a position (0.9+).
  if vim.treesitter.get_captures_at_pos then
    local row = vim.api.nvim_buf_get_lines(buf, 25, 26, false)[1]
    local col = row:find('652', 1, true) - 1
    local names = {}
    for _, c in ipairs(vim.treesitter.get_captures_at_pos(buf, 25, col)) do
      table.insert(names, c.capture)
    end
    T.check(vim.tbl_contains(names, 'number'), 'get_captures_at_pos on 652 gives number', vim.inspect(names))
  end

  local files = vim.api.nvim_get_runtime_file('queries/hyoka/highlights.scm', true)
  T.check(#files >= 1, 'queries/hyoka/highlights.scm found on the runtimepath')

  -- Folds (0.10+ has vim.treesitter.foldexpr).
  if vim.treesitter.foldexpr then
    vim.wo.foldmethod = 'expr'
    vim.wo.foldexpr = 'v:lua.vim.treesitter.foldexpr()'
    vim.cmd('normal! zx')
    T.check(vim.fn.foldlevel(2) >= 1, 'line 2 is inside a fold (section)', 'foldlevel ' .. vim.fn.foldlevel(2))
  end
end)

T.finish()
