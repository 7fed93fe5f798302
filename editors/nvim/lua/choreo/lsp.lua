-- Starting `choreo lsp` for choreo buffers: vim.lsp.config/vim.lsp.enable on
-- Neovim 0.11+, vim.lsp.start_client + vim.lsp.buf_attach_client from a
-- FileType autocommand on older versions (0.7 and later).
local M = {}

local uv = vim.uv or vim.loop

M.name = "choreo"

--- The server settings (initializationOptions and workspace/configuration).
--- An empty Lua table encodes as a JSON array, so empty tables that stand
--- for objects (familySizes = {}) are sent as vim.empty_dict().
---@param opts table
function M.server_settings(opts)
  local s = vim.deepcopy(opts.settings or {})
  for _, key in ipairs({ "familySizes", "budget", "compat" }) do
    if type(s[key]) == "table" and next(s[key]) == nil then
      s[key] = vim.empty_dict()
    end
  end
  return { choreo = s }
end
local server_settings = M.server_settings

--- The buffer-local mappings set on attach (opt out with keymaps = false).
M.keymaps = {
  { "n", "K", vim.lsp.buf.hover, "choreo: hover (local type, effects)" },
  { "n", "gd", vim.lsp.buf.definition, "choreo: go to definition" },
  -- Neovim 0.11 maps gr* itself (grr, grn, gra): gr would shadow them.
  vim.fn.has("nvim-0.11") == 0 and { "n", "gr", vim.lsp.buf.references, "choreo: references" } or nil,
  { "n", "<leader>rn", vim.lsp.buf.rename, "choreo: rename" },
  { "n", "<leader>ca", vim.lsp.buf.code_action, "choreo: code actions (Run in VM, fixes)" },
  { "n", "[d", vim.diagnostic.goto_prev, "choreo: previous diagnostic" },
  { "n", "]d", vim.diagnostic.goto_next, "choreo: next diagnostic" },
}

--- Called when the server attaches to a buffer: the usual buffer-local LSP
--- mappings (unless opts.keymaps is false), code lenses (refreshed as the
--- buffer changes) and inlay hints where this Neovim supports them.
---@param opts table
---@param client table
---@param bufnr integer
local function on_attach(opts, client, bufnr)
  if opts.keymaps ~= false then
    for _, m in pairs(M.keymaps) do
      vim.keymap.set(m[1], m[2], m[3], { buffer = bufnr, silent = true, desc = m[4] })
    end
  end
  local caps = client.server_capabilities or {}
  if opts.codelens ~= false and caps.codeLensProvider and vim.lsp.codelens then
    -- refresh() works on the current buffer, which need not be bufnr yet.
    local function refresh()
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.lsp.buf_is_attached(bufnr, client.id) then
        vim.api.nvim_buf_call(bufnr, function()
          pcall(vim.lsp.codelens.refresh)
        end)
      end
    end
    vim.schedule(refresh)
    vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "BufWritePost" }, {
      buffer = bufnr,
      group = vim.api.nvim_create_augroup("choreo_codelens_" .. bufnr, { clear = true }),
      callback = refresh,
    })
  end
  if opts.inlay_hints ~= false and caps.inlayHintProvider and vim.lsp.inlay_hint then
    -- 0.10 takes (enable, filter); its pre-releases took (bufnr, enable).
    if not pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr }) then
      pcall(vim.lsp.inlay_hint.enable, bufnr, true)
    end
  end
end
M.on_attach = on_attach

--- Handlers of server requests: while :ChoreoRun waits for its result, the
--- run buffer shows the trace and the diagram's path, so the server's
--- window/showDocument for them (Neovim 0.8+) is answered without opening
--- anything.
local handlers = {
  ["window/showDocument"] = function(err, params, ctx, config)
    if require("choreo.commands").runs_in_flight > 0 then
      return { success = true }
    end
    local default = vim.lsp.handlers["window/showDocument"]
    if not default then
      return { success = false }
    end
    return default(err, params, ctx, config)
  end,
}

--- Nearest directory above the buffer's file holding one of the markers,
--- else the file's own directory.
---@param bufnr integer
---@param markers string[]
---@return string
local function root_dir(bufnr, markers)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local dir = file ~= "" and vim.fn.fnamemodify(file, ":p:h") or uv.cwd()
  local cur = dir
  while true do
    for _, m in ipairs(markers) do
      if uv.fs_stat(cur .. "/" .. m) then
        return cur
      end
    end
    local parent = vim.fn.fnamemodify(cur, ":h")
    if parent == cur then
      return dir
    end
    cur = parent
  end
end

--- Returns the running choreo client attached to bufnr (or any choreo
--- client when bufnr is nil), or nil.
---@param bufnr integer|nil
function M.client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in ipairs(get(bufnr and { bufnr = bufnr } or nil) or {}) do
    if c.name == M.name and (not bufnr or vim.lsp.buf_is_attached(bufnr, c.id)) then
      return c
    end
  end
  return nil
end

-- Client methods are called with `:` from Neovim 0.11 on and with `.` before.
local colon_methods = vim.fn.has("nvim-0.11") == 1

--- client.request / client:request: sends a request, handler gets the answer.
function M.request(client, method, params, handler, bufnr)
  if colon_methods then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- client.request_sync / client:request_sync: returns {result=…, err=…} or nil.
function M.request_sync(client, method, params, timeout_ms, bufnr)
  if colon_methods then
    return client:request_sync(method, params, timeout_ms, bufnr)
  end
  return client.request_sync(method, params, timeout_ms, bufnr)
end

-- Neovim before 0.11: one client per root directory, attached on FileType.
local clients_by_root = {}

-- Whether the "not executable" message was shown (once per session).
local warned_missing = false

---@param bufnr integer
---@param opts table
local function attach_legacy(bufnr, opts)
  if vim.bo[bufnr].buftype ~= "" then
    return
  end
  if vim.fn.executable(opts.cmd[1]) ~= 1 then
    if not warned_missing then
      warned_missing = true
      vim.notify(("choreo: %q is not executable; set cmd in require('choreo').setup()"):format(opts.cmd[1]), vim.log.levels.WARN)
    end
    return
  end
  local root = root_dir(bufnr, opts.root_markers)
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = M.name,
      cmd = opts.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = server_settings(opts),
      settings = server_settings(opts),
      handlers = handlers,
      on_attach = function(client, buf)
        on_attach(opts, client, buf)
      end,
    })
    if not id then
      vim.notify("choreo: could not start " .. table.concat(opts.cmd, " "), vim.log.levels.ERROR)
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Registers the server for choreo buffers.
---@param opts table the plugin options
---@param group string|integer the plugin's autocommand group
function M.setup(opts, group)
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config(M.name, {
      cmd = opts.cmd,
      filetypes = { "choreo" },
      root_markers = opts.root_markers,
      init_options = server_settings(opts),
      settings = server_settings(opts),
      handlers = handlers,
      on_attach = function(client, buf)
        on_attach(opts, client, buf)
      end,
    })
    vim.lsp.enable(M.name)
    return
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "choreo",
    callback = function(args)
      attach_legacy(args.buf, opts)
    end,
  })
  -- Buffers that were opened before setup().
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == "choreo" then
      attach_legacy(buf, opts)
    end
  end
end

return M
