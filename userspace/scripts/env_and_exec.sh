# env_and_exec.sh: environment passing, env -i, exec, PATH lookup, positional parameters.
echo "== case sh.$(basename "$0" .sh)"
env -i ALPHA=1 BETA=two /bin/env | sort
FOO=bar sh -c 'echo "child sees FOO=$FOO"'
echo "parent sees FOO=${FOO:-nothing}"
export EXPORTED=yes; sh -c 'echo "exported: $EXPORTED"'
sh -c 'echo "$0 $1 $2 $#"' zero one two
(exec echo "exec replaced the subshell"); echo "after exec -> $?"
command -v sh
PATH=/nowhere; nosuchcommand 2>/dev/null; echo "not found -> $?"; PATH=/bin:/sbin:/usr/bin:/usr/sbin
printf '#!/bin/sh\necho "script args: $*"\nexit 5\n' > script.sh
chmod +x script.sh; ./script.sh a b; echo "script -> $?"
chmod -x script.sh; ./script.sh 2>/dev/null; echo "not executable -> $?"
sh script.sh c; echo "sh script -> $?"
