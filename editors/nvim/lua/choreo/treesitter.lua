-- Tree-sitter support: builds the parser from the repository's syntax/src,
-- registers it for the `choreo` language, and starts highlighting with the
-- repository's syntax/queries (reached through editors/nvim/queries/choreo,
-- a link into syntax/queries, once editors/nvim is on 'runtimepath').
local M = {}

M.lang = "choreo"

-- editors/nvim, from this file's path (lua/choreo/treesitter.lua).
local plugin_dir = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h:h")

--- Where build() writes the parser by default (on 'runtimepath' with the plugin).
M.default_parser_path = plugin_dir .. "/parser/choreo.so"

--- Compiles syntax/src into a parser library (scripts/build-parser.sh:
--- `cc -shared -fPIC -Os`) at path (default M.default_parser_path) and
--- registers it. Returns the path, or nil and an error message.
---@param path string|nil
---@return string|nil, string|nil
function M.build(path)
  path = path or M.default_parser_path
  local out = vim.fn.system({ plugin_dir .. "/scripts/build-parser.sh", path })
  if vim.v.shell_error ~= 0 then
    return nil, "building the choreo parser failed:\n" .. out
  end
  local ok, err = M.register(path)
  if not ok then
    return nil, err
  end
  return path, nil
end

--- Registers the parser library at path for the choreo language; without a
--- path Neovim looks for parser/choreo.so on 'runtimepath' (a parser that is
--- already registered is kept). Returns true, or false and an error message.
---@param path string|nil
---@return boolean, string|nil
function M.register(path)
  -- 0.7-0.10 raise an error on failure; 0.11 returns nil and a message.
  local ok, res, msg
  if vim.treesitter.language and vim.treesitter.language.add then
    ok, res, msg = pcall(vim.treesitter.language.add, M.lang, path and { path = path } or nil)
  else
    ok, res, msg = pcall(vim.treesitter.require_language, M.lang, path)
  end
  if not ok or res == false or msg ~= nil then
    return false, "no choreo parser (run :ChoreoBuildParser): " .. tostring(msg or res)
  end
  return true, nil
end

--- Parses a query for the choreo language (vim.treesitter.query.parse on
--- newer Neovim, vim.treesitter.parse_query on 0.7/0.8).
---@param source string
function M.parse_query(source)
  if vim.treesitter.query and vim.treesitter.query.parse then
    return vim.treesitter.query.parse(M.lang, source)
  end
  return vim.treesitter.parse_query(M.lang, source)
end

-- Neovim 0.7 maps capture names to highlight groups through a fixed table
-- that predates the capture names syntax/queries uses (nvim-treesitter's
-- current ones); add the missing ones so roles, protocol names and
-- annotations are coloured there too. Later versions link @captures
-- themselves.
local legacy_captures = {
  ["variable.parameter"] = "Identifier",
  ["variable.member"] = "Identifier",
  ["type.definition"] = "Typedef",
  ["module"] = "Include",
  ["attribute"] = "PreProc",
  ["property"] = "Identifier",
  ["function.call"] = "Function",
  ["character.special"] = "SpecialChar",
  ["string.special"] = "Special",
  ["keyword.import"] = "Include",
  ["keyword.conditional"] = "Conditional",
  ["keyword.repeat"] = "Repeat",
}

local function add_legacy_captures()
  local hl_map = vim.treesitter.highlighter.hl_map
  if type(hl_map) ~= "table" then
    return
  end
  for capture, group in pairs(legacy_captures) do
    if rawget(hl_map, capture) == nil then
      hl_map[capture] = group
    end
  end
end

-- The first-use build of the parser: nil, "building", "built" or "failed".
local build_state = nil

--- Builds the parser in the background when it is missing and a C compiler
--- is there, then starts highlighting in every choreo buffer; without a
--- compiler, says once how to build it. Returns nothing.
local function build_on_first_use()
  if build_state ~= nil then
    return
  end
  if vim.fn.executable("cc") ~= 1 and vim.fn.executable("gcc") ~= 1 then
    build_state = "failed"
    vim.notify("choreo: the tree-sitter parser is not built, and no C compiler (cc) was found; "
      .. "install one and run :ChoreoBuildParser (the language server's highlighting still applies)", vim.log.levels.WARN)
    return
  end
  build_state = "building"
  vim.notify("choreo: building the tree-sitter parser in the background (first use)…", vim.log.levels.INFO)
  local out = {}
  local collect = function(_, data)
    vim.list_extend(out, data or {})
  end
  local job = vim.fn.jobstart({ plugin_dir .. "/scripts/build-parser.sh", M.default_parser_path }, {
    on_stdout = collect,
    on_stderr = collect,
    on_exit = function(_, code)
      vim.schedule(function()
        local ok, err = code == 0, table.concat(out, "\n")
        if ok then
          ok, err = M.register(M.default_parser_path)
        end
        if not ok then
          build_state = "failed"
          vim.notify("choreo: building the tree-sitter parser failed (run :ChoreoBuildParser to retry):\n" .. tostring(err), vim.log.levels.WARN)
          return
        end
        build_state = "built"
        for _, buf in ipairs(vim.api.nvim_list_bufs()) do
          if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == "choreo" then
            M.highlight(buf)
          end
        end
      end)
    end,
  })
  if job <= 0 then
    build_state = "failed"
    vim.notify("choreo: could not start the parser build; run :ChoreoBuildParser", vim.log.levels.WARN)
  end
end

--- The state of the first-use build, for tests and :checkhealth-like use.
function M.build_state()
  return build_state
end

--- Starts tree-sitter highlighting in bufnr when the parser is available;
--- otherwise builds it on first use when it can (or says how to), and
--- leaves the buffer to the server's semantic tokens meanwhile. Returns
--- whether it started.
---@param bufnr integer
---@param opts table|nil the plugin options (build_parser = false: never build)
---@return boolean
function M.highlight(bufnr, opts)
  if not M.register() then
    if not (opts and opts.build_parser == false) then
      build_on_first_use()
    end
    return false
  end
  if vim.treesitter.start then
    return pcall(vim.treesitter.start, bufnr, M.lang)
  end
  local ok, parser = pcall(vim.treesitter.get_parser, bufnr, M.lang)
  if not ok then
    return false
  end
  add_legacy_captures()
  vim.treesitter.highlighter.new(parser)
  return true
end

return M
