"""The dashboard in a real headless Chromium (Debian's, driven by Playwright): every page renders
without console errors, filters drive the figures and the URL, the thread nests as stored, comment
text never runs, downloads equal `discourse export`, and the store's states are explained."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from typer.testing import CliRunner

from discourse import stats
from discourse.cli import app as cli_app
from tests.dashboards.conftest import XSS_TEXT, LiveServer, Page

PAGES = {"/": "Overview", "/article": "Article", "/trends": "Trends", "/themes": "Themes & network", "/models": "Models & provenance"}
SOURCE = "Военное обозрение"


def _traces(page: Page, graph_id: str) -> list[dict]:
    """The plotted traces of a dcc.Graph (names, x, y) as the browser holds them."""
    return page.tab.evaluate(
        """(id) => (document.querySelector('#' + id + ' .js-plotly-plot') || {data: []}).data
                   .map(t => ({name: t.name || '', x: Array.from(t.x || []), y: Array.from(t.y || [])}))""", graph_id)


def _page_id(db: str, source: str) -> str:
    listed = stats.article_list(db, "russia_china_cooperation")
    return listed[listed["source"] == source]["page_id"].iloc[0]


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_renders_without_console_errors(page, path):
    page.open(path)
    assert page.tab.inner_text("#main h1") == PAGES[path]
    if path != "/article":
        assert page.tab.locator(".js-plotly-plot").count() >= 1
    else:
        assert page.tab.locator("#ar-thread article.comment").count() > 0
    page.screenshot("page" + (path.replace("/", "_") if path != "/" else "_overview"))
    assert page.errors == []


def test_a_filter_change_updates_the_figures_and_the_url(page):
    page.open("/")
    before = {y for trace in _traces(page, "ov-sources") for y in trace["y"]}
    assert SOURCE in before and len(before) > 2
    page.tab.locator("#f-source").click()
    page.tab.get_by_role("option", name=f"{SOURCE} (44 comments)").click()
    page.tab.keyboard.press("Escape")
    page.settle()
    page.tab.wait_for_function("() => window.location.search.includes('source=')")
    after = {y for trace in _traces(page, "ov-sources") for y in trace["y"]}
    assert after == {SOURCE}
    stance = {trace["name"] for trace in _traces(page, "ov-stance")}
    assert any("Comments (n=44)" == name for name in stance)
    assert parse_qs(urlparse(page.tab.url).query)["source"] == [SOURCE]
    page.screenshot("overview_filtered")
    assert page.errors == []


def test_a_shared_url_restores_the_view(page):
    page.open(f"/trends?source={SOURCE}&lang=ru&minconf=0.3&from=2022-01-01&to=2022-12-31")
    assert page.tab.locator(".filters").inner_text().count(SOURCE) >= 1
    assert page.tab.get_by_label("Min. confidence").input_value() == "0.3"
    assert "2022-01-01" in page.tab.locator("#f-dates").inner_text() and "2022-12-31" in page.tab.locator("#f-dates").inner_text()
    # the navigation links carry the same filters to the other pages
    href = page.tab.locator("#nav-themes").get_attribute("href")
    assert parse_qs(urlparse(href).query) == {"source": [SOURCE], "lang": ["ru"], "from": ["2022-01-01"], "to": ["2022-12-31"], "minconf": ["0.3"]}
    # the figures follow the URL: only the chosen source's Russian comments of 2022 are counted
    stance = page.tab.evaluate("() => document.querySelector('#tr-stance .js-plotly-plot').data.map(t => Array.from(t.x || []))")
    months = {x for xs in stance for x in xs}
    assert months and all(month.startswith("2022-") for month in months)
    assert page.errors == []


def test_the_article_view_nests_the_thread_as_stored(page, dashboard_store):
    page_id = _page_id(dashboard_store, SOURCE)
    page.open(f"/article?id={page_id}")
    levels = page.tab.evaluate(
        """() => Array.from(document.querySelectorAll('#ar-thread article.comment')).map(a => {
               let level = 0, node = a;
               while ((node = node.parentElement) && node.id !== 'ar-thread') { if (node.matches('ul.thread')) level++; }
               return [a.id.slice(2), level - 1];
           })""")
    expected = stats.thread(dashboard_store, page_id, "russia_china_cooperation", size=20)["rows"]
    depth = dict(zip(expected["comment_id"], expected["shown_depth"]))
    assert len(levels) == len(expected) and len(levels) > 10
    assert {cid: level for cid, level in levels} == depth
    assert max(depth.values()) >= 2
    # quotes are shown as quotes, apart from the commenter's own words
    assert page.tab.locator("#ar-thread blockquote.comment-quote").count() > 0
    # replies fold with the keyboard: focus the first "N replies" and press Enter
    summary = page.tab.locator("#ar-thread details.replies > summary").first
    summary.focus()
    page.tab.keyboard.press("Enter")
    assert page.tab.locator("#ar-thread details.replies").first.get_attribute("open") is None
    page.screenshot("article_thread")
    assert page.errors == []


def test_a_script_in_a_comment_is_shown_as_text_and_runs_nothing(page, dashboard_store):
    page_id = _page_id(dashboard_store, "Injection Test Gazette")
    page.open(f"/article?id={page_id}")
    page.tab.wait_for_timeout(500)  # give an injected onerror handler time to fire, if there were one
    words = page.tab.locator("#ar-thread p.own-words").all_inner_texts()
    assert XSS_TEXT in words
    assert page.tab.locator("#ar-thread .comment-author", has_text="<b>mallory</b>").count() == 1
    assert page.tab.locator("#ar-thread script, #ar-thread img, #ar-thread b").count() == 0
    assert page.dialogs == []
    page.screenshot("article_injection")
    assert page.errors == []


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_the_export_button_downloads_what_discourse_export_writes(page, dashboard_store, tmp_path, fmt):
    page.open(f"/models?source={SOURCE}")
    with page.tab.expect_download() as caught:
        page.tab.get_by_role("button", name={"csv": "CSV", "parquet": "Parquet", "json": "JSON"}[fmt]).click()
    downloaded = tmp_path / f"download.{fmt}"
    caught.value.save_as(downloaded)
    cli_out = tmp_path / f"cli.{fmt}"
    result = CliRunner().invoke(cli_app, ["export", "--db", dashboard_store, "--what", "stance", "--by", "source", "--source", SOURCE,
                                          "--format", fmt, "-o", str(cli_out)])
    assert result.exit_code == 0, result.output
    mine, theirs = stats.read_back(downloaded, fmt), stats.read_back(cli_out, fmt)
    assert set(mine["source"]) == {SOURCE}
    pd.testing.assert_frame_equal(mine, theirs)
    assert "--source" in page.tab.inner_text("#md-cli")
    assert page.errors == []


def test_keyboard_reaches_the_skip_link_and_labelled_controls(page):
    page.open("/")
    page.tab.keyboard.press("Tab")
    assert page.tab.evaluate("document.activeElement.textContent") == "Skip to content"
    unlabelled = page.tab.evaluate(
        """() => Array.from(document.querySelectorAll('#main input, #main button, #main select'))
               .filter(e => e.type !== 'hidden' && e.offsetParent !== null && e.tabIndex >= 0)
               .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.textContent.trim())
               .map(e => e.outerHTML.slice(0, 120))""")
    assert unlabelled == []


@pytest.mark.parametrize("state, expected", [("missing", "No store yet"), ("empty", "The store is empty"),
                                              ("old", "older discourse")])
def test_a_store_that_cannot_be_shown_is_explained(browser, tmp_path, state, expected):
    import duckdb

    from discourse.store import open_store

    db = tmp_path / "s.duckdb"
    if state == "empty":
        open_store(db).close()
    elif state == "old":
        with duckdb.connect(str(db)) as con:
            con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '2')")
    server = LiveServer(str(db))
    tab = Page(browser, server.url)
    try:
        tab.open("/")
        assert expected in tab.tab.inner_text("#store-status")
        tab.screenshot(f"store_{state}")
        assert tab.errors == []
    finally:
        tab.close()
        server.stop()


def test_a_second_app_in_one_process_has_all_its_callbacks(browser, dashboard_store, live_server):
    """Dash collects page callbacks process-wide; a second app (tests, benchmarks) must still keep
    the filters in the URL and must not receive duplicates (which the renderer reports as errors)."""
    from dashboards.app import create_app

    first = Page(browser, live_server.url)
    first.open("/")  # the first app has served (and taken Dash's process-wide callback lists)
    first.close()
    create_app(dashboard_store, live_server.app.server.config["DISCOURSE_MODELS"])  # built, never served
    server = LiveServer(dashboard_store)
    tab = Page(browser, server.url)
    try:
        tab.open("/")
        tab.tab.locator("#f-source").click()
        tab.tab.get_by_role("option", name=f"{SOURCE} (44 comments)").click()
        tab.tab.wait_for_function("() => window.location.search.includes('source=')", timeout=15_000)
        tab.settle()
        assert tab.errors == []
    finally:
        tab.close()
        server.stop()
