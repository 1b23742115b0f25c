# traps.sh: trap handlers for signals and EXIT, ignored signals, traps in child shells.
echo "== case sh.$(basename "$0" .sh)"
trap 'echo caught USR1' USR1
kill -USR1 $$
echo after USR1
trap '' INT
kill -INT $$
echo survived ignored INT
trap - INT USR1
(trap 'echo subshell exit trap' EXIT; echo in subshell)
sh -c 'trap "echo child TERM; exit 3" TERM; kill -TERM $$; echo not reached'; echo "child -> $?"
sh -c 'trap "echo bye from child" EXIT; exit 4'; echo "child -> $?"
sh -c 'trap "" TERM; kill -TERM $$; echo child ignored TERM'; echo "child -> $?"
sh -c 'kill -TERM $$'; echo "untrapped TERM -> $?"
sh -c 'kill -SEGV $$'; echo "untrapped SEGV -> $?"
sh -c 'kill -ABRT $$'; echo "untrapped ABRT -> $?"
trap 'echo main exit trap' EXIT
echo end of script
