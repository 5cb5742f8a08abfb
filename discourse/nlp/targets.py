"""Stance targets: a key with phrasings per language, or any free-text target given at run time."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Target:
    """What stance is taken toward; `phrase(lang)` is fed to the encoder beside the text."""

    key: str
    phrasings: dict[str, str] = field(default_factory=dict)
    description: str = ""

    def phrase(self, lang: str | None) -> str:
        """The phrasing for a language, falling back to English, then the key."""
        return self.phrasings.get(lang or "", "") or self.phrasings.get("en", "") or self.key


def load_targets(path: Path) -> tuple[dict[str, Target], str]:
    """All targets in a targets.yaml and the default key."""
    data = yaml.safe_load(Path(path).read_text("utf-8"))
    targets = {
        key: Target(key, {k: v for k, v in spec.items() if len(k) == 2 and isinstance(v, str)}, spec.get("description", ""))
        for key, spec in data["targets"].items()
    }
    return targets, data.get("default", next(iter(targets)))


def resolve_target(name: str | None, registry: dict[str, Target], default: str) -> Target:
    """A registered key, or free text used as the target in every language."""
    if not name:
        return registry[default]
    if name in registry:
        return registry[name]
    return Target(key=name, phrasings={"en": name, "ru": name, "zh": name}, description="free-text target")
