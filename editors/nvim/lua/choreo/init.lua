-- choreo.nvim: filetype, language server and tree-sitter highlighting for
-- .choreo multiparty choreographies. All language intelligence comes from
-- `choreo lsp`; this plugin starts it and shows its command results.
--
--   require("choreo").setup({
--     cmd = { "choreo", "lsp" },          -- the server command line
--     settings = { familySizes = { Witness = 3 }, budget = { multiplier = 1 } },
--     treesitter = true,                  -- highlight with the parser
--     build_parser = true,                -- build the parser on first use when a C compiler is there
--     keymaps = true,                     -- K, gd, gr, <leader>rn, <leader>ca, [d, ]d in choreo buffers
--     codelens = true,                    -- show and refresh the server's code lenses
--     inlay_hints = true,                 -- show inlay hints (Neovim 0.10+)
--     open_state_machine = true,          -- :ChoreoStateMachine opens the SVG it writes
--     state_machine_dir = nil,            -- where it writes (default: stdpath("cache") .. "/choreo")
--   })
local M = {}

--- Default options; setup() merges the user's on top.
M.defaults = {
  cmd = { "choreo", "lsp" },
  root_markers = { "choreo.yaml", ".git" },
  settings = { familySizes = {}, budget = { multiplier = 1 } },
  treesitter = true,
  build_parser = true,
  keymaps = true,
  codelens = true,
  inlay_hints = true,
  open_state_machine = true,
}

--- The options in effect (set by setup).
M.options = vim.deepcopy(M.defaults)

--- Whether setup() has run (plugin/choreo.lua then skips its default setup).
M.configured = false

local augroup = "choreo"

--- Configures the plugin: the language server for `choreo` buffers and
--- tree-sitter highlighting. Calling it again replaces the options.
---@param opts table|nil
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  M.configured = true
  vim.api.nvim_create_augroup(augroup, { clear = true })
  require("choreo.lsp").setup(M.options, augroup)
  if M.options.treesitter then
    vim.api.nvim_create_autocmd("FileType", {
      group = augroup,
      pattern = "choreo",
      callback = function(args)
        require("choreo.treesitter").highlight(args.buf, M.options)
      end,
    })
  end
end

return M
