-- 'indentexpr' for choreo buffers: the layout form's block rules
-- (LANGUAGE.md §2.2) and the brace form's braces, from the previous code
-- line alone, like the VS Code extension's indentation rules.
local M = {}

-- Keywords that open a block when they start a line (after an optional `|`).
local openers = {
  "loop", "rec", "choice", "case", "timed_choice", "par", "branch", "where", "body", "retry", "heartbeat",
}

--- Returns line without a trailing `--` or `//` comment (strings are kept
--- whole, so a `--` inside a string is not a comment).
---@param line string
---@return string
function M.strip_comment(line)
  local i, n, in_string = 1, #line, false
  while i <= n do
    local c = line:sub(i, i)
    if in_string then
      if c == "\\" then
        i = i + 1
      elseif c == '"' then
        in_string = false
      end
    elseif c == '"' then
      in_string = true
    elseif line:sub(i, i + 1) == "--" or line:sub(i, i + 1) == "//" then
      return line:sub(1, i - 1)
    end
    i = i + 1
  end
  return line
end

--- Whether code (a line without its comment) opens a block.
---@param code string
---@return boolean
function M.opens_block(code)
  code = vim.trim(code)
  for _, tail in ipairs({ "=", "->", "=>", "{", "[", "(" }) do
    if code:sub(-#tail) == tail then
      return true
    end
  end
  if code:match("%f[%w_]of$") then
    return true
  end
  local word = code:gsub("^|%s*", ""):match("^([%a_]+)")
  return word ~= nil and vim.tbl_contains(openers, word)
end

-- The previous line that holds code (not blank, not only a comment).
local function previous_code_line(lnum)
  local prev = vim.fn.prevnonblank(lnum - 1)
  while prev > 0 and vim.trim(M.strip_comment(vim.fn.getline(prev))) == "" do
    prev = vim.fn.prevnonblank(prev - 1)
  end
  return prev
end

--- How many more brackets code closes than it opens (strings left out).
---@param code string
---@return integer
local function bracket_balance(code)
  code = code:gsub('"[^"]*"', "")
  local _, closed = code:gsub("[%]%)}]", "")
  local _, opened = code:gsub("[%[%({]", "")
  return closed - opened
end

--- The line where the statement ending on line lnum starts: lnum, or, when
--- lnum closes brackets opened on earlier lines (the last line of a send
--- whose annotations span lines), the line that opened them.
---@param lnum integer
---@return integer
function M.statement_start(lnum)
  local balance = bracket_balance(M.strip_comment(vim.fn.getline(lnum)))
  local line = lnum
  while balance > 0 and line > 1 do
    line = line - 1
    balance = balance + bracket_balance(M.strip_comment(vim.fn.getline(line)))
  end
  if balance > 0 then
    return lnum
  end
  return line
end

--- The indent of line lnum (1-based) of the current buffer.
---@param lnum integer
---@return integer
function M.get(lnum)
  local current = vim.fn.getline(lnum)
  if current:match("^%s*where%f[^%w_]") then
    return 0
  end
  local prev = previous_code_line(lnum)
  if prev == 0 then
    return 0
  end
  local sw = vim.fn.shiftwidth()
  -- After the continuation lines of a statement, back to its first line's
  -- indent.
  local indent = vim.fn.indent(M.statement_start(prev))
  if M.opens_block(M.strip_comment(vim.fn.getline(prev))) then
    indent = indent + sw
  end
  if current:match("^%s*[}%])]") then
    indent = indent - sw
  end
  return math.max(indent, 0)
end

return M
