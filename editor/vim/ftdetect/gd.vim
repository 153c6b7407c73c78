" gd scripts: *.gd. Vim's own filetype table calls *.gd GDScript (Godot's
" language, same extension); this runs after it and claims the files for gd.
autocmd BufRead,BufNewFile *.gd set filetype=gd
