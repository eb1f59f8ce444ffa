#!/usr/bin/env python3
"""Interop of the Python GCache with GCache for Quarkus on one real Redis, measured (see README.md here).

Starts a redis-server of its own, the packaged example application (integration-tests, ``java -jar``) and, in this
process, the Python GCache (``urn_prefix="urn:gcache"``) with use cases named like the example's
``ConsistencyRemote`` (REMOTE only) and ``ConsistencyLocal`` (LOCAL then REMOTE), tracked, key type
``consistency_id``. Both read one system of record: the hash ``entity:<id>`` (version, value) in database 1 of the
same Redis, the one the example's ``/consistency`` endpoints read; the cache is database 0.

Prints each observation with its evidence (keys, raw values, MONITOR lines, versions served) and a CHECK line for
each fact the guide states; exits 1 when a check fails. Not run by CI: the Python GCache is not installed there.
"""

import argparse
import asyncio
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid

import redis as redis_sync
from prometheus_client import REGISTRY

from gcache import CacheLayer, GCache, GCacheConfig, GCacheKeyConfig, RedisConfig

KEY_TYPE = "consistency_id"
FAILED = []


def check(name, ok, evidence=""):
    print(f"CHECK {'ok  ' if ok else 'FAIL'} {name}" + (f"  [{evidence}]" if evidence else ""), flush=True)
    if not ok:
        FAILED.append(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    """A throw-away redis-server: no persistence, keyspace notifications off (the server's default)."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="gcache-interop-")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir], stdout=subprocess.DEVNULL)
        self.cache = redis_sync.Redis(port=self.port, db=0)
        self.store = redis_sync.Redis(port=self.port, db=1, decode_responses=True)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.cache.ping()
                break
            except redis_sync.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def keys(self):
        return sorted(k.decode() for k in self.cache.keys("*"))

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


class JavaApp:
    """The packaged example application, on this Redis; stdout/stderr in a log file beside the jar's target/."""

    def __init__(self, jar, http_port, redis, keyspace_events, log):
        self.base = f"http://127.0.0.1:{http_port}"
        self.log = open(log, "w")
        command = ["java", "-Xmx256m", f"-Dquarkus.http.port={http_port}",
                   f"-Dquarkus.redis.hosts=redis://127.0.0.1:{redis.port}/0",
                   f"-Dconsistency.store.uri=redis://127.0.0.1:{redis.port}/1",
                   f"-Dquarkus.gcache.remote.enable-keyspace-events={str(keyspace_events).lower()}",
                   "-jar", jar]
        print("$ " + " ".join(command), flush=True)
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.http("GET", "/consistency/clock")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the example application did not start; see {log}")
                time.sleep(0.2)

    def http(self, method, path):
        with urllib.request.urlopen(urllib.request.Request(self.base + path, method=method), timeout=10) as r:
            return r.read().decode()

    def read(self, use_case, id):
        """(version, source): source is method (the method ran), remote (a REMOTE hit) or reused (LOCAL)."""
        version, _, source, _, _ = self.http("GET", f"/consistency/read/{use_case}/{quote(id)}").split("|")
        return int(version), source

    def write(self, id, value, buffer_ms=0):
        """Writes the store and invalidates the entity through Java GCache; the store's new version."""
        answer = self.http("POST", f"/consistency/write/{quote(id)}?value={value}&bufferMs={buffer_ms}")
        return int(answer.split("|")[0])

    def metric_lines(self, *words):
        return [line for line in self.http("GET", "/q/metrics").splitlines()
                if not line.startswith("#") and all(w in line for w in words)]

    def stop(self):
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


def quote(id):
    return urllib.parse.quote(id, safe="")


class PythonSide:
    """The Python GCache, as an application would set it up, over the same store."""

    def __init__(self, redis):
        self.store = redis.store
        self.calls = 0
        self.errors = []
        logging.getLogger("gcache._internal.state").addHandler(Collect(self.errors))
        self.gcache = GCache(GCacheConfig(urn_prefix="urn:gcache", redis_config=RedisConfig(port=redis.port)))
        remote_only = GCacheKeyConfig(ttl_sec={CacheLayer.REMOTE: 600}, ramp={CacheLayer.REMOTE: 100})
        both = GCacheKeyConfig(ttl_sec={CacheLayer.LOCAL: 60, CacheLayer.REMOTE: 600},
                               ramp={CacheLayer.LOCAL: 100, CacheLayer.REMOTE: 100})

        @self.gcache.cached(key_type=KEY_TYPE, id_arg="id", use_case="ConsistencyRemote",
                            track_for_invalidation=True, default_config=remote_only)
        async def remote(id):
            return self.load(id)

        @self.gcache.cached(key_type=KEY_TYPE, id_arg="id", use_case="ConsistencyLocal",
                            track_for_invalidation=True, default_config=both)
        async def local(id):
            return self.load(id)

        @self.gcache.cached(key_type="name_prefix", id_arg="prefix", use_case="UserService.search",
                            ignore_args=["request_id"], default_config=remote_only)
        async def search(prefix, page, size, request_id):
            return []

        self._remote, self._local, self.search = remote, local, search

    def load(self, id):
        self.calls += 1
        version = self.store.hget(f"entity:{id}", "version")
        return int(version or 0)

    async def read(self, use_case, id):
        """(version, ran): whether the function ran (a miss of every tier)."""
        before = self.calls
        with self.gcache.enable():
            version = await (self._remote if use_case == "remote" else self._local)(id)
        return version, self.calls > before

    def error_count(self, use_case):
        return sum(s.value for m in REGISTRY.collect() if m.name == "api_gcache_error_counter"
                   for s in m.samples if s.name.endswith("_total") and s.labels.get("use_case") == use_case)


class Collect(logging.Handler):
    def __init__(self, into):
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record):
        self.into.append(record.getMessage())


