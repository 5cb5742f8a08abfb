"""Numbered comment items of saved page text (Topwar/VO as a browser copies it)."""

from discourse.parse.textitems import comment_item_starts, parse_comment_lines

THREAD = """\
  1. Ural_Stalevar Offline Ural_Stalevar
    Ural_Stalevar (Сергей) 22 марта 2023 06:02
    Разница в формулировках бросается в глаза.
    1. Gazovik_NUR Offline Gazovik_NUR
      Gazovik_NUR (Тимур) 22 марта 2023 06:15
      Цитата: Ural_Stalevar
      Разница в формулировках

      Работаю на Ямале, без трубы на восток часть скважин придётся глушить.
      👍 12 👎 3
  2. Dobry_Molodets Online Dobry_Molodets
    Dobry_Molodets (Вадим) вчера в 09:12
    Китай — наш главный партнёр, и всё у нас получится.
""".splitlines()


def test_item_start_needs_a_header_on_the_line_or_the_next():
    assert comment_item_starts(THREAD, 0)
    assert not comment_item_starts(["  1. Первый пункт списка в статье", "  2. Второй пункт"], 0)


def test_numbered_items_give_depth_author_quote_and_votes():
    raws, stray = parse_comment_lines(THREAD, "2023-03-22T05:00")
    assert [(r.author, r.display_name, r.depth) for r in raws] == [
        ("Ural_Stalevar", "Сергей", 0), ("Gazovik_NUR", "Тимур", 1), ("Dobry_Molodets", "Вадим", 0)]
    reply = raws[1]
    assert reply.marked_quotes == [("Разница в формулировках", "Ural_Stalevar")]
    assert reply.paragraphs == ["Работаю на Ямале, без трубы на восток часть скважин придётся глушить."]
    assert (reply.likes, reply.dislikes) == (12, 3)
    assert raws[0].published == "2023-03-22T06:02" and stray == []


def test_relative_day_before_the_article_is_dropped_but_kept_raw():
    """'вчера' counts from the day the page was saved, unknown here; placed before the article it is wrong."""
    raws, _ = parse_comment_lines(THREAD, "2023-03-22T05:00")
    assert raws[2].published is None and raws[2].published_raw == "вчера в 09:12"


WORDPRESS = """\
  1. Mark Ellison says:
    March 12, 2023 at 3:41 pm

    Rosatom is a supplier here, not a partner.

    Reply
    1. Daniel Whitmore says:
      March 12, 2023 at 5:02 pm

      Fair point about the numbers.

      Reply
  2. Li Wei says:
    March 12, 2023 at 8:27 pm

    I worked on commissioning at Tianwan for a few years.

    Reply
  3. Pingback: Weekly energy links #112 – Grid Notes

Leave a Reply Cancel reply

Your email address will not be published. Required fields are marked *
""".splitlines()


def test_wordpress_says_items_leave_pingbacks_and_the_reply_form_out():
    assert comment_item_starts(WORDPRESS, 0)
    raws, stray = parse_comment_lines(WORDPRESS, "2023-03-12")
    assert [(r.author, r.depth, r.published) for r in raws] == [
        ("Mark Ellison", 0, "2023-03-12T15:41"), ("Daniel Whitmore", 1, "2023-03-12T17:02"), ("Li Wei", 0, "2023-03-12T20:27")]
    assert raws[2].paragraphs == ["I worked on commissioning at Tianwan for a few years."]
    assert raws[2].marked_quotes == []
    assert "3. Pingback: Weekly energy links #112 – Grid Notes" in stray
    assert "Leave a Reply Cancel reply" in stray
