# fifo_and_links.sh: named pipes between a background writer and a reader; link counts.
echo "== case sh.$(basename "$0" .sh)"
mkfifo pipe
test -p pipe && echo "pipe is a FIFO"
(seq 1 5 > pipe) &
cat pipe | tr '\n' ' '; echo
wait $!; echo "writer -> $?"
(echo through-fifo > pipe) & read line < pipe; echo "read: $line"; wait
echo data > file
ln file link1; ln file link2
stat -c '%h' file
rm link1; stat -c '%h' file
ln -s file soft; ln -s soft softer; cat softer
ln -s missing dangling; cat dangling 2>&1 | sed 's/^.*: //'
ln -sf file dangling; cat dangling
