# sed_advanced.sh: in-place edits, address ranges, hold space, multiple commands.
echo "== case sh.$(basename "$0" .sh)"
seq 1 10 > numbers
sed -i 's/^5$/five/' numbers; grep -n five numbers
sed -n '/3/,/6/p' numbers | tr '\n' ' '; echo
sed '1!G;h;$!d' numbers | head -3
sed -e '2,9d' -e 's/1/one/' numbers
printf 'a b\nc d\n' | sed 's/\([a-z]\) \([a-z]\)/\2-\1/'
printf 'key=value\n' | sed -E 's/(.*)=(.*)/\2 is \1/'
printf 'x\ny\n' | sed '$a\
appended'
printf 'l1\nl2\nl3\n' | sed -n '$='
echo "tabs	and spaces" | sed 's/[[:space:]]\+/_/g'
