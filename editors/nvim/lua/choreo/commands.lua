-- :ChoreoRun, :ChoreoProjection [role], :ChoreoCompat [ref],
-- :ChoreoStateMachine [role]: the server's workspace/executeCommand
-- commands, with their results in scratch buffers (and, for state machines,
-- an SVG and a dot file).
local lsp = require("choreo.lsp")

local M = {}

--- Server command names (see lsp/ in the repository).
M.server_commands = {
  run = "choreo.runInVM",
  projection = "choreo.showProjection",
  compat = "choreo.compatWithBase",
  state_machine = "choreo.showStateMachine",
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

--- Lines describing a run (the result of choreo.runInVM: {outcome = {kind,
--- step, role, reason}, summary, steps, maxSteps, trace, svgUri, …}):
--- outcome, explanation, where the SVG sequence diagram is, and the trace.
---@param result any
---@return string[]
function M.run_lines(result)
  if type(result) == "string" then
    return lines_of(result)
  end
  if type(result) ~= "table" then
    return { "outcome: unknown (the server returned no run result)" }
  end
  local outcome = type(result.outcome) == "table" and result.outcome or {}
  local out = { "outcome: " .. tostring(outcome.kind or "unknown") }
  if type(result.summary) == "string" then
    vim.list_extend(out, lines_of(result.summary))
  end
  if type(result.steps) == "number" then
    local budget = type(result.maxSteps) == "number" and (" of max_steps " .. result.maxSteps) or ""
    table.insert(out, ("steps: %d%s"):format(result.steps, budget))
  end
  if type(result.svgUri) == "string" and result.svgUri ~= "" then
    table.insert(out, "sequence diagram: " .. vim.uri_to_fname(result.svgUri))
  end
  if type(result.trace) == "string" and result.trace ~= "" then
    table.insert(out, "")
    vim.list_extend(out, lines_of(result.trace))
  end
  return out
end

--- Sends a server command for bufnr and calls on_result(result) with its answer.
---@param bufnr integer
---@param command string
---@param args table
---@param on_result fun(result: any)
---@param on_done fun()|nil called once the request ended, successfully or not
function M.execute(bufnr, command, args, on_result, on_done)
  on_done = on_done or function() end
  local client = lsp.client(bufnr)
  if not client then
    on_done()
    vim.notify("choreo: no language server attached to this buffer", vim.log.levels.ERROR)
    return
  end
  lsp.request(client, "workspace/executeCommand", { command = command, arguments = args }, function(err, result)
    on_done()
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

--- Number of runs waiting for their result: while one is, the server's
--- window/showDocument requests (the trace, the SVG) are answered by the
--- run buffer instead (see lsp.lua).
M.runs_in_flight = 0

--- Runs the buffer's protocol in the VM and shows the outcome and trace.
---@param bufnr integer
function M.run(bufnr)
  local args = { vim.uri_from_bufnr(bufnr) }
  local sizes = require("choreo").options.settings.familySizes
  if sizes and next(sizes) then
    table.insert(args, { families = sizes })
  end
  M.runs_in_flight = M.runs_in_flight + 1
  M.execute(bufnr, M.server_commands.run, args, function(result)
    M.show("run/" .. buffer_name(bufnr), M.run_lines(result))
  end, function()
    M.runs_in_flight = M.runs_in_flight - 1
  end)
end

--- Role names of the buffer's protocol: the server's document symbols of
--- kind Class (5).
---@param bufnr integer
---@return string[]
function M.roles(bufnr)
  local client = lsp.client(bufnr)
  if not client then
    return {}
  end
  local resp = lsp.request_sync(client, "textDocument/documentSymbol", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  }, 1000, bufnr)
  local roles, seen = {}, {}
  local function visit(symbols)
    for _, s in ipairs(symbols or {}) do
      if s.kind == 5 and not seen[s.name] then
        seen[s.name] = true
        table.insert(roles, s.name)
      end
      visit(s.children)
    end
  end
  visit(resp and resp.result)
  return roles
end

--- Shows the local type of role; without one, lets the user pick a role
--- (or all of them) from the server's projections.
---@param bufnr integer
---@param role string|nil
function M.projection(bufnr, role)
  local uri = vim.uri_from_bufnr(bufnr)
  local function show(r, result)
    M.show("projection/" .. buffer_name(bufnr) .. "/" .. r, lines_of(M.result_text(result)))
  end
  if role and role ~= "" then
    M.execute(bufnr, M.server_commands.projection, { uri, role }, function(result)
      show(role, result)
    end)
    return
  end
  M.execute(bufnr, M.server_commands.projection, { uri }, function(all)
    local items = { { role = "*", session = "every role" } }
    vim.list_extend(items, type(all) == "table" and all.roles or {})
    vim.ui.select(items, {
      prompt = "Project onto role: ",
      format_item = function(item)
        return ("%s  %s"):format(item.role, item.session or "")
      end,
    }, function(choice)
      if choice and choice.role == "*" then
        show("all", all)
      elseif choice then
        M.projection(bufnr, choice.role)
      end
    end)
  end)
end

--- Writes the state machine of role (every role and the global protocol
--- when role is nil or empty) as name.svg and name.dot in dir, from the
--- result of choreo.showStateMachine. Returns the SVG's path, or nil and
--- an error.
---@param result any
---@param dir string
---@param name string
---@return string|nil, string|nil
function M.write_state_machine(result, dir, name)
  if type(result) ~= "table" or type(result.svg) ~= "string" or type(result.dot) ~= "string" then
    return nil, "the server sent no state machine"
  end
  vim.fn.mkdir(dir, "p")
  local base = dir .. "/" .. name:gsub("[^%w%._-]", "_")
  for ext, text in pairs({ svg = result.svg, dot = result.dot }) do
    local f, err = io.open(base .. "." .. ext, "w")
    if not f then
      return nil, err
    end
    f:write(text)
    f:close()
  end
  return base .. ".svg"
end

--- Draws the state machine of role (all roles and the global protocol
--- without one): writes an SVG and a dot file in the option
--- state_machine_dir (default: Neovim's cache directory, "choreo" in it)
--- and opens the SVG with the system's viewer (vim.ui.open, Neovim 0.10+),
--- unless the option open_state_machine is false.
---@param bufnr integer
---@param role string|nil
function M.state_machine(bufnr, role)
  local args = { vim.uri_from_bufnr(bufnr) }
  local name = buffer_name(bufnr)
  if role and role ~= "" then
    table.insert(args, role)
    name = name .. "." .. role
  end
  M.execute(bufnr, M.server_commands.state_machine, args, function(result)
    local opts = require("choreo").options
    local path, err = M.write_state_machine(result, opts.state_machine_dir or (vim.fn.stdpath("cache") .. "/choreo"), name)
    if not path then
      vim.notify("choreo: " .. err, vim.log.levels.ERROR)
      return
    end
    M.last_state_machine = path
    vim.notify(("choreo: state machine written to %s (and .dot)"):format(path))
    if opts.open_state_machine and vim.ui.open then
      vim.ui.open(path)
    end
  end)
end

--- Checks the buffer against its version at the git revision ref (the
--- server's configured base when nil).
---@param bufnr integer
---@param ref string|nil
function M.compat(bufnr, ref)
  local args = { vim.uri_from_bufnr(bufnr) }
  if ref and ref ~= "" then
    table.insert(args, ref)
  end
  M.execute(bufnr, M.server_commands.compat, args, function(result)
    M.show("compat/" .. buffer_name(bufnr), lines_of(M.result_text(result)))
  end)
end

return M
