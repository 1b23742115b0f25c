# file_utils.sh: mkdir/touch/cp/mv/ln/rm/ls/stat/readlink/find on the tmpfs.
echo "== case sh.$(basename "$0" .sh)"
umask 022
mkdir -p tree/a/b tree/c
echo alpha > tree/a/file1
echo beta > tree/a/b/file2
touch tree/c/empty
cp tree/a/file1 tree/c/copy
mv tree/c/copy tree/c/moved
ln -s ../a/file1 tree/c/link
ln tree/a/file1 tree/a/hard
ls -1 tree tree/a tree/c
find tree | sort
find tree -type f | sort
find tree -type l
stat -c '%n %s %a %h %F' tree/a/file1 tree/c/link tree/c/empty
stat -c '%n %a %h %F' tree/a
readlink tree/c/link
cat tree/c/link
realpath tree/c/../a/b
basename /x/y/z.txt .txt; dirname /x/y/z.txt
cp -r tree copy
diff -r tree copy && echo "copies equal"
rm -r copy; test -e copy || echo "copy removed"
chmod 640 tree/a/file1; stat -c '%a' tree/a/file1
rm tree/a/file1; cat tree/c/link 2>&1; cat tree/a/hard
rmdir tree/a 2>&1; echo "rmdir nonempty -> $?"
test -d tree/a && echo "is dir"; test -L tree/c/link && echo "is link"; test -f tree/c/empty && echo "is file"
test -s tree/c/empty || echo "empty file"
wc -c tree/a/b/file2
