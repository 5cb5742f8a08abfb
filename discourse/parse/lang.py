"""Offline language identification: script shortcuts first, then py3langid."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_UKRAINIAN = re.compile(r"[ієїґІЄЇҐ]")
_BELARUSIAN = re.compile(r"[ўЎ]")
_CYRILLIC_LANGS = ["ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn"]
_URLS = re.compile(r"https?://\S+|www\.\S+|@\w+")


@lru_cache(maxsize=2)
def _identifier(restrict: tuple[str, ...] | None):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if restrict:
        identifier.set_languages(list(restrict))
    return identifier


def detect_language(text: str, fallback: str | None = None) -> str | None:
    """Return an ISO 639-1 code for `text`, or `fallback` when the text is too short to tell."""
    sample = _URLS.sub(" ", unicodedata.normalize("NFKC", text[:2000]))
    han, kana, hangul = len(_HAN.findall(sample)), len(_KANA.findall(sample)), len(_HANGUL.findall(sample))
    cyr, lat = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    letters = han + kana + hangul + cyr + lat
    if letters == 0:
        return fallback
    if kana > 0.1 * letters:
        return "ja"
    if hangul > 0.3 * letters:
        return "ko"
    if han >= 0.3 * letters or (han >= 2 and han * 3 >= cyr + lat):
        return "zh"
    if cyr >= lat:
        if _UKRAINIAN.search(sample) and cyr < 80:
            return "uk"
        if _BELARUSIAN.search(sample) and cyr < 80:
            return "be"
        if cyr < 40:
            return "ru"
        return _identifier(tuple(_CYRILLIC_LANGS)).classify(sample)[0]
    if lat < 12:
        return fallback or "en"
    lang, prob = _identifier(None).classify(sample)
    if lat < 40 and prob < 0.9 and fallback:
        return fallback
    return lang
