#!/bin/bash
# Instructions per payments.authorize in till-payments and till-gateway-sim, with callgrind:
# counts are repeatable on a busy machine, where throughput and CPU time are not.
#
# usage: scripts/callgrind-authorize.sh <label> <folder with release till-payments, till-gateway-sim, till-bench> [requests] [warmup]
#
# Runs `till-bench authorize --concurrency 64` with both services under callgrind (wrapper scripts
# named like the products, next to a copy of till-bench, which starts its stack from its own
# folder); zeroes the counters after the warm-up and dumps them after the measured round. Then:
#   callgrind_annotate /tmp/till-callgrind/<label>/out/till-payments.*.cg.*measured* | head -40
# gives the total and the hot spots; divide the total by the requests.
set -u
label=$1; src=$2; n=${3:-2000}; w=${4:-300}
d=/tmp/till-callgrind/$label; rm -rf $d; mkdir -p $d/bin $d/out
cp $src/till-bench $d/bin/
for p in till-payments till-gateway-sim; do
  cp $src/$p $d/bin/$p.real
  cat > $d/bin/$p <<EOS
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file=$d/out/$p.%p.cg $d/bin/$p.real "\$@"
EOS
  chmod +x $d/bin/$p
done
$d/bin/till-bench authorize --concurrency 64 --requests $n --warmup $w > $d/bench.log 2>&1 &
bench=$!
zeroed=0
while kill -0 $bench 2>/dev/null; do
  if [ $zeroed = 0 ] && grep -q '^== payments.authorize' $d/bench.log; then
    for pid in $(pgrep -f "callgrind-out-file=$d/out"); do callgrind_control -z $pid >/dev/null; done
    zeroed=1; date +%T > $d/zeroed
  fi
  if [ $zeroed = 1 ] && grep -q 'CPU µs per request' $d/bench.log; then
    for pid in $(pgrep -f "callgrind-out-file=$d/out"); do callgrind_control -d measured $pid >/dev/null; done
    zeroed=2; date +%T > $d/dumped
  fi
  sleep 0.2
done
wait $bench
cat $d/bench.log
ls -la $d/out
