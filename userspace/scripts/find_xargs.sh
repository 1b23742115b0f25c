# find_xargs.sh: find predicates and xargs batching on a generated tree.
echo "== case sh.$(basename "$0" .sh)"
for d in a b c; do mkdir -p t/$d/deep; for f in 1 2 3; do echo "$d$f" > t/$d/f$f.txt; done; done
touch t/a/deep/x.log t/b/deep/y.log
find t -name '*.log' | sort
find t -maxdepth 1 -type d | sort
find t -type f -name 'f2*' | sort | xargs cat
find t -type f | sort | xargs -n 4 echo | wc -l
find t -name '*.txt' | sort | xargs grep -l 'b' 
echo 1 2 3 4 5 | xargs -n 2
find t -type f -name '*.log' -exec rm {} \;
find t -name '*.log' | wc -l
find t -empty -type d | sort
