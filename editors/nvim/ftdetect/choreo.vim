" .choreo and .tell files are multiparty choreographies (both surface forms;
" .tell is the name upstream Telltale uses since April 2026).
autocmd BufRead,BufNewFile *.choreo,*.tell setfiletype choreo
