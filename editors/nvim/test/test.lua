-- Headless checks of the choreo Neovim plugin (run by test/run.sh): filetype,
-- diagnostics and hover from the real server, :ChoreoProjection,
-- :ChoreoStateMachine and :ChoreoRun results, and the tree-sitter parser +
-- highlights.scm.
local repo = assert(os.getenv("CHOREO_REPO"))
local bin = assert(os.getenv("CHOREO_BIN"))
local tmp = assert(os.getenv("CHOREO_TMP"))
local parser_path = os.getenv("CHOREO_PARSER")

local passed, failed, skipped = 0, 0, 0

-- Headless Neovim's print() does not end lines; write them ourselves.
local function say(line)
  io.stdout:write(line, "\n")
end

local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    say("ok   " .. name)
  elseif type(err) == "string" and err:match("^SKIP: ") then
    skipped = skipped + 1
    say("skip " .. name .. " (" .. err:sub(7) .. ")")
  else
    failed = failed + 1
    say("FAIL " .. name .. ": " .. tostring(err))
  end
end

local function skip(reason)
  error("SKIP: " .. reason, 0)
end

local function contains(haystack, needle, what)
  if not haystack:find(needle, 1, true) then
    error(("%s lacks %q:\n%s"):format(what, needle, haystack), 2)
  end
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
end

-- The local type `choreo project --role ROLE FILE` prints (without its
-- "ROLE: " prefix): the oracle for hovers and projections.
local function cli_projection(file, role)
  -- Only stdout: the CLI reports diagnostics (e.g. budget warnings) on stderr.
  local argv = vim.tbl_map(vim.fn.shellescape, { bin, "project", "--role", role, file })
  local out = vim.fn.system(table.concat(argv, " ") .. " 2>/dev/null")
  assert(vim.v.shell_error == 0, "choreo project failed: " .. out)
  out = vim.trim(out):gsub("^" .. vim.pesc(role) .. ":%s*", "")
  assert(out ~= "", "choreo project printed nothing")
  return out
end

-- Opens file in the current window and waits until the server is attached.
local function open(file)
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local lsp = require("choreo.lsp")
  assert(vim.wait(5000, function()
    return lsp.client(buf) ~= nil
  end, 20), "no choreo client attached to " .. file)
  return buf, lsp.client(buf)
end

-- Records every publishDiagnostics notification (uri → count).
local published = {}
local default_publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  if result then
    published[result.uri] = (published[result.uri] or 0) + 1
  end
  return default_publish(err, result, ctx, config)
end

local function wait_published(buf)
  local uri = vim.uri_from_bufnr(buf)
  assert(vim.wait(5000, function()
    return (published[uri] or 0) > 0
  end, 20), "no diagnostics published for " .. uri)
end

local ping_pong = repo .. "/examples/ping_pong.choreo"
local anti_entropy = repo .. "/examples/anti_entropy.choreo"

check("filetype and comment leader follow the surface form", function()
  vim.cmd("edit " .. ping_pong)
  assert(vim.bo.filetype == "choreo", "filetype " .. vim.bo.filetype)
  assert(vim.bo.commentstring == "-- %s", "layout commentstring " .. vim.bo.commentstring)
  vim.cmd("edit " .. anti_entropy)
  assert(vim.bo.filetype == "choreo", "filetype " .. vim.bo.filetype)
  assert(vim.bo.commentstring == "// %s", "brace commentstring " .. vim.bo.commentstring)
  -- .tell is the same language
  local tell = vim.fn.tempname() .. ".tell"
  vim.fn.writefile({ "module t exposing (T)", "protocol T =", "  roles A, B", "  A -> B : M" }, tell)
  vim.cmd("edit " .. tell)
  assert(vim.bo.filetype == "choreo", ".tell filetype " .. vim.bo.filetype)
  assert(vim.bo.commentstring == "-- %s", ".tell commentstring " .. vim.bo.commentstring)
  assert(vim.bo.suffixesadd == ".choreo,.tell", ".tell suffixesadd " .. vim.bo.suffixesadd)
end)

