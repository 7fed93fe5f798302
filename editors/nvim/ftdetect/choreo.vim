" .choreo files are multiparty choreographies (both surface forms).
autocmd BufRead,BufNewFile *.choreo setfiletype choreo
