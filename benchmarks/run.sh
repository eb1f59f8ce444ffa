#!/usr/bin/env bash
# Builds the benchmarks module, starts a throw-away redis-server on a free loopback port, runs the suite inside the
# started Quarkus application (JMH in-process, with JMH's compiler hints and compiler blackholes), prints the table
# of ratios, and stops Redis. Arguments go to the suite: --quick, --only=local,key,throughput,remote,shadow,stampede,http,
# --stack, --include=REGEX, --out=DIR. Set BENCH_SKIP_BUILD=1 to reuse the last build, BENCH_JAVA_OPTS to add JVM
# options (e.g. -XX:StartFlightRecording=...).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/target/bench"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    echo "[bench] building (./mvnw -pl benchmarks -am package -DskipTests)"
    (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
fi
jar="$(ls "$here"/target/quarkus-gcache-benchmarks-*-runner.jar)"
mkdir -p "$out"

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

redis_pid=""
cleanup() {
    if [[ -n "$redis_pid" ]]; then
        kill "$redis_pid" 2>/dev/null || true
        wait "$redis_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

redis_args=()
if command -v redis-server >/dev/null 2>&1; then
    redis_port="$(free_port)"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --logfile "$out/redis.log" &
    redis_pid=$!
    for _ in $(seq 1 50); do
        if [[ "$(redis-cli -p "$redis_port" ping 2>/dev/null || true)" == PONG ]]; then
            break
        fi
        sleep 0.1
    done
    echo "[bench] redis-server on 127.0.0.1:$redis_port (pid $redis_pid)"
    redis_args=("-Dquarkus.redis.hosts=redis://127.0.0.1:$redis_port")
else
    echo "[bench] redis-server not found: REMOTE figures are skipped (apt-get install redis-server)"
fi
http_port="$(free_port)"

# What JMH's own fork launcher passes: the generated compiler hints plus the Blackhole lines, and compiler
# blackholes. In-process (forks(0)) JMH cannot set them itself.
hints="$out/compiler-hints.txt"
{
    echo "quiet"
    echo "blackhole,org/openjdk/jmh/infra/Blackhole.consumeCompiler"
    echo "dontinline,org/openjdk/jmh/infra/Blackhole.consumeFull"
    echo "inline,org/openjdk/jmh/infra/Blackhole.consume"
    echo "dontinline,org/openjdk/jmh/infra/Blackhole.consumeCPU"
    cat "$here/target/classes/META-INF/CompilerHints"
} > "$hints"

cd "$here"
java -Xms2g -Xmx2g -XX:+AlwaysPreTouch \
    -XX:+UnlockDiagnosticVMOptions -XX:+UnlockExperimentalVMOptions \
    "-XX:CompileCommandFile=$hints" \
    -Djmh.blackhole.mode=COMPILER -DcompilerBlackholesEnabled=true -Djmh.ignoreLock=true \
    ${BENCH_JAVA_OPTS:-} \
    "${redis_args[@]}" "-Dquarkus.http.port=$http_port" \
    -jar "$jar" "--out=$out" "$@"
