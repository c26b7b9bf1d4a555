# Login shells (bash -l) read this file only: load the interactive settings too.
[ -f ~/.bashrc ] && . ~/.bashrc
