" Hyoka (.hyoka) files. A .vim ftdetect works on every Neovim from 0.7 on and
" is sourced by lazy.nvim even while the plugin itself is not loaded yet.
autocmd BufRead,BufNewFile *.hyoka setfiletype hyoka
