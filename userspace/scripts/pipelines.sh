# pipelines.sh: pipelines, their exit statuses, SIGPIPE of the writer, long chains.
echo "== case sh.$(basename "$0" .sh)"
echo "c b a" | tr ' ' '\n' | sort | head -2
seq 1 100 | awk '{ total += $1 } END { print "sum", total }'
false | true; echo "false|true -> $?"
true | false; echo "true|false -> $?"
yes pipe | head -3
yes | head -c 100000 | wc -c
seq 1 2000 | cat | cat | cat | cat | cat | cat | cat | cat | tail -1
echo one two three | { read first rest; echo "first=$first rest=$rest"; }
printf 'x\ny\nz\n' | while read line; do echo "line $line"; done
seq 1 5 | tee copy.txt | wc -l
cat copy.txt | tr '\n' ' '; echo
! false; echo "negated -> $?"
