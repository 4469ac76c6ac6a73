#!/usr/bin/env python
"""Frontend first-load benchmark: the production bundle's size and the inbox's first load.

    make frontend                                     # builds frontend/dist (this script builds nothing)
    .venv/bin/python bench/frontend.py                # bundle sizes + 10 cold/warm loads on the embedded default
    .venv/bin/python bench/frontend.py --runs 20 --no-traffic
    .venv/bin/python bench/frontend.py --bundle-only  # sizes only, no server, no browser
    .venv/bin/python bench/frontend.py --url http://127.0.0.1:8000 --email … --password …   # a running server

What it does:
- **Bundle.** Reads frontend/dist/index.html and follows the chunks' imports: the initial JS
  is the entry script plus every chunk it imports statically (what index.html modulepreloads),
  and each lazy route chunk (`import()` in the router) costs its own chunk plus the chunks it
  imports that the initial JS does not already hold. Prints raw and gzip (level 9) sizes.
  Targets (issue #6): initial JS < 300 KB gzip.
- **Server.** Starts the real server the way the test suite does (tests/conftest.py's
  `ServerProcess`): `manage.py up` on the embedded default — no DATABASE_URL, so an embedded
  PostgreSQL in a temporary var dir, migrations, the demo seed (workspace `demo`, its admin,
  seeded cases) and, unless --no-traffic, the traffic simulator writing through the signed
  webhooks while the browser loads. Stopped (and its PostgreSQL with it) at the end.
- **Browser.** bench/frontend_load.mjs drives Debian's Chromium (/usr/bin/chromium) through
  playwright-core with the e2e suite's launcher: signs in once, then per run a fresh context
  (empty cache) loads /inbox/all cold, then again warm (HTTP cache filled). Per load: time
  from navigation start to the first case row in the DOM ("interactive": rows are rendered by
  React with their handlers, the first case is clickable — the bench clicks it and times the
  case view), TTFB, DOMContentLoaded, load, JS files/bytes transferred, API requests made,
  and the JS heap after load (CDP `JSHeapUsedSize`). Target: interactive < 1 s.
- Prints min / median / p90 / max per measure (p99 is the max at these run counts) and the
  machine's load average before and after, since other work on a 2-core machine moves them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BACKEND_DIR = PROJECT_DIR / "backend"
DIST = PROJECT_DIR / "frontend" / "dist"
DRIVER = Path(__file__).resolve().parent / "frontend_load.mjs"
CHROMIUM = "/usr/bin/chromium"
INITIAL_JS_TARGET_KB = 300
INTERACTIVE_TARGET_MS = 1000

STATIC_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["'`]\./([\w.-]+\.js)["'`]""")
DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*["'`]\./([\w.-]+\.js)["'`]\s*\)""")


# --- Bundle ------------------------------------------------------------------------------------


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def _closure(start: str, assets: Path) -> set[str]:
    """A chunk and every chunk it imports statically, transitively."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(STATIC_IMPORT.findall((assets / name).read_text(encoding="utf-8")))
    return seen


def bundle_report() -> dict:
    index = DIST / "index.html"
    if not index.exists():
        sys.exit("frontend/dist is missing: run `make frontend` first (this benchmark builds nothing).")
    html = index.read_text(encoding="utf-8")
    assets = DIST / "assets"
    entry = re.search(r'<script type="module"[^>]*src="/assets/([^"]+)"', html).group(1)
    preloaded = set(re.findall(r'<link rel="modulepreload"[^>]*href="/assets/([^"]+)"', html))
    initial = _closure(entry, assets) | preloaded
    css = re.findall(r'<link rel="stylesheet"[^>]*href="/assets/([^"]+)"', html)

    def size(names) -> tuple[int, int]:
        blobs = [(assets / name).read_bytes() for name in names]
        return sum(len(b) for b in blobs), sum(_gzip_size(b) for b in blobs)

    routes = {}
    lazy = sorted({name for chunk in initial for name in DYNAMIC_IMPORT.findall((assets / chunk).read_text(encoding="utf-8"))})
    for chunk in lazy:
        extra = _closure(chunk, assets) - initial
        name = re.sub(r"-[\w-]{8}\.js$", "", chunk)  # Vite's content hash: 8 characters of [A-Za-z0-9_-]
        routes[name] = {"chunk": chunk, "files": len(extra), "names": extra, "size": size(extra)}
    report = {"entry": entry, "initial_files": sorted(initial), "initial": size(initial), "css": size(css), "routes": routes}
    # What /inbox/… needs before its first row: the initial JS, the app layout and the inbox route.
    inbox_page = initial | routes.get("root", {}).get("names", set()) | routes.get("inbox", {}).get("names", set())
    report["inbox_page"] = size(inbox_page)
    report["inbox_page_files"] = len(inbox_page)
    return report


def print_bundle(report: dict) -> None:
    kb = lambda n: f"{n / 1024:7.1f} KB"  # noqa: E731
    raw, gz = report["initial"]
    verdict = "OK" if gz / 1024 < INITIAL_JS_TARGET_KB else "OVER"
    print("Production bundle (frontend/dist), gzip -9:")
    print(f"  initial JS   {kb(gz)} gzip  ({kb(raw)} raw, {len(report['initial_files'])} files: entry {report['entry']} + modulepreloads)"
          f"  target < {INITIAL_JS_TARGET_KB} KB: {verdict}")
    raw, gz = report["css"]
    print(f"  initial CSS  {kb(gz)} gzip  ({kb(raw)} raw)")
    print("  lazy routes (JS beyond the initial set):")
    for name, route in sorted(report["routes"].items(), key=lambda item: -item[1]["size"][1]):
        raw, gz = route["size"]
        print(f"    {name:<18} {kb(gz)} gzip  ({kb(raw)} raw, {route['files']} files)")
    raw, gz = report["inbox_page"]
    print(f"  inbox page total (initial + layout + inbox route): {kb(gz)} gzip ({kb(raw)} raw, {report['inbox_page_files']} files)")


# --- Server ------------------------------------------------------------------------------------


def load_test_support():
    """tests/conftest.py's ServerProcess and server_env. Importing the conftest needs Django
    configured; a placeholder DATABASE_URL keeps this process from starting a database (it
    never connects); the server child gets its own environment from server_env()."""
    for path in (str(PROJECT_DIR), str(BACKEND_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = "postgresql://bench@127.0.0.1:1/not_used_by_the_bench_process"
    import django

    django.setup()
    from tests.conftest import ServerProcess, server_env

    return ServerProcess, server_env


def start_embedded_server(log_dir: Path, traffic: bool):
    from django.conf import settings

    ServerProcess, server_env = load_test_support()
    env = server_env(DIALOGO_VAR_DIR=str(log_dir / "var"))
    env.pop("DATABASE_URL", None)  # the embedded default: no DATABASE_URL, no REDIS_URL
    env.pop("REDIS_URL", None)
    args = ["up"] if traffic else ["up", "--no-traffic"]
    server = ServerProcess(*args, env=env, log_path=log_dir / "server.log")
    try:
        server.wait_healthy(timeout=240)
    except BaseException:
        server.kill()
        raise
    return server, settings.DEMO_ADMIN_EMAIL, settings.DEMO_PASSWORD


def wait_for_cases(url: str, email: str, password: str, timeout: float = 60) -> int:
    import httpx

    with httpx.Client(base_url=url, timeout=10) as client:
        client.get("/api/v1/auth/session/")
        login = client.post("/api/v1/auth/login/", json={"email": email, "password": password},
                            headers={"X-CSRFToken": client.cookies.get("csrftoken", "")})
        login.raise_for_status()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = client.get("/api/v1/cases/", params={"status": "open", "page_size": 50}).json()["results"]
            if rows:
                return len(rows)
            time.sleep(1)
    raise SystemExit("the inbox has no open cases to show")


# --- Browser -----------------------------------------------------------------------------------


def run_browser(url: str, email: str, password: str, runs: int, path: str, waterfall: bool = False) -> list[dict]:
    env = {**os.environ, "DIALOGO_URL": url, "DIALOGO_EMAIL": email, "DIALOGO_PASSWORD": password,
           "BENCH_RUNS": str(runs), "BENCH_PATH": path, "BENCH_WATERFALL": "1" if waterfall else "0"}
    result = subprocess.run(["node", str(DRIVER)], env=env, capture_output=True, text=True, timeout=120 + runs * 60,
                            cwd=PROJECT_DIR / "frontend")
    if result.returncode != 0:
        sys.exit(f"browser run failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{ordered[0]:8.0f} {statistics.median(ordered):8.0f} {p90:8.0f} {ordered[-1]:8.0f}"


def print_waterfall(loads: list[dict]) -> None:
    first = next((load for load in loads if load.get("waterfall")), None)
    if not first:
        return
    print(f"\n  first cold load, requests started before the first row ({first['interactive_ms']:.0f} ms), ms from navigation:")
    for name, start, end in sorted(first["waterfall"], key=lambda entry: entry[1]):
        print(f"    {start:6d} → {end:6d}  {name}")


def print_loads(loads: list[dict]) -> None:
    measures = [
        ("interactive_ms", "interactive (first case row), ms", 1),
        ("open_case_ms", "click first case → case view, ms", 1),
        ("ttfb_ms", "TTFB, ms", 1),
        ("dcl_ms", "DOMContentLoaded, ms", 1),
        ("load_ms", "load event, ms", 1),
        ("js_transfer_bytes", "JS transferred, KB", 1024),
        ("js_files", "JS files", 1),
        ("api_requests", "API requests", 1),
        ("js_heap_bytes", "JS heap after load, MB", 1024 * 1024),
    ]
    for kind in ("cold", "warm"):
        rows = [load for load in loads if load["kind"] == kind]
        if not rows:
            continue
        print(f"\n  {kind} ({len(rows)} loads){'':<22} {'min':>8} {'median':>8} {'p90':>8} {'max':>8}")
        for key, label, scale in measures:
            values = [load[key] / scale for load in rows if load.get(key) is not None]
            if values:
                print(f"    {label:<36} {summary(values)}")
        median = statistics.median(load["interactive_ms"] for load in rows)
        verdict = "OK" if median < INTERACTIVE_TARGET_MS else "OVER"
        print(f"    target: interactive < {INTERACTIVE_TARGET_MS} ms (median): {verdict}; rows on screen: {rows[0]['rows']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="cold+warm load pairs (default 10)")
    parser.add_argument("--path", default="/inbox/all", help="page to load (default /inbox/all)")
    parser.add_argument("--no-traffic", action="store_true", help="no simulated customers writing during the loads")
    parser.add_argument("--bundle-only", action="store_true")
    parser.add_argument("--url", help="measure a server already running here instead of starting one")
    parser.add_argument("--email")
    parser.add_argument("--password")
    parser.add_argument("--keep-logs", action="store_true", help="keep the server's log and var dir")
    parser.add_argument("--waterfall", action="store_true", help="also print the first cold load's requests up to the first row")
    args = parser.parse_args()

    print_bundle(bundle_report())
    if args.bundle_only:
        return
    missing = [what for what, ok in [(CHROMIUM, os.path.exists(CHROMIUM)), ("node", shutil.which("node")),
                                      ("frontend/node_modules/playwright-core",
                                       (PROJECT_DIR / "frontend/node_modules/playwright-core").exists())] if not ok]
    if missing:
        sys.exit(f"the browser part needs: {', '.join(missing)} (make install; Debian's chromium package)")

    load_before = os.getloadavg()
    work_dir = Path(tempfile.mkdtemp(prefix="dialogo-bench-frontend-"))
    server = None
    try:
        if args.url:
            url, email, password, where = args.url, args.email, args.password, f"the server at {args.url}"
        else:
            started = time.monotonic()
            server, email, password = start_embedded_server(work_dir, traffic=not args.no_traffic)
            url = server.url
            where = (f"`manage.py up` on the embedded default (embedded PostgreSQL in a temp dir, demo seed"
                     f"{', traffic simulator on' if not args.no_traffic else ', no traffic'}), ready in {time.monotonic() - started:.0f} s")
        open_cases = wait_for_cases(url, email, password)
        print(f"\nFirst load of {args.path} in headless Chromium ({args.runs} runs, 1440×900), {where}; "
              f"{open_cases}{'+' if open_cases == 50 else ''} open cases:")
        loads = run_browser(url, email, password, args.runs, args.path, waterfall=args.waterfall)
        print_loads(loads)
        print_waterfall(loads)
    finally:
        if server is not None:
            server.kill()
        if args.keep_logs:
            print(f"\n  server log and var dir kept in {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    load_after = os.getloadavg()
    print(f"\n  machine: {os.cpu_count()} CPUs; load average (1/5/15 min) before "
          f"{' '.join(f'{v:.2f}' for v in load_before)}, after {' '.join(f'{v:.2f}' for v in load_after)}")


if __name__ == "__main__":
    main()
