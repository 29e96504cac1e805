" Hyoka policy-evaluation reports: *.hyoka
autocmd BufRead,BufNewFile *.hyoka setfiletype hyoka
