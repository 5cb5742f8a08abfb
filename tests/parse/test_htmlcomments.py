"""Comments read by a guessed profile: the meta line ("Name / date") gives the author and time; definition-list comments."""

from __future__ import annotations

import lxml.html

from discourse.parse import parse_bytes
from discourse.parse.htmlcomments import extract_comments, fold_definition_comments

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


def test_definition_list_comments_join_each_term_to_its_text():
    # Thesis-style WordPress themes: author and time in a <dt>, the comment's words in the <dd> after it
    names = ["Armin", "Bea Lunde", "Chen Wei"]
    terms = "".join(
        f'<dt class="comment depth-1" id="comment-10{i}"><span class="comment_author">{name}</span>'
        f'<span class="comment_time"><a href="#comment-10{i}">June 2{i}, 2015 at 10:2{i} pm</a></span></dt>'
        f'<dd class="comment depth-1"><div class="format_text"><p>Comment {i}: the launch slipped again, and nobody is surprised.</p>'
        f'<p>Second paragraph of comment {i}.</p></div></dd>'
        for i, name in enumerate(names, start=1))
    page = parse_bytes(_page(f'<dl id="comment_list">{terms}</dl>'), "thesis.html", "html")
    assert [(c.author, c.published) for c in page.comments] == [
        ("Armin", "2015-06-21T22:21"), ("Bea Lunde", "2015-06-22T22:22"), ("Chen Wei", "2015-06-23T22:23")]
    assert page.comments[1].text == "Comment 2: the launch slipped again, and nobody is surprised.\n\nSecond paragraph of comment 2."
    assert not any("slipped" in paragraph for paragraph in page.body)


def test_a_glossary_definition_list_is_left_alone():
    glossary = "<dl><dt>ILRS</dt><dd>International Lunar Research Station, planned by CNSA and Roscosmos.</dd></dl>"
    tree = lxml.html.fromstring(f"<html><body>{glossary}</body></html>")
    assert fold_definition_comments(tree) == 0
    assert [child.tag for child in tree.find(".//dl")] == ["dt", "dd"]


def test_a_profiles_declared_section_leaves_the_body_with_its_rules_and_comments():
    rules = ("Правила обсуждения. Комментарии проходят модерацию в течение часа после публикации. Оскорбления участников, "
             "нецензурная лексика и реклама удаляются без предупреждения. Ссылки на сторонние ресурсы допускаются только по теме "
             "статьи. Редакция не несёт ответственности за мнения читателей и оставляет за собой право закрыть обсуждение. "
             "Повторные нарушения ведут к блокировке учётной записи на срок от суток до бессрочной. Жалобы на решения модераторов "
             "принимаются по электронной почте редакции, ответ приходит в течение трёх рабочих дней. Публикуя комментарий, вы "
             "соглашаетесь с пользовательским соглашением и политикой обработки персональных данных сетевого издания.")
    items = "".join(
        f'<li id="mc-{i}"><a class="mc-comment-username">user{i}</a><a class="mc-comment-created" timestamp="167860{i}000000">12 марта 2023</a>'
        f'<div class="mc-comment-body">Комментарий {i}: станцию построят не раньше 2035 года.</div></li>' for i in range(1, 4))
    # the widget sits inside the article's container, as on many regional portals
    page = f"""<html><head><title>Lunar station</title></head><body><article><h1>Lunar station</h1><p>{ARTICLE}</p><p>{ARTICLE}</p>
<div id="mc-container"><h3>Комментарии</h3><p>{rules}</p><ul class="mc-comment-list">{items}</ul>
<form><textarea>Ваш комментарий</textarea></form></div></article></body></html>""".encode()
    # the profile's declared section goes, not just the list: the thread heuristic would stop below the long rules
    found = extract_comments(lxml.html.fromstring(page), None, None)
    assert [node.get("id") for node in found.nodes] == ["mc-container"]
    parsed = parse_bytes(page, "cackle.html", "html")
    assert parsed.profile == "cackle.v1" and len(parsed.comments) == 3
    assert parsed.body and not any("Правила" in paragraph or "Комментарий" in paragraph for paragraph in parsed.body)
