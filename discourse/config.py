"""One settings object: packaged defaults -> user file -> keyword arguments, resolved once."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from discourse.errors import DiscourseError

# The shipped models (heads, adapters, cards, targets, codebooks) in a source checkout; every module
# that reads or writes them takes this default, and callers may pass another folder.
REPO_MODELS = Path(__file__).resolve().parents[1] / "models"


@dataclass(frozen=True)
class Settings:
    """Every tunable of discourse; build with `load_settings`, pass it down explicitly."""

    db_path: str = "discourse.duckdb"
    home: str = ""
    max_file_mb: float = 40.0
    max_jsonl_mb: float = 2048.0
    max_html_depth: int = 400
    quote_min_similarity: float = 0.8
    quote_min_words: int = 3
    detect_language: bool = True
    body_fallback: bool = False
    backend: str = "onnx"
    backbone: str = "e5-small.int8"
    batch_size: int = 32
    chunk_size: int = 2048
    max_length: int = 256
    target: str = "russia_china_cooperation"
    sentiment_head: str = "sentiment.e5lora.v8"
    stance_head: str = "stance.e5lora.v8"
    abstain_below: float = 0.5
    threads: int = 0

    @property
    def home_dir(self) -> Path:
        """The model cache directory."""
        if self.home:
            return Path(self.home).expanduser()
        return Path(os.environ.get("DISCOURSE_HOME", "~/.cache/discourse")).expanduser()

    def with_overrides(self, **overrides: Any) -> "Settings":
        """Return a copy with the given non-None keyword overrides applied."""
        known = {f.name for f in fields(self)}
        for name in overrides:
            if name not in known:
                raise DiscourseError("E204", name=name, origin="keyword arguments")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DiscourseError("E203", path=path, reason=exc) from exc


def _user_file(explicit: str | os.PathLike[str] | None) -> Path | None:
    if explicit:
        return Path(explicit)
    env = os.environ.get("DISCOURSE_CONFIG")
    if env:
        return Path(env)
    default = Path("~/.config/discourse/config.toml").expanduser()
    return default if default.exists() else None


def load_settings(config_file: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Resolve packaged defaults, then the user file, then keyword overrides."""
    packaged = tomllib.loads(resources.files("discourse").joinpath("defaults.toml").read_text("utf-8"))
    settings = Settings().with_overrides(**packaged)
    user_path = _user_file(config_file)
    if user_path is not None:
        user = _read_toml(user_path)
        known = {f.name for f in fields(Settings)}
        unknown = sorted(set(user) - known)
        if unknown:
            raise DiscourseError("E204", name=unknown[0], origin=str(user_path))
        settings = settings.with_overrides(**user)
    return settings.with_overrides(**overrides)
