# limits_and_nesting.sh: ulimit, nested shells, exit codes through layers, $? and $$ relations.
echo "== case sh.$(basename "$0" .sh)"
ulimit -n
(ulimit -n 64; ulimit -n)
ulimit -n
sh -c 'sh -c "sh -c \"exit 9\""'; echo "three levels -> $?"
sh -c 'exit 1' || echo "or-branch ran"
sh -c 'true' && echo "and-branch ran"
outer=$$; inner=$(sh -c 'echo $PPID'); test "$outer" = "$inner" && echo "child's PPID is the shell"
test "$(sh -c 'echo $$')" != "$$" && echo "child has its own pid"
(exit 3); echo "subshell -> $?"
{ (exit 4); }; echo "group -> $?"
sh -c 'ulimit -c 0; kill -QUIT $$'; echo "QUIT -> $?"
