# archives.sh: tar and gzip round trips, listing, and content checks.
echo "== case sh.$(basename "$0" .sh)"
mkdir -p src/dir/sub
seq 1 1000 > src/dir/numbers
echo hello > src/dir/sub/hello
ln -s hello src/dir/sub/link
tar cf plain.tar src
tar tf plain.tar | sort
mkdir out && tar xf plain.tar -C out
diff -r src out/src && echo "tar round trip equal"
readlink out/src/dir/sub/link
tar czf packed.tgz src
mkdir out2 && tar xzf packed.tgz -C out2
diff -r src out2/src && echo "tar.gz round trip equal"
gzip -c src/dir/numbers > numbers.gz
gunzip -c numbers.gz | md5sum
md5sum < src/dir/numbers
cp src/dir/numbers n2 && gzip n2 && test -f n2.gz && ! test -e n2 && echo "gzip replaced the file"
gunzip n2.gz && wc -l n2
zcat packed.tgz | tar tf - | wc -l
echo corrupt > bad.gz; gunzip -c bad.gz >/dev/null 2>&1; echo "bad gzip -> $?"
