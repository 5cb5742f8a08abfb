"""Small lxml helpers: cached CSS->XPath, own-descendant lookups, text as paragraphs."""

from __future__ import annotations

import re
from functools import lru_cache

from cssselect import GenericTranslator, SelectorError
from lxml import etree

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "section", "article",
    "header", "footer", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "hr", "aside",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "button", "form", "textarea", "select", "iframe", "head"}
_INT = re.compile(r"[-+−]?\d+")


@lru_cache(maxsize=512)
def xpath(css: str) -> etree.XPath | None:
    """Compile a CSS selector (relative to a context node) to XPath once."""
    if not css:
        return None
    try:
        return etree.XPath(GenericTranslator().css_to_xpath(css, prefix="descendant-or-self::"))
    except (SelectorError, etree.XPathSyntaxError):
        return None


_TOKEN = re.compile(r"([.#])([A-Za-z_][\w-]*)")
_ATTRIBUTE = re.compile(r"\[\s*([A-Za-z_][\w-]*)")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


@lru_cache(maxsize=512)
def _required_tokens(css: str) -> tuple[frozenset[str], ...]:
    """Per comma-separated alternative, the class/id/attribute tokens it cannot match without."""
    groups = []
    for alternative in css.split(","):
        bare = _QUOTED.sub("''", alternative)
        tokens = {f"@{name}" for name in _ATTRIBUTE.findall(bare)}
        tokens |= {f"{kind}{name}" for kind, name in _TOKEN.findall(re.sub(r"\[[^\]]*\]", " ", bare))}
        groups.append(frozenset(tokens))
    return tuple(groups)


def page_tokens(tree) -> frozenset[str]:
    """Every ".class", "#id" and "@attribute" on the page, for cheap selector pre-checks."""
    tokens = set()
    for element in tree.iter():
        if isinstance(element.tag, str):
            attributes = element.attrib
            if attributes:
                tokens.update("@" + name for name in attributes)
                tokens.update("." + c for c in attributes.get("class", "").split())
                if "id" in attributes:
                    tokens.add("#" + attributes["id"])
    return frozenset(tokens)


def select_possible(node, css: str, tokens: frozenset[str]) -> list:
    """`select`, evaluating only the alternatives of `css` that can match a page with these tokens
    (a long selector list costs one XPath pass per alternative otherwise)."""
    groups = _required_tokens(css)
    parts = [alt for alt, required in zip(css.split(","), groups) if required <= tokens]
    return select(node, ",".join(parts)) if parts else []


def may_match(css: str, tokens: frozenset[str]) -> bool:
    """False when no alternative of `css` can match a page with these tokens."""
    return any(required <= tokens for required in _required_tokens(css))


def select(node, css: str) -> list:
    """All elements under (or equal to) `node` matching `css`."""
    compiled = xpath(css)
    return compiled(node) if compiled is not None else []


def alternatives(css: str) -> list[str]:
    """A selector list split into its alternatives, which profiles list by priority."""
    return [part.strip() for part in _QUOTED.sub(lambda m: m.group(0).replace(",", "\0"), css).split(",") if part.strip()]


def _common_ancestor(nodes: set):
    """The deepest element containing every node (the comment section), to search only there."""
    paths = [list(reversed([n, *n.iterancestors()])) for n in nodes]
    common = None
    for level in zip(*paths):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


class OwnIndex:
    """Each comment item's own matches for a selector list, found with one XPath run per
    alternative over the whole page instead of one per item (the walk is the parser's hot path)."""

    def __init__(self, root, items: set) -> None:
        self.root = _common_ancestor(items) if items else root
        self.items = items
        self._tables: dict[str, dict] = {}

    def _owner(self, node):
        parent = node.getparent()
        while parent is not None:
            if parent in self.items:
                return parent
            parent = parent.getparent()
        return None

    def matches(self, item, css: str) -> list:
        """`item`'s own elements matching `css`: by alternative priority, then document order."""
        if not css:
            return []
        table = self._tables.get(css)
        if table is None:
            table = {}
            for alternative in alternatives(css):
                for node in select(self.root, alternative.replace("\0", ",")):
                    if node in self.items:
                        continue  # an item is never a part of another item
                    owner_item = self._owner(node)
                    if owner_item is not None:
                        table.setdefault(owner_item, []).append(node)
            self._tables[css] = table
        return table.get(item, [])

    def first(self, item, css: str):
        """The highest-priority own match, or None."""
        found = self.matches(item, css)
        return found[0] if found else None


def paragraphs(root, skip: set) -> list[str]:
    """Text of `root` as paragraphs, breaking at block elements, leaving out `skip` subtrees."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            out.append(text)
        buf.clear()

    def walk(node) -> None:
        if not isinstance(node.tag, str) or node in skip or node.tag in _SKIP_TAGS:
            return
        block = node.tag in _BLOCK
        if block:
            flush()
        if node.text:
            buf.append(node.text)
        if node.tag == "img" and node.get("alt"):
            buf.append(f" {node.get('alt')} ")
        for child in node:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return out


def text_of(node) -> str:
    """All text of `node`, white space collapsed."""
    return " ".join(" ".join(node.itertext()).split()) if node is not None else ""


def to_int(text: str | None) -> int | None:
    """The first integer in a counter such as "+12", "赞(3)", "−4"."""
    if not text:
        return None
    match = _INT.search(text.replace("\u2212", "-").replace(" ", ""))
    if not match:
        return None
    value = match.group(0).replace("−", "-")
    return int(value) if abs(int(value)) < 10**9 else None


_OTHERS = re.compile(r"^(?P<names>.+?)\s+(?:and|и ещё|и еще|等)\s*(?P<n>\d+)\s*(?:others?|other people|человек|人)?", re.I)


def count_of(text: str | None) -> int | None:
    """A counter's value: "+12" -> 12; reaction lists "A, B and 9 others" -> 11."""
    if not text:
        return None
    others = _OTHERS.match(text.strip())
    if others and not _INT.fullmatch(others.group("names").strip()):
        return len([n for n in re.split(r",|，|、", others.group("names")) if n.strip()]) + int(others.group("n"))
    value = to_int(text)
    if value is None and text.strip() and len(text) < 60:
        return len([n for n in re.split(r",|，|、| and | и ", text) if n.strip()])  # "A and B" liked it
    return value


def flatten_deep(root, max_depth: int) -> int:
    """Strip tags below `max_depth` (keeping their text) so pathological nesting cannot recurse; return how many."""
    stripped = 0
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth >= max_depth:
            for child in list(node):
                if isinstance(child.tag, str):
                    etree.strip_tags(child, "*")
                    stripped += 1
            continue
        stack.extend((child, depth + 1) for child in node if isinstance(child.tag, str))
    return stripped
