# procfs_and_system.sh: facts from uname, nproc, /proc and /dev that a correct kernel shares.
echo "== case sh.$(basename "$0" .sh)"
uname -s; uname -m
nproc
grep -c '^processor' /proc/cpuinfo
head -1 /proc/meminfo | awk '{ print $1, $3 }'
test -d /proc/self && echo "/proc/self is a directory"
test "$(readlink /proc/self)" != "" && echo "/proc/self is a link"
awk '{ print $2, $3 }' /proc/mounts | sort
test -r /proc/uptime && awk '{ print ($1 > 0) ? "uptime positive" : "uptime zero" }' /proc/uptime
awk '{ print NF }' /proc/loadavg
grep -q '^Name:' /proc/self/status && echo "status has Name"
cat /proc/self/cmdline | tr '\0' ' '; echo
free > /dev/null; echo "free -> $?"
uptime > /dev/null; echo "uptime -> $?"
ps > /dev/null; echo "ps -> $?"
mount | awk '$3 == "/tmp" { print $1, $3, $5 }'
id -u; id -g
hostname > /dev/null; echo "hostname -> $?"
