"""Saved comment threads without numbered items: lines classified, comments cut at their time lines."""

from __future__ import annotations

import pytest

from discourse.parse.textcomments import classify, generic_items, name_like, parse_count
from discourse.parse.textitems import parse_comment_lines


@pytest.mark.parametrize(
    "shown, value",
    [("27", 27), ("+134", 134), ("−17", -17), ("-4", -4), ("1.1K", 1100), ("12K", 12000), ("2.3万", 23000), ("1,284", 1284), ("Reply", None)],
)
def test_parse_count(shown, value):
    assert parse_count(shown) == value


@pytest.mark.parametrize(
    "line, kind, author, count",
    [
        ("[–]Kindly_Gas_4821[S] 412 points 3 hours ago* ", "time", "Kindly_Gas_4821", 412),
        ("Daniel Hart Mod  Marek Wiśniewski • a year ago", "time", "Daniel Hart", None),
        ("rad_hard_rick 5 hours ago | next [–]", "time", "rad_hard_rick", None),
        ("Like · Reply · 41 · 2y", "time", None, 41),
        ("这是3月10日在黑龙江黑河口岸拍摄的待通关的货车。新华社记者 王松 摄", "text", None, None),  # a caption, not a header
        ("Показать ещё 2 ответа", "ui", None, None),
        ("permalinkembedsaveparentreportreply", "ui", None, None),
        (" 14 •Reply•Share ›", "count", None, 14),
        ("Автор поста", "badge", None, None),
        ("Алексей К.", "name", None, None),
        ("Comments", "ui", None, None),  # the thread's own label, not a commenter over the first comment
        ("Post a new comment", "ui", None, None),
        ("(Anonymous)", "name", None, None),
        ("03-21 · IP 属地上海", "time", None, None),  # Zhihu: a comment's day and the poster's region
        ("\u200b赞同 1.2 万\u200b", "count", None, 12000),  # an answer's votes, zero-width spaces around the icon
        ("\u200b关注", "badge", None, None),  # the follow button beside a name
        ("\u200b328 条评论", "ui", None, None),
    ],
)
def test_classify(line, kind, author, count):
    found = classify(line)
    assert (found.kind, found.author, found.count) == (kind, author, count)


def test_name_like_refuses_sentences():
    assert name_like("Игорь_М") and name_like("网易网友 [北京市网友]")
    assert not name_like("Trade is trade.") and not name_like("Алексей,")


HEADER_STYLE = """Комментарии (3)

Игорь_М
12 марта 2023, 14:37
Забайкальск и так стоит в пробке из вагонов.
Ответить
+12
-3

Алексей К.
12 марта 2023, 15:10
ответ для Игорь_М
Так в статье же написано, что второй путь достроят.
Ответить
+5
-2

Гость
12 марта 2023, 16:05
Главное, чтобы тарифы опять не подняли.
Ответить
+3
0
Лента новостей
16:58
В Приморье задержали партию женьшеня
""".split("\n")


def test_header_style_thread():
    items, stray = generic_items(HEADER_STYLE)
    assert [(i.author, i.date_raw, i.likes, i.addressee) for i in items] == [
        ("Игорь_М", "12 марта 2023, 14:37", 12, None),
        ("Алексей К.", "12 марта 2023, 15:10", 5, "Игорь_М"),
        ("Гость", "12 марта 2023, 16:05", 3, None),
    ]
    raws, _ = parse_comment_lines(HEADER_STYLE)
    assert raws[1].paragraphs == ["Так в статье же написано, что второй путь достроят."]
    assert (raws[0].likes, raws[0].dislikes) == (12, 3)
    # The news feed after the thread is not the last comment's text.
    assert "В Приморье задержали партию женьшеня" in stray
    assert all("женьшеня" not in line for item in items for line in item.content)


FOOTER_STYLE = """Сначала интересные
Алексей Кравцов
Опять протокол о намерениях. Китайцы за это время три аппарата посадили.
3 фев 2023 в 12:31Ответить
27
Дмитрий Соколов
Алексей, «Луна-25» собрана и стоит в Лавочкине.
3 фев 2023 в 12:52 ответил АлексеюОтветить
4
Показать ещё 2 ответа
Комментарий удалён пользователем или руководителем страницы
Марина Белова
А по-моему, правильно.
3 фев 2023 в 12:40Ответить
""".split("\n")


def test_footer_style_thread_and_first_name_address():
    raws, _ = parse_comment_lines(FOOTER_STYLE, "2023-02-03T12:10")
    assert [(r.author, r.published, r.likes) for r in raws] == [
        ("Алексей Кравцов", "2023-02-03T12:31", 27),
        ("Дмитрий Соколов", "2023-02-03T12:52", 4),
        ("Марина Белова", "2023-02-03T12:40", None),
    ]
    from discourse.parse.threads import build_comments

    comments = build_comments("p" * 16, raws, [], None)
    assert [c.parent_position for c in comments] == [None, 0, None]
    assert comments[1].own_text.startswith("«Луна-25»")  # the "Алексей," address is not own text


