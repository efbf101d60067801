ok.stp -p1 -m mymod -D X=1 -g -w
