"""Comments read by a guessed profile: the meta line ("Name / date") gives the author and time."""

from __future__ import annotations

from discourse.parse import parse_bytes

ARTICLE = " ".join(["Roscosmos and CNSA signed a memorandum on the lunar station, the agencies said on Tuesday."] * 12)


def _page(letters: str) -> bytes:
    return f"""<html><head><title>Lunar station</title></head><body>
<article><h1>Lunar station</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article>
<div id="leserbriefe">{letters}</div></body></html>""".encode()


def test_a_meta_line_gives_author_and_time_and_leaves_the_text():
    letters = "".join(
        f'<div class="leserbrief"><div class="leserbrief_meta">{name} / 2{i}.04.2020</div>'
        f'<div class="leserbrief_inner">Letter {i}: nobody will pay for this station, mark my words.</div></div>'
        for i, name in enumerate(["Karsten Dörre", "Alex Fischer", "Gabriele Klein"], start=1))
    page = parse_bytes(_page(letters), "letters.html", "html")
    assert [(c.author, c.published) for c in page.comments] == [
        ("Karsten Dörre", "2020-04-21"), ("Alex Fischer", "2020-04-22"), ("Gabriele Klein", "2020-04-23")]
    assert [c.text for c in page.comments][0] == "Letter 1: nobody will pay for this station, mark my words."


def test_a_meta_line_with_only_a_date_gives_no_author():
    letters = "".join(
        f'<div class="leserbrief"><div class="leserbrief_meta">am 2{i}.04.2020 um 10:0{i}</div>'
        f'<div class="leserbrief_inner">Letter {i}: the station is a fine idea.</div></div>' for i in range(1, 4))
    page = parse_bytes(_page(letters), "dates.html", "html")
    assert [(c.author, c.published) for c in page.comments][0] == (None, "2020-04-21T10:01")
