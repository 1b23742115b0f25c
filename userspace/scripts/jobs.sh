# jobs.sh: background jobs with &, $!, wait and kill, exit statuses of killed jobs.
echo "== case sh.$(basename "$0" .sh)"
sleep 0.1 & wait $!; echo "sleep -> $?"
(exit 7) & wait $!; echo "exit 7 -> $?"
# Whether ash prints "Killed" depends on whether the job still runs when `wait` starts (it
# reports only deaths it waits for): a race on any kernel. So each killed job is first seen
# gone (ash reaps it on SIGCHLD; `kill -0` fails once it did), and `wait` only reports the
# status it kept.
gone() { while kill -0 "$1" 2>/dev/null; do :; done; }
sleep 10 & pid=$!; kill $pid; gone $pid; wait $pid; echo "TERM -> $?"
sleep 10 & pid=$!; kill -9 $pid; gone $pid; wait $pid; echo "KILL -> $?"
sleep 10 & pid=$!; kill -USR1 $pid; gone $pid; wait $pid; echo "USR1 -> $?"
(echo job-a > a.txt) & (echo job-b > b.txt) & wait; cat a.txt b.txt
for n in 1 2 3 4 5; do (exit $n) & done; wait; echo "waited for five"
kill -0 $$; echo "kill -0 self -> $?"
kill 999999 2>/dev/null; echo "kill missing -> $?"
sleep 10 & pid=$!; kill -STOP $pid; kill -CONT $pid; kill $pid; gone $pid; wait $pid; echo "stopped+continued+TERM -> $?"
