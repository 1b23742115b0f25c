# shell_language.sh: expansions, arithmetic, functions, loops, case, exit statuses, set -e.
echo "== case sh.$(basename "$0" .sh)"
x=hello.tar.gz
echo "${#x} ${x%.*} ${x%%.*} ${x#*.} ${x##*.} ${unset:-default} ${x:+set}"
echo $((3 + 4 * 5)) $((17 / 5)) $((17 % 5)) $((1 << 10)) $((-7 / 2))
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo "while ran to $i"
for word in one "two three" four; do echo "for: $word"; done
greet() { local name=$1; echo "hello $name"; return 3; }
greet world; echo "function -> $?"
echo "name after function: ${name:-unset}"
case lichen in li*) echo "case matched li*";; *) echo "no match";; esac
out=$(echo nested $(echo inner)); echo "$out"
out=`echo backticks`; echo "$out"
set -- a "b c" d; echo "count $#: $2"; shift; echo "after shift: $1"
for arg in "$@"; do echo "arg <$arg>"; done
(set -e; false; echo "not reached"); echo "set -e subshell -> $?"
sh -c 'exit 300'; echo "exit 300 -> $?"
if [ "abc" = "abc" ] && [ 3 -gt 2 ] || [ 1 -eq 0 ]; then echo "test logic ok"; fi
[ -z "" ] && [ -n "x" ] && echo "string tests ok"
v=1; { v=2; }; (v=3); echo "v=$v"
IFS=: read a b c <<END
one:two:three
END
echo "$c $b $a"
echo $(( $(echo 5) * 2 ))
printf '%s\n' "quoted  spaces" unquoted
