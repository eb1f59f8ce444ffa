#!/usr/bin/env bash
# Retakes the guide's Dev UI screenshots (docs/modules/ROOT/assets/images/devui-*.png) from the example application
# (integration-tests) running in dev mode on a throw-away redis-server, with some traffic, in headless Chromium driven
# through chromedriver's WebDriver HTTP API (no Selenium needed). Run from the repository root:
#   docs/devui-screenshots.sh [http port] [redis port] [chromedriver port] [minutes of traffic on the Use cases page]
# Needs redis-server, chromium, chromium-driver, curl and python3. Leaves nothing running.
set -euo pipefail
HTTP=${1:-8080}
REDIS=${2:-6399}
DRIVER=${3:-9515}
MINUTES=${4:-3}
OUT=docs/modules/ROOT/assets/images
BASE=http://localhost:$HTTP
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

setsid redis-server --port "$REDIS" --save '' --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)
setsid ./mvnw -o -B quarkus:dev -pl integration-tests -am -Dquarkus.analytics.disabled=true \
    -Dquarkus.console.enabled=false -Ddebug=false -Dquarkus.http.port="$HTTP" \
    -Dquarkus.redis.hosts="redis://localhost:$REDIS" < /dev/null > "$work/dev.log" 2>&1 &
pids+=($!)
echo "waiting for the example application on $BASE (log: $work/dev.log)"
for _ in $(seq 1 180); do
    curl -fs "$BASE/users/1" > /dev/null 2>&1 && break
    sleep 2
done
curl -fs "$BASE/users/1" > /dev/null

# Traffic, as a user of the example would make it: reads of the three users through each use case, searches, and now
# and then a write, which invalidates the user (its REMOTE entries turn stale, its LOCAL ones go).
traffic() {
    local n=0
    while true; do
        for id in 1 2 3; do
            curl -fs "$BASE/users/$id" > /dev/null || true
            curl -fs "$BASE/users/$id/uni" > /dev/null || true
            [ $((n % 3)) -eq 0 ] && curl -fs "$BASE/users/$id/stage" > /dev/null || true
        done
        curl -fs "$BASE/users?prefix=An&size=5" > /dev/null || true
        [ $((n % 40)) -eq 20 ] && curl -fs -X PUT -H 'Content-Type: application/json' \
            -d "{\"email\":\"bob+$n@example.com\"}" "$BASE/users/2" > /dev/null || true
        n=$((n + 1))
        sleep 0.$((RANDOM % 9 + 1))
    done
}
setsid bash -c "$(declare -f traffic); BASE=$BASE; traffic" > /dev/null 2>&1 &
pids+=($!)

setsid chromedriver --port="$DRIVER" > "$work/chromedriver.log" 2>&1 &
pids+=($!)
sleep 2

mkdir -p "$OUT"
python3 - "$DRIVER" "$BASE" "$OUT" "$MINUTES" "$work" <<'EOF'
import base64, json, sys, time, urllib.request

driver, base, out, minutes, work = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]

def call(method, path, body=None):
    req = urllib.request.Request(f"http://localhost:{driver}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())["value"]

caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
    "binary": "/usr/bin/chromium",
    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={work}/chromium", "--window-size=1700,1000"]}}}}
session = call("POST", "/session", caps)["sessionId"]
s = f"/session/{session}"

def script(js, *args):
    return call("POST", f"{s}/execute/sync", {"script": js, "args": list(args)})

# finds the first match of a selector in the document or any open shadow root
FIND = """const find = (root, sel) => { const hit = root.querySelector(sel); if (hit) return hit;
  for (const el of root.querySelectorAll('*')) { if (el.shadowRoot) { const h = find(el.shadowRoot, sel); if (h) return h; } }
  return null; };"""

def wait_for(js, what, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        if script(FIND + js):
            return
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {what}")

def shot(name):
    time.sleep(1)
    # the Dev UI's own toasts (e.g. it cannot reach the extension registry offline) are not GCache's
    script("document.querySelectorAll('vaadin-notification-container, vaadin-notification-card').forEach(n => n.remove());")
    png = call("GET", f"{s}/screenshot")
    with open(f"{out}/{name}", "wb") as f:
        f.write(base64.b64decode(png))
    print("saved", f"{out}/{name}")

try:
    call("POST", f"{s}/window/rect", {"width": 1700, "height": 1000})
    call("POST", f"{s}/url", {"url": f"{base}/q/dev-ui/quarkus-gcache/use-cases"})
    wait_for("return find(document, 'qwc-gcache-use-cases')?.shadowRoot?.querySelector('svg.trend') != null;",
             "the Use cases page")
    print(f"sampling the counters for {minutes} min")
    time.sleep(minutes * 60)
    shot("devui-use-cases.png")

    call("POST", f"{s}/url", {"url": f"{base}/q/dev-ui/quarkus-gcache/keys"})
    wait_for("return (find(document, 'qwc-gcache-keys')?.shadowRoot?.querySelectorAll('code.entry').length || 0) > 3;",
             "the Keys page")
    # sorted by state, stale first: the entries of the user the traffic wrote to are among them
    for _ in range(2):
        script(FIND + """[...find(document, 'qwc-gcache-keys').shadowRoot.querySelectorAll('vaadin-grid-sorter')]
            .find(s => s.path === 'state').click();""")
        time.sleep(0.5)
    shot("devui-keys.png")
    script(FIND + """const page = find(document, 'qwc-gcache-keys').shadowRoot;
        page.querySelector("vaadin-button.show-json[data-layer='REMOTE'][data-urn*='user_id:1}#GetUserProfile']").click();""")
    wait_for("return find(document, '#json-dialog-content') != null;", "the JSON dialog")
    shot("devui-keys-json.png")
finally:
    call("DELETE", s)
EOF
