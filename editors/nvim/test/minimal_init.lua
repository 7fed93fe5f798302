-- Neovim configuration for the headless tests: only this plugin, with the
-- server and parser given by the test runner (test/run.sh).
local plugin = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h")
vim.opt.runtimepath:prepend(plugin)
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"
vim.g.choreo = {
  cmd = { assert(os.getenv("CHOREO_BIN"), "CHOREO_BIN not set"), "lsp" },
  -- The parser is built by the runner (never into the checkout).
  build_parser = false,
  -- The server's log goes to stderr, which the test runner keeps.
}
