-- Buffer options for .choreo files. The comment leader follows the file's
-- surface form: `--` for the layout form, `//` for the brace form.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

local brace = require("choreo.form").is_brace_form(0)
vim.bo.commentstring = brace and "// %s" or "-- %s"
vim.bo.comments = brace and "s1:/*,mb:*,ex:*/,://" or "s:{-,e:-},:--"
vim.bo.expandtab = true -- a tab in leading whitespace is an error in the layout form
vim.bo.shiftwidth = brace and 4 or 2
vim.bo.softtabstop = vim.bo.shiftwidth
vim.bo.suffixesadd = ".choreo,.tell" -- gf on an imported module name finds either file
vim.bo.indentexpr = "v:lua.require'choreo.indent'.get(v:lnum)"
vim.bo.indentkeys = "0{,0},0),0],!^F,o,O,e,0=where"

vim.b.undo_ftplugin =
  "setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< suffixesadd< indentexpr< indentkeys<"
