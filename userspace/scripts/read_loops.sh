# read_loops.sh: read with IFS and -r, loops over files and command output, here-documents.
echo "== case sh.$(basename "$0" .sh)"
printf 'root:x:0:0\nuser:x:1000:1000\n' > passwd
while IFS=: read name pass uid gid; do echo "$name has uid $uid"; done < passwd
printf 'back\\slash\n' | { read -r line; echo "raw: $line"; }
printf 'back\\slash\n' | { read line; echo "cooked: $line"; }
count=0; while read line; do count=$((count + 1)); done <<END
one
two
three
END
echo "lines: $count"
for f in $(seq 1 3); do printf '%s,' "$f"; done; echo
set -- $(echo "x y z"); echo "words: $#"
printf '  padded  \n' | { read trimmed; echo "[$trimmed]"; }
printf 'a b c\n' | { read first rest; echo "first=[$first] rest=[$rest]"; }
