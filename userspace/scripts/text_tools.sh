# text_tools.sh: sed, awk, sort, uniq, wc, cut, tr, grep, head, tail, printf.
echo "== case sh.$(basename "$0" .sh)"
cat > data.txt <<'END'
pear 3 green
apple 10 red
banana 7 yellow
apple 2 green
cherry 10 red
END
sed 's/apple/APPLE/' data.txt
sed -n '2,3p' data.txt
sed -e '/green/d' -e 's/ [0-9]* / # /' data.txt
awk '{ print $2, $1 }' data.txt | sort -n
awk '{ total[$3] += $2 } END { for (c in total) print c, total[c] }' data.txt | sort
awk -F' ' 'NR % 2 == 0 { printf "%-8s|%3d\n", $1, $2 }' data.txt
sort data.txt
sort -k2,2n -k1,1 data.txt
sort -r -u -k1,1 data.txt
cut -d' ' -f1 data.txt | sort | uniq -c
cut -d' ' -f3 data.txt | sort | uniq -d
wc data.txt
wc -l -w -c < data.txt
tr 'a-z' 'A-Z' < data.txt | head -2
tr -d 'aeiou' < data.txt | tail -1
grep -c red data.txt
grep -v -E 'red|green' data.txt
grep -n '^a' data.txt
head -n 2 data.txt; tail -n 1 data.txt
printf '%s=%d;%5.2f|%x\n' key 42 3.14159 255
seq 3 -1 1 | tr '\n' ,; echo
echo 'a,b;c' | awk -F'[,;]' '{ print NF, $2 }'
awk 'BEGIN { srand(42); for (i = 0; i < 500; i++) print int(rand() * 100000) }' | sort -n | md5sum
