-- :ChoreoRun, :ChoreoProjection [role], :ChoreoCompat [ref]: the server's
-- workspace/executeCommand commands, with their results in scratch buffers.
local lsp = require("choreo.lsp")

local M = {}

--- Server command names (see lsp/ in the repository).
M.server_commands = {
  run = "choreo.runInVM",
  projection = "choreo.showProjection",
  compat = "choreo.compatWithBase",
}

--- Splits text into buffer lines.
---@param text string
---@return string[]
local function lines_of(text)
  return vim.split((text:gsub("\r\n", "\n"):gsub("\n$", "")), "\n", { plain = true })
end

--- Shows lines in the scratch buffer called name (reused when it exists),
--- in a split below the current window. Returns the buffer number.
---@param name string
---@param lines string[]
---@return integer
function M.show(name, lines)
  local bufname = "choreo://" .. name
  local buf = vim.fn.bufnr(bufname)
  if buf == -1 then
    buf = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_name(buf, bufname)
    vim.bo[buf].buftype = "nofile"
    vim.bo[buf].bufhidden = "hide"
    vim.bo[buf].swapfile = false
  end
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  if vim.fn.bufwinid(buf) == -1 then
    vim.cmd("belowright split")
    vim.api.nvim_win_set_buf(0, buf)
  end
  return buf
end

--- Text of a projection or compatibility result: a string as it is, a
--- table's `text` field, else the JSON encoding.
---@param result any
---@return string
function M.result_text(result)
  if type(result) == "string" then
    return result
  end
  if type(result) == "table" and type(result.text) == "string" then
    return result.text
  end
  return vim.fn.json_encode(result)
end

--- Lines describing a run: outcome, explanation, trace, and where the SVG
--- sequence diagram was written.
---@param result any
---@return string[]
function M.run_lines(result)
  if type(result) == "string" then
    return lines_of(result)
  end
  if type(result) ~= "table" then
    return { "outcome: unknown (the server returned no run result)" }
  end
  local outcome = result.outcome
  if type(outcome) == "table" then
    outcome = outcome.kind or outcome.outcome
  end
  local out = { "outcome: " .. tostring(outcome or "unknown") }
  local facts = {}
  for _, key in ipairs({ "message", "role", "step", "steps" }) do
    local v = result[key]
    if v ~= nil and v ~= vim.NIL then
      table.insert(facts, key .. " " .. tostring(v))
    end
  end
  if #facts > 0 then
    table.insert(out, table.concat(facts, " · "))
  end
  if type(result.svg) == "string" and result.svg ~= "" then
    local path = vim.fn.tempname() .. ".svg"
    vim.fn.writefile(lines_of(result.svg), path)
    table.insert(out, "sequence diagram: " .. path)
  end
  local trace = result.trace
  if type(trace) == "table" then
    local events = {}
    for _, e in ipairs(trace) do
      table.insert(events, type(e) == "string" and e or vim.fn.json_encode(e))
    end
    trace = table.concat(events, "\n")
  end
  if type(trace) == "string" and trace ~= "" then
    table.insert(out, "")
    vim.list_extend(out, lines_of(trace))
  end
  return out
end

--- Sends a server command for bufnr and calls on_result(result) with its answer.
---@param bufnr integer
---@param command string
---@param args table
---@param on_result fun(result: any)
function M.execute(bufnr, command, args, on_result)
  local client = lsp.client(bufnr)
  if not client then
    vim.notify("choreo: no language server attached to this buffer", vim.log.levels.ERROR)
    return
  end
  client.request("workspace/executeCommand", { command = command, arguments = args }, function(err, result)
    if err then
      vim.notify(("choreo: %s failed: %s"):format(command, err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    on_result(result)
  end, bufnr)
end

local function buffer_name(bufnr)
  return vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":t")
end

--- Runs the buffer's protocol in the VM and shows the outcome and trace.
---@param bufnr integer
function M.run(bufnr)
  M.execute(bufnr, M.server_commands.run, { { uri = vim.uri_from_bufnr(bufnr) } }, function(result)
    M.show("run/" .. buffer_name(bufnr), M.run_lines(result))
  end)
end

--- Role names of the buffer's protocol, from the server's document symbols.
---@param bufnr integer
---@return string[]
function M.roles(bufnr)
  local client = lsp.client(bufnr)
  if not client then
    return {}
  end
  local resp = client.request_sync("textDocument/documentSymbol", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  }, 1000, bufnr)
  local roles, seen = {}, {}
  local function visit(symbols)
    for _, s in ipairs(symbols or {}) do
      if type(s.detail) == "string" and s.detail:match("role") and not seen[s.name] then
        seen[s.name] = true
        table.insert(roles, (s.name:gsub("%[.*$", "")))
      end
      visit(s.children)
    end
  end
  visit(resp and resp.result)
  return roles
end

--- Shows the local type of role (asked for when nil).
---@param bufnr integer
---@param role string|nil
function M.projection(bufnr, role)
  local function project(r)
    local args = { { uri = vim.uri_from_bufnr(bufnr), role = r } }
    M.execute(bufnr, M.server_commands.projection, args, function(result)
      M.show("projection/" .. buffer_name(bufnr) .. "/" .. r, lines_of(M.result_text(result)))
    end)
  end
  if role and role ~= "" then
    return project(role)
  end
  vim.ui.select(M.roles(bufnr), { prompt = "Project onto role: " }, function(choice)
    if choice then
      project(choice)
    end
  end)
end

--- Checks the buffer against its version at the git revision ref (the
--- server's configured base when nil).
---@param bufnr integer
---@param ref string|nil
function M.compat(bufnr, ref)
  local arg = { uri = vim.uri_from_bufnr(bufnr) }
  if ref and ref ~= "" then
    arg.base = ref
  end
  M.execute(bufnr, M.server_commands.compat, { arg }, function(result)
    M.show("compat/" .. buffer_name(bufnr), lines_of(M.result_text(result)))
  end)
end

return M