def await_local(java, id, version, limit_s=3):
    """Reads the entity through Java's LOCAL use case until it shows `version`, for limit_s at most."""
    deadline = time.monotonic() + limit_s
    read = java.read("local", id)
    while read[0] != version and time.monotonic() < deadline:
        time.sleep(0.01)
        read = java.read("local", id)
    return read


def pass_watermark(redis, id):
    """Waits until the entity's watermark (a future buffer) is in the past."""
    watermark = int(redis.cache.get("{urn:gcache:" + KEY_TYPE + ":" + id + "}#watermark"))
    while time.time() * 1000 <= watermark + 1:
        time.sleep(0.05)


def store_write(redis, id):
    return redis.store.hincrby(f"entity:{id}", "version", 1)


async def measure_keys(redis, java, py):
    print("\n== (a) keys: the same entity read by each side, database flushed in between")
    ids = {"int 42": (42, "42"), "str with ':'": ("a:b", "a:b"), "str with '%'": ("50%", "50%"),
           "str with ' '": ("x y", "x y")}
    u = uuid.uuid4()
    ids["uuid"] = (u, str(u))
    for label, (py_id, java_id) in ids.items():
        redis.cache.flushdb()
        java.read("remote", java_id)
        java_keys = redis.keys()
        redis.cache.flushdb()
        await py.read("remote", py_id)
        await py.gcache.ainvalidate(KEY_TYPE, str(py_id))
        py_keys = redis.keys()
        print(f"  {label}: java {java_keys}\n  {' ' * len(label)}  python {py_keys}")
        same = java_keys == py_keys
        expected = label in ("int 42", "str with ':'", "uuid")
        check(f"keys {'identical' if expected else 'differ'} for {label}", same == expected,
              "identical" if same else "differ: Java percent-encodes the id, Python does not")
    for prefix in ("An", "a?b"):
        redis.cache.flushdb()
        java.http("GET", f"/users?prefix={quote(prefix)}&page=0&size=10")
        java_keys = redis.keys()
        redis.cache.flushdb()
        with py.gcache.enable():
            await py.search(prefix, 0, 10, "request-1")
        py_keys = redis.keys()
        label = f"untracked, key arguments, id {prefix!r}"
        print(f"  {label}: java {java_keys}\n  {' ' * len(label)}  python {py_keys}")
        expected = prefix == "An"
        check(f"keys {'identical' if expected else 'differ'} for {label}", (java_keys == py_keys) == expected,
              "identical" if java_keys == py_keys else "differ: Java percent-encodes the id, Python does not")
    redis.cache.flushdb()


