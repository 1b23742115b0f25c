# cpio_roundtrip.sh: BusyBox cpio creating and extracting a newc archive, like an initramfs.
echo "== case sh.$(basename "$0" .sh)"
mkdir -p tree/sub
echo alpha > tree/a
echo beta > tree/sub/b
ln -s a tree/link
(cd tree && find . | sort | cpio -o -H newc > ../archive.cpio 2>/dev/null)
echo "cpio -> $?"
head -c 6 archive.cpio; echo
mkdir out && (cd out && cpio -i -d < ../archive.cpio 2>/dev/null)
diff -r tree out && echo "extracted tree equal"
cpio -t < archive.cpio 2>/dev/null | sort
readlink out/link
