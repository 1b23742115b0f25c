# large_files.sh: multi-megabyte files through dd, cat, sort, md5sum, truncate.
echo "== case sh.$(basename "$0" .sh)"
dd if=/dev/zero of=big bs=65536 count=64 2>/dev/null
stat -c '%s' big
md5sum < big
seq 1 200000 > numbers
wc -l < numbers; md5sum < numbers
sort -rn numbers | head -3
cat numbers numbers | sort -n | uniq | wc -l
truncate -s 10000000 sparse; stat -c '%s' sparse
dd if=sparse bs=1M skip=5 count=1 2>/dev/null | od -An -tx1 | uniq | head -2
truncate -s 100 big; stat -c '%s' big
tail -c 7 numbers
