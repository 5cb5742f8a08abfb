"""The filter bar's view of a URL, inside the app (no browser)."""

from __future__ import annotations

import shutil

import duckdb

from dashboards.app import create_app
from dashboards.components import view_from_params
from tests.dashboards.conftest import ROOT


def _view(db, params):
    app = create_app(db, ROOT / "models")
    with app.server.app_context():
        return view_from_params(params)


def test_a_url_gives_filters_target_and_confidence(tiny_store):
    view = _view(tiny_store, {"source": ["TASS", "VO"], "lang": "en", "from": "2021-03-01", "minconf": "0.4"})
    assert view.filters.sources == ("TASS", "VO") and view.filters.langs == ("en",)
    assert view.filters.date_from == "2021-03-01" and view.filters.date_to is None
    assert view.min_confidence == 0.4 and view.target == "russia_china_cooperation"


def test_a_hand_edited_url_falls_back_instead_of_failing(tiny_store):
    view = _view(tiny_store, {"from": "yesterday", "minconf": "lots"})
    assert view.filters.date_from is None and view.min_confidence == 0.0


def test_a_store_classified_for_another_target_opens_on_it(tiny_store, tmp_path):
    other = tmp_path / "other.duckdb"
    shutil.copy(tiny_store, other)
    with duckdb.connect(str(other)) as con:
        con.execute("UPDATE predictions SET target = 'nato expansion' WHERE task = 'stance'")
    assert _view(str(other), {}).target == "nato expansion"
    assert _view(str(other), {"target": "russia_china_cooperation"}).target == "russia_china_cooperation"
