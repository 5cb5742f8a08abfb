"""Themes in comments: k-means over multilingual embeddings (fixed seed, sorted input, clusters
numbered by size, so the same input always gives the same themes), keywords by class-based TF-IDF
over words (jieba for Chinese, pymorphy3 lemmas for Russian), and the most central comments."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"[^\W\d_]{3,}", re.U)
STOPWORDS = {
    "en": set("the and for that this with are was were have has had not but you they their them what which who will would can could "
              "just like from about there here than then more most some any all its it's also very into only over such when where how why "
              "our your his her she him been being does did doing out get got one two even much many still because should don didn "
              "doesn isn aren wasn won now yes well really think know say said make made thing things way lot let see".split()),
    "ru": set("это как так что все они она его для при был была были будет есть нет или уже еще ещё только если тоже даже чтобы "
              "там тут где когда кто чем вот этот эта эти того тем мне нам вам его ним них наш ваш свой который быть мочь весь "
              "такой один свой сам очень просто вообще год раз день время говорить сказать знать стать мочь хотеть делать".split()),
    "zh": set("的 了 是 在 和 也 就 都 而 及 与 着 或 一个 没有 我们 你们 他们 这个 那个 什么 自己 已经 还是 就是 不是 可以 这样 因为 所以 但是 "
              "如果 一下 这些 那些 还有 现在 真的 这么 那么".split()),
}


_RU_CONTENT = {"NOUN", "ADJF", "ADJS", "VERB", "INFN", "PRTF"}


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def tokens(text: str, lang: str | None) -> list[str]:
    """Content words for keywords: jieba words (zh), lemmas (ru), lower-cased words (others)."""
    if lang == "zh" or re.search(r"[\u4e00-\u9fff]", text):
        import jieba

        words = [w for w in jieba.cut(text) if len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w)]
        return [w for w in words if w not in STOPWORDS["zh"]]
    words = [w.lower() for w in _WORD.findall(text)]
    stop = STOPWORDS["ru"] | STOPWORDS["en"]
    out = []
    for word in words:
        if re.search("[а-яё]", word):
            parsed = _morph().parse(word)[0]
            # Only content words: pronouns, particles, numerals and adverbs make poor theme keywords.
            if parsed.tag.POS not in _RU_CONTENT:
                continue
            word = parsed.normal_form
        if word not in stop:
            out.append(word)
    return out


@dataclass(frozen=True)
class Theme:
    """One theme: its number (0 = largest), size, keywords and most central members."""

    theme: int
    size: int
    keywords: tuple[str, ...]
    representatives: tuple[int, ...]  # indices into the input


def choose_k(n: int) -> int:
    """A theme count that grows slowly with the corpus (2..20)."""
    return int(min(20, max(2, round(math.sqrt(n / 3)))))


def find_themes(vectors: np.ndarray, texts: list[str], langs: list[str], *, k: int | None = None, seed: int = 0,
                n_keywords: int = 8, n_representatives: int = 3) -> tuple[np.ndarray, list[Theme]]:
    """Assign each text a theme and describe the themes. Inputs must be in a stable order."""
    from sklearn.cluster import KMeans

    n = len(texts)
    k = min(k or choose_k(n), n)
    model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(vectors)
    sizes = np.bincount(model.labels_, minlength=k)
    order = np.argsort(-sizes, kind="stable")  # theme 0 = the largest cluster
    relabel = np.empty(k, dtype=int)
    relabel[order] = np.arange(k)
    labels = relabel[model.labels_]
    centroids = model.cluster_centers_[order]
    keywords = class_tfidf([tokens(t, lang) for t, lang in zip(texts, langs)], labels, k, n_keywords)
    themes = []
    for theme in range(k):
        members = np.flatnonzero(labels == theme)
        distance = np.linalg.norm(vectors[members] - centroids[theme], axis=1)
        themes.append(Theme(theme, int(len(members)), tuple(keywords[theme]), tuple(int(i) for i in members[np.argsort(distance, kind="stable")][:n_representatives])))
    return labels, themes


def class_tfidf(documents: list[list[str]], labels: np.ndarray, k: int, top: int) -> list[list[str]]:
    """Class-based TF-IDF (the BERTopic weighting): term frequency within a theme times
    log(1 + average words per theme / the term's frequency across all themes)."""
    per_class = [Counter() for _ in range(k)]
    for words, label in zip(documents, labels):
        per_class[label].update(words)
    total = Counter()
    for counter in per_class:
        total.update(counter)
    average = sum(total.values()) / max(1, k)
    out = []
    for counter in per_class:
        size = sum(counter.values()) or 1
        scored = sorted(((count / size) * math.log(1 + average / total[word]), word) for word, count in counter.items())
        out.append([word for _, word in sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:top]])
    return out