check("the server is registered the way this Neovim expects", function()
  if vim.lsp.config and vim.lsp.enable then
    local cfg = vim.lsp.config.choreo
    assert(cfg and cfg.cmd and cfg.cmd[1] == bin, "vim.lsp.config.choreo: " .. vim.inspect(cfg))
    assert(vim.tbl_contains(cfg.filetypes, "choreo"), "filetypes " .. vim.inspect(cfg.filetypes))
  else
    local autocmds = vim.api.nvim_get_autocmds({ group = "choreo", event = "FileType", pattern = "choreo" })
    assert(#autocmds > 0, "no FileType autocommand in the choreo group")
  end
end)

check("indentexpr follows the layout and brace blocks", function()
  local buf = vim.api.nvim_create_buf(true, true)
  vim.api.nvim_set_current_buf(buf)
  vim.bo[buf].filetype = "choreo"
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, {
    "protocol P =", -- 1
    "  roles A, B", -- 2
    "  choice at A", -- 3
    "    | go -> -- comment", -- 4
    "      A -> B : Go", -- 5
    "", -- 6
    "  -- only a comment ->", -- 7
    "      B -> A : Ok", -- 8
    "  where", -- 9
    "protocol Q {", -- 10
    "  A -> B: X;", -- 11
    "  }", -- 12
    "protocol R =", -- 13
    "  Alice[ guard_capability = \"net:send\"", -- 14
    "       , journal_facts = \"a]\" ] -> Bob : Hello(x: String)", -- 15
    "  Bob -> Alice : Bye", -- 16
    "  choice at A {", -- 17
    "    x => { A -> B: M; }", -- 18
    "  }", -- 19
    "  A -> B : N", -- 20
  })
  -- shiftwidth is 2: the buffer was empty, so in the layout form, when its filetype was set.
  -- Line 16 follows a send whose annotations span two lines: back to the send's indent.
  local want = { [2] = 2, [3] = 2, [4] = 4, [5] = 6, [8] = 6, [9] = 0, [11] = 2, [12] = 0, [16] = 2, [19] = 2, [20] = 2 }
  for lnum, indent in pairs(want) do
    local got = vim.api.nvim_buf_call(buf, function()
      return vim.fn.eval((vim.bo[buf].indentexpr:gsub("v:lnum", tostring(lnum))))
    end)
    assert(got == indent, ("line %d: indent %s, want %d"):format(lnum, tostring(got), indent))
  end
  vim.api.nvim_buf_delete(buf, { force = true })
end)

check("a clean file gets no diagnostics", function()
  local buf = open(ping_pong)
  wait_published(buf)
  local d = vim.diagnostic.get(buf)
  assert(#d == 0, "unexpected diagnostics: " .. vim.inspect(d))
end)

check("a syntax error is reported on its line", function()
  local file = tmp .. "/broken.choreo"
  vim.fn.writefile({
    "module broken exposing (Broken)",
    "",
    "protocol Broken =",
    "  roles A, B",
    "",
    "  A -> B Ping",
    "  B -> A : Pong",
  }, file)
  local buf = open(file)
  assert(vim.wait(5000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20), "no diagnostics for the broken file")
  local d = vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR })
  assert(#d > 0, "no error: " .. vim.inspect(vim.diagnostic.get(buf)))
  assert(d[1].lnum == 5, ("error on line %d, want 6: %s"):format(d[1].lnum + 1, d[1].message))
end)

check("hover on a role shows its local type", function()
  local buf, client = open(ping_pong)
  local line
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if l:match("^%s*roles ") then
      line = i - 1
      break
    end
  end
  assert(line, "no roles line")
  local col = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]:find("Client", 1, true) - 1
  local resp = require("choreo.lsp").request_sync(client, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = col },
  }, 5000, buf)
  assert(resp and resp.result, "no hover: " .. vim.inspect(resp))
  local contents = resp.result.contents
  local text = type(contents) == "string" and contents or contents.value or vim.inspect(contents)
  for l in cli_projection(ping_pong, "Client"):gmatch("[^\n]+") do
    contains(text, vim.trim(l), "hover")
  end
end)

-- Records window/showMessage notifications (the server's warnings).
local shown = {}
local default_show = vim.lsp.handlers["window/showMessage"]
vim.lsp.handlers["window/showMessage"] = function(err, result, ctx, config)
  if result then
    table.insert(shown, result.message)
  end
  if default_show then
    return default_show(err, result, ctx, config)
  end
end

check("default settings are sent as JSON objects", function()
  local s = require("choreo.lsp").server_settings(require("choreo").options)
  local json = vim.fn.json_encode(s):gsub("%s", "")
  contains(json, '"familySizes":{}', "encoded settings")
  for _, m in ipairs(shown) do
    assert(not m:find("ignoring", 1, true), "the server ignored settings: " .. m)
  end
end)

check("settings reach the server: familySizes sizes a family", function()
  local buf, client = open(repo .. "/examples/threshold_sign.choreo")
  local notify = client.notify
  local settings = { choreo = { familySizes = { Witness = 5 }, budget = { multiplier = 1 } } }
  if vim.fn.has("nvim-0.11") == 1 then
    client:notify("workspace/didChangeConfiguration", { settings = settings })
  else
    notify("workspace/didChangeConfiguration", { settings = settings })
  end
  local text
  assert(vim.wait(5000, function()
    local line
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      if l:match("^%s*roles ") then
        line = i - 1
        break
      end
    end
    local col = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]:find("Witness", 1, true) - 1
    local resp = require("choreo.lsp").request_sync(client, "textDocument/hover", {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = line, character = col },
    }, 5000, buf)
    local c = resp and resp.result and resp.result.contents
    text = c and (type(c) == "string" and c or c.value) or ""
    return text:find("Witness[4]", 1, true) ~= nil
  end, 50), "hover does not show 5 witnesses:\n" .. tostring(text))
end)

check("the usual LSP mappings are set on attach", function()
  local buf = open(ping_pong)
  local found = false
  for _, m in ipairs(vim.api.nvim_buf_get_keymap(buf, "n")) do
    if m.lhs == "K" then
      found = true
    end
  end
  assert(found, "no buffer-local K mapping")
end)

