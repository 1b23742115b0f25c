# redirections.sh: >, >>, <, 2>&1, here-documents, numbered descriptors, errors.
echo "== case sh.$(basename "$0" .sh)"
echo first > out.txt
echo second >> out.txt
cat < out.txt
wc -l < out.txt
{ echo to-stdout; echo to-stderr >&2; } 2>&1 | sort
{ echo hidden >&2; } 2>/dev/null; echo "after hidden"
exec 3> fd3.txt
echo "via fd 3" >&3
exec 3>&-
cat fd3.txt
exec 4< out.txt
read line <&4; echo "read from fd 4: $line"
read line <&4; echo "read from fd 4: $line"
exec 4<&-
cat <<END
here-document with $((6 * 7)) expanded
END
cat <<'END'
quoted here-document keeps $HOME
END
cat missing.txt 2>&1; echo "status $?"
echo data > /dev/null; echo "null status $?"
: > empty.txt; wc -c < empty.txt
echo overwrite > out.txt; cat out.txt
( echo sub1; echo sub2 ) > sub.txt; cat sub.txt
