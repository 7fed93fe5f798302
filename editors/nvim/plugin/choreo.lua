-- choreo.nvim entry point: user commands, and setup() with the defaults
-- (or vim.g.choreo) unless the user calls require("choreo").setup itself
-- (set vim.g.choreo_no_auto_setup = true to configure it later).
if vim.g.loaded_choreo then
  return
end
vim.g.loaded_choreo = true

local function cmd(name, fn, opts)
  vim.api.nvim_create_user_command(name, fn, opts)
end

cmd("ChoreoRun", function()
  require("choreo.commands").run(vim.api.nvim_get_current_buf())
end, { desc = "Run the protocol in the choreo VM and show the outcome and trace" })

cmd("ChoreoProjection", function(a)
  require("choreo.commands").projection(vim.api.nvim_get_current_buf(), a.args)
end, {
  nargs = "?",
  desc = "Show the local type of a role",
  complete = function()
    return require("choreo.commands").roles(vim.api.nvim_get_current_buf())
  end,
})

cmd("ChoreoStateMachine", function(a)
  require("choreo.commands").state_machine(vim.api.nvim_get_current_buf(), a.args)
end, {
  nargs = "?",
  desc = "Draw the state machine of a role (all roles and the global protocol without one) as SVG and dot",
  complete = function()
    return require("choreo.commands").roles(vim.api.nvim_get_current_buf())
  end,
})

cmd("ChoreoCompat", function(a)
  require("choreo.commands").compat(vim.api.nvim_get_current_buf(), a.args)
end, { nargs = "?", desc = "Check compatibility with the protocol at a git revision (default: the server's base)" })

cmd("ChoreoBuildParser", function()
  local path, err = require("choreo.treesitter").build()
  if not path then
    vim.notify(err, vim.log.levels.ERROR)
    return
  end
  vim.notify("choreo: parser built at " .. path)
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == "choreo" then
      require("choreo.treesitter").highlight(buf)
    end
  end
end, { desc = "Compile the choreo tree-sitter parser from syntax/src" })

if not vim.g.choreo_no_auto_setup and not require("choreo").configured then
  require("choreo").setup(vim.g.choreo)
end