check(":ChoreoProjection A shows the local type of A", function()
  open(anti_entropy)
  vim.cmd("ChoreoProjection A")
  local name = "choreo://projection/anti_entropy.choreo/A"
  assert(vim.wait(5000, function()
    local b = vim.fn.bufnr(name)
    return b ~= -1 and buffer_text(b) ~= ""
  end, 20), "no projection buffer " .. name)
  local text = buffer_text(vim.fn.bufnr(name))
  for l in cli_projection(anti_entropy, "A"):gmatch("[^\n]+") do
    contains(text, vim.trim(l), "projection buffer")
  end
  vim.cmd("close")
end)

check(":ChoreoStateMachine Server writes the role's state machine as SVG and dot", function()
  open(ping_pong)
  require("choreo").options.open_state_machine = false
  require("choreo").options.state_machine_dir = tmp
  require("choreo.commands").last_state_machine = nil
  vim.cmd("ChoreoStateMachine Server")
  assert(vim.wait(10000, function()
    return require("choreo.commands").last_state_machine ~= nil
  end, 20), "no state machine written")
  local svg = require("choreo.commands").last_state_machine
  contains(table.concat(vim.fn.readfile(svg), "\n"), "<svg", svg)
  local dot = table.concat(vim.fn.readfile((svg:gsub("%.svg$", ".dot"))), "\n")
  contains(dot, 'label="?Client.Request(query: String)"', "dot file")
end)

check("role completion comes from the server's symbols", function()
  local buf = open(ping_pong)
  local roles = require("choreo.commands").roles(buf)
  table.sort(roles)
  assert(vim.deep_equal(roles, { "Client", "Server" }), vim.inspect(roles))
end)

check(":ChoreoCompat HEAD compares the buffer with its committed version", function()
  open(ping_pong)
  vim.cmd("ChoreoCompat HEAD")
  local name = "choreo://compat/ping_pong.choreo"
  assert(vim.wait(10000, function()
    local b = vim.fn.bufnr(name)
    return b ~= -1 and buffer_text(b) ~= ""
  end, 20), "no compat buffer " .. name)
  local text = buffer_text(vim.fn.bufnr(name))
  contains(text, "ping_pong.choreo vs HEAD: ", "compat buffer")
  contains(text, "Client: ", "compat buffer")
  contains(text, "Server: ", "compat buffer")
  vim.cmd("close")
end)

check(":ChoreoRun shows a completed run and its trace", function()
  open(ping_pong)
  vim.cmd("ChoreoRun")
  local name = "choreo://run/ping_pong.choreo"
  assert(vim.wait(10000, function()
    local b = vim.fn.bufnr(name)
    return b ~= -1 and buffer_text(b) ~= ""
  end, 20), "no run buffer " .. name)
  local text = buffer_text(vim.fn.bufnr(name))
  contains(text, "outcome: completed", "run buffer")
  contains(text, "Request", "run buffer")
  contains(text, "Response", "run buffer")
  vim.cmd("close")
end)

check("highlights.scm compiles against the built parser and captures tokens", function()
  if not parser_path then
    skip("syntax/src/parser.c not present")
  end
  local ts = require("choreo.treesitter")
  local ok, err = ts.register(parser_path)
  assert(ok, err)
  local get_files = vim.treesitter.query.get_files or vim.treesitter.query.get_query_files
  local files = get_files("choreo", "highlights")
  assert(#files > 0, "no queries/choreo/highlights.scm on 'runtimepath'")
  local query = ts.parse_query(table.concat(vim.fn.readfile(files[1]), "\n"))
  local buf = vim.fn.bufadd(ping_pong)
  vim.fn.bufload(buf)
  local root = vim.treesitter.get_parser(buf, "choreo"):parse()[1]:root()
  assert(not root:has_error(), "parse error in " .. ping_pong)
  local by_text = {}
  for id, node in query:iter_captures(root, buf, 0, -1) do
    local text = (vim.treesitter.get_node_text or vim.treesitter.query.get_node_text)(node, buf)
    by_text[text] = by_text[text] or {}
    table.insert(by_text[text], query.captures[id])
  end
  local function captured(text, prefix)
    for _, c in ipairs(by_text[text] or {}) do
      if c:sub(1, #prefix) == prefix then
        return
      end
    end
    error(("%q not captured as @%s*: %s"):format(text, prefix, vim.inspect(by_text[text])), 2)
  end
  captured("protocol", "keyword")
  captured("roles", "keyword")
  captured("-- Two-party request/response: the smallest useful protocol.", "comment")
end)

check("opening a choreo buffer starts tree-sitter highlighting", function()
  if not parser_path then
    skip("syntax/src/parser.c not present")
  end
  local buf = open(ping_pong)
  assert(require("choreo.treesitter").highlight(buf), "highlight() did not start")
  assert(vim.treesitter.highlighter.active[buf], "no active highlighter for the buffer")
end)

say(("%d passed, %d failed, %d skipped"):format(passed, failed, skipped))
vim.cmd(failed == 0 and "qall!" or "cquit!")
