-- Neovim configuration for the README screenshots (take.sh): the plugin from
-- this checkout, the server and parser from the environment, a dark theme,
-- and K for hover (Neovim 0.10+ maps it by default; 0.7 does not).
local editors = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h")
vim.opt.runtimepath:prepend(editors .. "/nvim")
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"
vim.opt.termguicolors = true
vim.opt.number = true
vim.opt.laststatus = 2
vim.opt.signcolumn = "yes"
vim.cmd("colorscheme desert")
vim.cmd("highlight Normal guibg=#1e1e1e")
vim.cmd("highlight SignColumn guibg=#1e1e1e")
vim.cmd("highlight EndOfBuffer guifg=#444444 guibg=#1e1e1e")
vim.cmd("highlight NormalFloat guibg=#2b2b3a guifg=#e0e0e0")
vim.cmd("highlight FloatBorder guibg=#2b2b3a guifg=#8888aa")
vim.lsp.handlers["textDocument/hover"] = vim.lsp.with(vim.lsp.handlers.hover, { border = "rounded", max_width = 100 })
vim.g.choreo = { cmd = { assert(os.getenv("CHOREO_BIN")), "lsp" } }
vim.api.nvim_create_autocmd("FileType", {
  pattern = "choreo",
  callback = function(args)
    vim.keymap.set("n", "K", vim.lsp.buf.hover, { buffer = args.buf })
  end,
})
if os.getenv("CHOREO_PARSER") then
  require("choreo.treesitter").register(os.getenv("CHOREO_PARSER"))
end
