"""Dashboard responsiveness: first render of each page in headless Chromium (cold: fresh server,
and warm: second visit), and a filter change on the overview, for the sample-corpus store and a
synthetic 100k-comment store, measured in one run; prints the 100k/sample ratios.

    python benchmarks/synthetic_store.py --comments 100000 --predictions --db /tmp/syn100k.duckdb
    python benchmarks/dashboard_bench.py --db demo.duckdb --db /tmp/syn100k.duckdb
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
PAGES = ("/", "/article", "/trends", "/themes", "/models")
SETTLED = """() => document.querySelector('#main h1') && !document.querySelector('[data-dash-is-loading="true"]')
                   && Array.from(document.querySelectorAll('.dash-graph')).every(g => g.querySelector('.main-svg'))"""


def _render(tab, url: str) -> float:
    started = time.perf_counter()
    tab.goto(url)
    tab.wait_for_function(SETTLED, timeout=120_000, polling=50)
    return time.perf_counter() - started


def measure(browser, db: str) -> dict[str, float]:
    from dashboards.app import BackgroundServer
    from discourse.stats import filter_choices

    first = filter_choices(db)["sources"][0]

    server = BackgroundServer(db, REPO / "models")
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    timings: dict[str, float] = {}
    try:
        for path in PAGES:
            timings[f"cold {path}"] = _render(tab, server.url + path)
        for path in PAGES:
            timings[f"warm {path}"] = _render(tab, server.url + path)
        _render(tab, server.url + "/")
        tab.wait_for_selector("#ov-sources .main-svg")
        tab.locator("#f-source").click()
        option = tab.get_by_role("option", name=f"{first['value']} ({first['comments']} comments)")
        started = time.perf_counter()
        option.click()
        # done when the corpus-by-source figure shows only the chosen source and nothing is loading
        tab.wait_for_function("""(name) => {
            const plot = document.querySelector('#ov-sources .js-plotly-plot');
            return plot && plot.data && plot.data.every(t => Array.from(t.y || []).every(y => y === name));
        }""", arg=first["value"], timeout=60_000, polling=20)
        tab.wait_for_timeout(50)
        tab.wait_for_function(SETTLED, timeout=120_000, polling=50)
        timings["filter change /"] = time.perf_counter() - started
    finally:
        tab.close()
        server.stop()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", required=True, help="store to measure (repeat; the first is the baseline)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from discourse.stats import store_status

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        results = {}
        for db in args.db:
            status = store_status(db)
            results[db] = measure(browser, db)
            print(f"{db}: {status.pages} pages, {status.comments} comments", flush=True)
        browser.close()
    base = args.db[0]
    print(f"\n{'seconds':24}" + "".join(f"{Path(db).name:>22}" for db in args.db) + ("   ratio" if len(args.db) > 1 else ""))
    for key in results[base]:
        row = f"{key:24}" + "".join(f"{results[db][key]:22.2f}" for db in args.db)
        if len(args.db) > 1:
            row += f"   {results[args.db[-1]][key] / results[base][key]:.1f}x"
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
