# devices.sh: /dev/null, zero, full, urandom through the shell tools.
echo "== case sh.$(basename "$0" .sh)"
head -c 16 /dev/zero | od -An -tx1
echo x > /dev/full 2>/dev/null; echo "write to full -> $?"
dd if=/dev/zero bs=1024 count=4 2>/dev/null | wc -c
head -c 100 /dev/urandom | wc -c
cat /dev/null | wc -c
ls -l /dev/null | cut -c1
test -c /dev/zero && echo "zero is a character device"
dd if=/dev/zero of=file bs=512 count=3 2>/dev/null; wc -c < file
dd if=/dev/zero of=file bs=512 seek=5 count=1 conv=notrunc 2>/dev/null; wc -c < file
printf 'ABCDEFGH' > letters; dd if=letters bs=2 skip=1 count=2 2>/dev/null; echo
printf '\001\002\377' | od -An -tu1