EXPANDED_LIST = """Frank
3h
Two navies that can barely keep one carrier each at sea.
Reply
214
38
Hide 2 replies
MarineVet1987
2h
Don't underestimate it.
Reply
97
12
Karen W
2h
Paying attention? It should be.
Reply
31
9
Dave
3h
Every year the same headline.
Reply
156
20
Show 4 replies
Jen L
2h
Russia needs China much more than China needs Russia.
Reply
88
6
""".split("\n")


def test_expanded_reply_list_answers_the_comment_above_it():
    items, _ = generic_items(EXPANDED_LIST)
    assert [(i.author, i.addressee) for i in items] == [
        ("Frank", None), ("MarineVet1987", "Frank"), ("Karen W", "Frank"), ("Dave", None), ("Jen L", None)]
    # "Show 4 replies" is collapsed: the comment after it is not one of them.
    assert items[0].replies_shown == 2 and items[3].replies_shown == 0


def test_hacker_news_navigation_gives_depth():
    lines = """\t\tann 5 hours ago | next [–]

First point about the chips and the sanctions that matter here.

reply
\t\tbob 5 hours ago | parent | next [–]

A reply to ann about the same question, with more detail.

reply
\t\tcy 4 hours ago | root | parent [–]

A reply to bob, two levels down in the thread.

reply
""".split("\n")
    raws, _ = parse_comment_lines(lines)
    assert [(r.author, r.depth) for r in raws] == [("ann", 0), ("bob", 1), ("cy", 2)]


def test_a_comment_shown_twice_is_kept_once():
    lines = """Guardian Pick
CaptainSensible1969
15 Mar 2023 8.02
211
Sort by
  • CaptainSensible1969
    CaptainSensible1969
    15 Mar 2023 8.02
    211
    Neutral in the same way a barman who keeps refilling your glass is neutral.
    Reply
    Report
""".split("\n")
    items, _ = generic_items(lines)
    assert [(i.author, i.likes) for i in items] == [("CaptainSensible1969", 211)]
    assert any("barman" in line for line in items[0].content)


def test_a_relative_day_before_the_article_is_not_placed():
    lines = """nemo_spb
вчера в 09:12

Это ещё оптимистично, по нашим отправкам выходило дольше.

Ответить
+3

kot
12 мар 2023 в 15:10

А через Казахстан сейчас быстрее, или там тот же стык колей?

Ответить
+1
""".split("\n")
    raws, _ = parse_comment_lines(lines, "2023-03-12T14:05")
    assert [(r.author, r.published, r.published_raw) for r in raws] == [
        ("nemo_spb", None, "вчера в 09:12"),  # yesterday of the day the page was saved, not of the article
        ("kot", "2023-03-12T15:10", "12 мар 2023 в 15:10"),
    ]


def test_a_best_of_the_day_feed_after_the_thread_is_not_comments():
    lines = """nemo_spb
12 мар 2023 в 08:30

Спасибо за статью, редко кто пишет про логистику с цифрами.

Ответить
0

Публикации
Лучшие за сутки

ZhelezoHard 13 мар 2023 в 10:00
Как мы перевезли серверную стойку через три границы и не сошли с ума
+45
""".split("\n")
    items, stray = generic_items(lines)
    assert [i.author for i in items] == ["nemo_spb"]
    assert "Как мы перевезли серверную стойку через три границы и не сошли с ума" in stray


ZHIHU = """航天观察者老周
航天爱好者，偶尔写点科普
\u200b关注
先说结论：俄罗斯在ILRS里不是可有可无的角色，但也不是主导者。

编辑于 2023-03-21 10:02・IP 属地北京
\u200b赞同 1.2 万\u200b
\u200b328 条评论
\u200b分享
收起\u200b
328 条评论
默认
宇宙尽头是编制
说得挺客观。核动力这块俄罗斯确实是老本行。
03-21 · IP 属地上海
回复
赞 156
航天观察者老周 作者 回复 宇宙尽头是编制
对，核动力是最可能形成实质分工的领域。
03-21 · IP 属地北京
回复
赞 48
北极熊的邻居
月球-25都还没上天，谈什么出力。
03-22 · IP 属地黑龙江
回复
赞 97
写下你的评论...
发布
匿名用户
说白了就是抱团取暖。能不能成，看十年后吧。

编辑于 2023-03-24 22:31・IP 属地江苏
\u200b赞同 88\u200b
\u200b添加评论
""".split("\n")


def test_zhihu_answers_with_an_expanded_comment_list():
    raws, _ = parse_comment_lines(ZHIHU, "2023-03-20")
    assert [(r.author, r.depth, r.likes) for r in raws] == [
        ("航天观察者老周", 0, 12000), ("宇宙尽头是编制", 1, 156), ("航天观察者老周", 1, 48), ("北极熊的邻居", 1, 97), ("匿名用户", 0, 88)]
    assert raws[2].addressee == "宇宙尽头是编制"
    assert raws[0].published == "2023-03-21T10:02" and raws[4].published == "2023-03-24T22:31"
    from discourse.parse.threads import build_comments

    comments = build_comments("z" * 16, raws, [], None)
    assert [(c.parent_position, c.depth) for c in comments] == [(None, 0), (0, 1), (1, 2), (0, 1), (None, 0)]