async def measure_python_to_java(redis, java, py, keyspace_events):
    print(f"\n== (b) Python invalidates, Java reads (keyspace notifications {'on' if keyspace_events else 'off'})")
    flags = redis.cache.config_get("notify-keyspace-events")["notify-keyspace-events"]
    print(f"  notify-keyspace-events = {flags!r}")
    id = f"p2j-{int(keyspace_events)}"
    store_write(redis, id)
    java.read("remote", id)
    java.read("local", id)
    hit_remote, hit_local = java.read("remote", id), java.read("local", id)
    print(f"  before: java remote {hit_remote}, java local {hit_local}")
    new = store_write(redis, id)
    await py.gcache.ainvalidate(KEY_TYPE, id)
    print(f"  python invalidated: {redis.cache.get('{urn:gcache:' + KEY_TYPE + ':' + id + '}#watermark')!r}"
          f" ttl {redis.cache.ttl('{urn:gcache:' + KEY_TYPE + ':' + id + '}#watermark')} s")
    remote_after = java.read("remote", id)
    print(f"  java remote right after: {remote_after}")
    check("Python's invalidation fences Java's REMOTE entry at once", remote_after == (new, "method"), remote_after)
    start = time.monotonic()
    local_after = await_local(java, id, new)
    waited = (time.monotonic() - start) * 1000
    print(f"  java local: {local_after} after {waited:.0f} ms")
    if keyspace_events:
        check("Python's invalidation drops Java's LOCAL entry (keyspace notifications)", local_after[0] == new,
              f"{waited:.0f} ms")
        java.read("remote", id)
        new = store_write(redis, id)
        await py.gcache.ainvalidate(KEY_TYPE, id, future_buffer_ms=1500)
        await_local(java, id, new)
        during = [java.read(use_case, id) for use_case in ("remote", "remote", "local", "local")]
        print(f"  python invalidated with a 1500 ms buffer; java remote, remote, local, local: {during}")
        check("during Python's future buffer Java recomputes in REMOTE and LOCAL and stores nothing",
              during == [(new, "method")] * 4, during)
        pass_watermark(redis, id)
        after = [java.read(use_case, id) for use_case in ("remote", "remote", "local", "local")]
        print(f"  after the buffer: {after}")
        check("after Python's buffer Java stores again", after == [(new, "method"), (new, "remote"),
                                                                   (new, "method"), (new, "reused")], after)
    else:
        check("without keyspace notifications Java's LOCAL keeps serving until its TTL", local_after[0] != new,
              f"still version {local_after[0]} after 3 s")


async def measure_java_to_python(redis, java, py):
    print("\n== (c) Java invalidates, Python reads")
    id = "j2p"
    wm = "{urn:gcache:" + KEY_TYPE + ":" + id + "}#watermark"
    store_write(redis, id)
    first, second = await py.read("remote", id), await py.read("remote", id)
    await py.read("local", id)
    print(f"  python remote: {first} then {second}; local filled")
    new = java.write(id, "v")
    print(f"  java invalidated: watermark {redis.cache.get(wm)!r} pttl {redis.cache.pttl(wm)} ms")
    after = await py.read("remote", id)
    check("Java's invalidation fences Python's REMOTE entry", after == (new, True), after)
    local = await py.read("local", id)
    check("Python's LOCAL does not see Java's invalidation (Python's LOCAL has no watermark)",
          local[0] != new and not local[1], local)

    new = java.write(id, "v", buffer_ms=1500)
    print(f"  java invalidated with a 1500 ms buffer: watermark {redis.cache.get(wm)!r} "
          f"(now {int(time.time() * 1000)})")
    during = [await py.read("remote", id) for _ in range(2)]
    check("during Java's future buffer Python recomputes and does not store", during == [(new, True)] * 2, during)
    pass_watermark(redis, id)
    after = [await py.read("remote", id) for _ in range(2)]
    check("after the buffer Python stores again", after == [(new, True), (new, False)], after)

    print("  watermarks Java creates where none is (SETRANGE, creation time - 1), and 0:")
    for id, set_zero in (("j2p-fill", False), ("j2p-zero", True)):
        wm = "{urn:gcache:" + KEY_TYPE + ":" + id + "}#watermark"
        store_write(redis, id)
        errors = py.error_count("ConsistencyRemote")
        java.read("remote", id)  # Java's fill creates the watermark
        redis.cache.delete("{urn:gcache:" + KEY_TYPE + ":" + id + "}#ConsistencyRemote")  # only the watermark stays
        if set_zero:
            redis.cache.set(wm, "0")
        value = redis.cache.get(wm)
        reads = [await py.read("remote", id) for _ in range(3)]
        print(f"    {id}: watermark {value!r}; python reads {reads}; errors counted "
              f"{py.error_count('ConsistencyRemote') - errors}")
        check(f"Python honours watermark {value!r}: fills once, then REMOTE hits, no error",
              [r[1] for r in reads] == [True, False, False] and py.error_count("ConsistencyRemote") == errors, reads)


