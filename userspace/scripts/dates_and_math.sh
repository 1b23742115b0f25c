# dates_and_math.sh: fixed-date formatting, expr, seq, factor, bc-free arithmetic.
echo "== case sh.$(basename "$0" .sh)"
date -u -d @0 '+%Y-%m-%d %H:%M:%S'
date -u -d @1234567890 '+%A %d %B %Y'
test "$(date +%Y)" -ge 2020 && echo "clock after 2020"
expr 7 \* 6; expr length hello; expr 10 / 3; expr 17 % 5
expr abc : 'a\(.\)c'
seq -w 8 11 | tr '\n' ' '; echo
seq 0 5 20 | tr '\n' ' '; echo
factor 360 97
echo $(( (1 << 31) - 1 )) $(( 0x10 + 010 )) $(( 5 > 3 ))
printf '%05.1f|%-4s|%c\n' 3.14159 ab xyz
