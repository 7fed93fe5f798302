-- Drives the choreo language server from a real Neovim (0.7+):
-- CHOREO_BIN, CHOREO_FILE, CHOREO_OUT come from the Go test. The result
-- (diagnostic codes and the hover text, or the error) goes to CHOREO_OUT.
local out = assert(io.open(os.getenv("CHOREO_OUT"), "w"))

local function run()
  local file = os.getenv("CHOREO_FILE")
  local client_id = vim.lsp.start_client({
    name = "choreo",
    cmd = { os.getenv("CHOREO_BIN"), "lsp", "--diagnostics-delay", "0" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  assert(client_id, "start_client failed")
  vim.cmd("edit " .. file)
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  assert(got, "no diagnostics published")
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out:write("diagnostic ", tostring(d.lnum), " ", tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)), "\n")
  end
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = tonumber(os.getenv("CHOREO_LINE")), character = tonumber(os.getenv("CHOREO_CHAR")) },
  }
  local res = client.request_sync("textDocument/hover", params, 20000, buf)
  assert(res and res.result, "no hover result: " .. vim.inspect(res))
  out:write("hover ", res.result.contents.value, "\n")
  client.stop()
end

local ok, err = pcall(run)
if not ok then
  out:write("error ", tostring(err), "\n")
end
out:close()
vim.cmd(ok and "qall!" or "cquit 1")