async def measure_values(redis, java, py):
    print("\n== (d) values: each side's entry of the same use case, and what the other does with it")
    id = "values"
    key = "{urn:gcache:" + KEY_TYPE + ":" + id + "}#ConsistencyRemote"
    store_write(redis, id)
    java.read("remote", id)
    java_value = redis.cache.get(key)
    print(f"  java wrote   {java_value!r}")
    errors, logged = py.error_count("ConsistencyRemote"), len(py.errors)
    reads = [await py.read("remote", id) for _ in range(2)]
    version, ran = reads[0][0], all(r[1] for r in reads)
    kept = redis.cache.get(key) == java_value
    print(f"  python read it twice: version {version}, function ran both times {ran}, errors counted "
          f"{py.error_count('ConsistencyRemote') - errors}, logged {py.errors[logged:][:1]}, Java's entry kept {kept}")
    check("Python takes Java's entry for an error at each read (counted, logged), returns the function's value, "
          "writes nothing",
          ran and py.error_count("ConsistencyRemote") - errors == 2 and kept)
    redis.cache.delete(key)
    await py.read("remote", id)
    python_value = redis.cache.get(key)
    print(f"  python wrote {python_value[:60]!r}... ({len(python_value)} bytes, pickle protocol {python_value[1]})")
    before = java.metric_lines("gcache_miss_counter", "ConsistencyRemote", "unclassified", 'layer="REMOTE"')
    read = java.read("remote", id)
    after = java.metric_lines("gcache_miss_counter", "ConsistencyRemote", "unclassified", 'layer="REMOTE"')
    errors = java.metric_lines("gcache_error_counter", "ConsistencyRemote")
    print(f"  java read it: {read}; miss counter {before} -> {after}; error counter {errors}")
    print(f"  java rewrote {redis.cache.get(key)!r}")
    check("Java takes Python's entry for an unclassified miss (error counted), runs the method and overwrites",
          read[1] == "method" and redis.cache.get(key).startswith(b"1") and errors != [])


async def measure_flush(redis, java, py):
    print("\n== (e) Python's flushall")
    id = "flush"
    store_write(redis, id)
    java.read("remote", id)
    java.write(id, "v")
    java.read("remote", id)
    entry, watermark = ("{urn:gcache:" + KEY_TYPE + ":" + id + "}#" + k for k in ("ConsistencyRemote", "watermark"))
    present = (redis.cache.exists(entry), redis.cache.exists(watermark))
    java.http("DELETE", "/store")  # the example's reset: gcache.flush()
    kept = (redis.cache.exists(entry), redis.cache.exists(watermark))
    print(f"  for comparison GCache's flush(): entry, watermark present {present} -> {kept}")
    check("GCache's flush removes its entries and keeps watermarks", present == (1, 1) and kept == (0, 1), kept)
    java.read("remote", id)
    before = (redis.cache.dbsize(), redis.store.dbsize())
    monitor_lines = []
    ready = threading.Event()

    def monitor():
        with redis_sync.Redis(port=redis.port).monitor() as m:
            ready.set()
            for command in m.listen():
                monitor_lines.append(command["command"])
                if command["command"].upper().startswith("FLUSHALL"):
                    return

    thread = threading.Thread(target=monitor, daemon=True)
    thread.start()
    ready.wait(5)
    await py.gcache.aflushall()
    thread.join(5)
    after = (redis.cache.dbsize(), redis.store.dbsize())
    print(f"  MONITOR: {monitor_lines}")
    print(f"  keys (cache db 0, store db 1): before {before}, after {after}")
    check("Python's flushall sends FLUSHALL: every database emptied, watermarks and other data included",
          any(c.upper() == "FLUSHALL" for c in monitor_lines) and after == (0, 0), after)


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--jar", default=os.path.join(here, "../../../target/quarkus-app/quarkus-run.jar"))
    parser.add_argument("--http-port", type=int, default=18103)
    args = parser.parse_args()
    log_dir = os.path.dirname(os.path.dirname(os.path.abspath(args.jar)))
    redis = Redis()
    print(f"redis-server {redis.cache.info('server')['redis_version']} on port {redis.port}")
    py = PythonSide(redis)
    java = None
    try:
        java = JavaApp(args.jar, args.http_port, redis, False, os.path.join(log_dir, "interop-java-1.log"))
        await measure_keys(redis, java, py)
        await measure_python_to_java(redis, java, py, keyspace_events=False)
        java.stop()
        java = JavaApp(args.jar, args.http_port, redis, True, os.path.join(log_dir, "interop-java-2.log"))
        await measure_python_to_java(redis, java, py, keyspace_events=True)
        await measure_java_to_python(redis, java, py)
        await measure_values(redis, java, py)
        await measure_flush(redis, java, py)
    finally:
        if java:
            java.stop()
        redis.stop()
    print(f"\n{len(FAILED)} checks failed" + (": " + "; ".join(FAILED) if FAILED else ""))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
