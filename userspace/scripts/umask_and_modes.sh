# umask_and_modes.sh: umask effects on files and directories, chmod notations, test -rwx.
echo "== case sh.$(basename "$0" .sh)"
umask; umask 027; umask
touch f; mkdir d
stat -c '%a %n' f d
umask 000; touch g; stat -c '%a %n' g
chmod u=rwx,g=rx,o= g; stat -c '%a' g
chmod +x f; stat -c '%a' f
chmod 4755 f; stat -c '%a' f
chmod a-w g; test -w g && echo "root can still write" ; stat -c '%a' g
test -x d && echo "dir searchable"
chmod 0 d; test -x d && echo "test -x on a mode-0 dir: true" || echo "test -x on a mode-0 dir: false"
