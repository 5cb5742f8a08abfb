"""A classified store for the dashboard (sample pages + an injection page, fake models so no
weights are needed), a live server on a free loopback port, and headless Debian Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboards.app import BackgroundServer
from discourse.config import load_settings
from discourse.nlp.frames import FrameScorer, load_codebook
from discourse.pipeline import classify, frames, ingest, themes
from tests.fakes import HashingEncoder, fake_classifier

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
PAGES = ["05_topwar_ru.html", "08_wordpress_en.html", "10_sina_zh.html", "01_tass_en.html", "12_ruportal_ru.html"]
XSS = ROOT / "tests" / "fixtures" / "jsonl" / "xss_comments.jsonl"
XSS_TEXT = "<script>alert(1)</script><img src=x onerror=alert(2)>"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(os.environ.get("DISCOURSE_ARTIFACTS", ROOT / "build" / "screenshots"))


def build_store(path: Path) -> str:
    """Ingest, frame, classify and cluster a small corpus with the deterministic stand-in models."""
    settings = load_settings(None, db_path=str(path), batch_size=16)
    ingest([SAMPLE / name for name in PAGES] + [XSS], settings)
    _, codebook = load_codebook(ROOT / "models" / "codebooks" / "frames.v1.yaml")
    frames(settings, scorer=FrameScorer(HashingEncoder(), codebook, thresholds={f.id: 0.2 for f in codebook}))
    classify(settings, classifier=fake_classifier())
    themes(settings, encoder=HashingEncoder(), k=4)
    return str(path)


@pytest.fixture(scope="session")
def dashboard_store(tmp_path_factory) -> str:
    return build_store(tmp_path_factory.mktemp("dash") / "dash.duckdb")


class LiveServer(BackgroundServer):
    """The dashboard for `db` with the project's models folder."""

    def __init__(self, db: str) -> None:
        super().__init__(db, ROOT / "models")


@pytest.fixture(scope="session")
def live_server(dashboard_store):
    server = LiveServer(dashboard_store)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian chromium is not installed (make test installs it with apt)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Page:
    """A browser tab that records console errors, page errors and dialogs."""

    def __init__(self, browser, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        self.tab = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        self.tab.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str) -> None:
        """Go to `path` and wait until Dash has rendered the page and finished its callbacks."""
        self.tab.goto(self.base + path)
        self.tab.wait_for_selector("#main h1, #store-status", timeout=30_000)
        self.settle()

    def settle(self) -> None:
        """Wait until no callback is pending (Dash marks loading components)."""
        self.tab.wait_for_timeout(300)
        self.tab.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=30_000)
        self.tab.wait_for_load_state("load")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.tab.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser, live_server):
    tab = Page(browser, live_server.url)
    yield tab
    tab.close()
