"""The Dash app: a shell (header, navigation, skip link) around Dash Pages in dashboards/pages.
Pages never import this module; they reach the data through dashboards.data."""

from __future__ import annotations

from pathlib import Path

import dash
import dash_mantine_components as dmc
from dash import _callback as dash_callbacks
from dash import html

from dashboards.components import NAV, register_url_sync

HERE = Path(__file__).resolve().parent
TITLES = {"nav-overview": "Overview", "nav-article": "Article", "nav-trends": "Trends", "nav-themes": "Themes & network",
          "nav-models": "Models & provenance"}
THEME = {"primaryColor": "blue", "fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif"}


def shell() -> dmc.MantineProvider:
    """Header with the navigation, and the page container."""
    nav = html.Nav(**{"aria-label": "Pages"}, className="nav", children=[
        dmc.NavLink(id=nav_id, label=TITLES[nav_id], href=path, active="exact", className="nav-link") for nav_id, path in NAV
    ])
    return dmc.MantineProvider(theme=THEME, children=[
        html.A("Skip to content", href="#main", className="skip-link"),
        dmc.AppShell(header={"height": 56}, navbar={"width": 210, "breakpoint": "sm"}, padding="md", children=[
            dmc.AppShellHeader(html.Div(className="header", children=[
                html.Span("discourse", className="brand"),
                html.Span("how the public receives the news, next to the official line", className="tagline"),
            ])),
            dmc.AppShellNavbar(nav, p="xs"),
            dmc.AppShellMain(html.Main(id="main", tabIndex="-1", children=dash.page_container)),
        ]),
    ])


def create_app(db_path: str | Path, models_dir: str | Path) -> dash.Dash:
    """The app serving the store at `db_path`; every asset is served locally (no CDN)."""
    # Dash gathers the pages' `dash.callback`s in process-wide lists that the first app to serve a
    # request takes. Pages are executed afresh for every app, so start each app from empty lists:
    # a second app in one process (tests, benchmarks) then gets exactly its own callbacks.
    for pending in (dash_callbacks.GLOBAL_CALLBACK_LIST, dash_callbacks.GLOBAL_CALLBACK_MAP, dash_callbacks.GLOBAL_INLINE_SCRIPTS):
        pending.clear()
    app = dash.Dash(
        __name__, use_pages=True, pages_folder=str(HERE / "pages"), assets_folder=str(HERE / "assets"),
        serve_locally=True, suppress_callback_exceptions=True, title="discourse", update_title=None,
    )
    app.server.config.update(DISCOURSE_DB=str(Path(db_path).resolve()), DISCOURSE_MODELS=str(Path(models_dir).resolve()))
    app.layout = shell()
    register_url_sync(app)
    return app


def serve(db_path: str | Path, models_dir: str | Path, host: str = "127.0.0.1", port: int = 8050, debug: bool = False, threads: int = 8) -> None:
    """Run the app on host:port (loopback unless asked otherwise): waitress, a production WSGI server, so
    several analysts can share one dashboard; Dash's development server (reloader, error pages) with `debug`."""
    app = create_app(db_path, models_dir)
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    from waitress import serve as waitress_serve

    waitress_serve(app.server, host=host, port=port, threads=threads, ident="discourse")


class BackgroundServer:
    """The app served by werkzeug on a free loopback port in a daemon thread (tests, benchmarks)."""

    def __init__(self, db_path: str | Path, models_dir: str | Path, port: int = 0) -> None:
        import threading

        from werkzeug.serving import make_server

        self.app = create_app(db_path, models_dir)
        self.server = make_server("127.0.0.1", port, self.app.server, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
