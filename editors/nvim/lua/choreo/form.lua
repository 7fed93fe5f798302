-- Which surface form a buffer is written in, decided like the parser does
-- (LANGUAGE.md §"two surface forms"): from the first significant token.
local M = {}

--- Returns true when the buffer's text is in the brace form (`#[`,
--- `choreography`, or `protocol Name {`), false for the layout form.
---@param bufnr integer
---@return boolean
function M.is_brace_form(bufnr)
  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, 200, false), "\n")
  -- Drop comments of both forms, then look at the first token.
  text = text:gsub("{%-.-%-}", " "):gsub("/%*.-%*/", " "):gsub("%-%-[^\n]*", " "):gsub("//[^\n]*", " ")
  text = text:gsub("^%s+", "")
  if text:sub(1, 2) == "#[" or text:match("^choreography%f[^%w_]") then
    return true
  end
  return text:match("^protocol%s+[%a][%w_]*%s*{") ~= nil
end

return M
