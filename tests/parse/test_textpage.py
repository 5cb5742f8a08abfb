"""The article part of saved page text: site name, byline and date lines."""

from discourse.parse.textpage import parse_article_lines, site_name

PAGE = """\
Skip to content
Atoms & Steppes
Notes on Eurasian energy, written slowly

Menu

  • Home
  • About
  • Archive
  • Contact

Rosatom’s Chinese reactors: what Tianwan and Xudapu tell us

Posted on March 12, 2023 by Daniel Whitmore

When people talk about Russia–China energy ties, they usually mean pipelines. Nuclear gets less attention, but it may be the more durable part.

Rosatom has been building in China since the late 1990s, and the first two units at Tianwan entered service in 2007.

© 2023 Atoms & Steppes
""".splitlines()


def test_site_name_is_the_copyright_owner_the_header_also_shows():
    assert site_name(PAGE) == "Atoms & Steppes"
    assert site_name(["The Guardian", "World news", "© 2023 Guardian News & Media Limited. All rights reserved."]) is None
    assert site_name(["The Eastern Ledger", "Home", "© 2023 The Eastern Ledger · Proudly powered by WordPress"]) == "The Eastern Ledger"
    assert site_name(["Home", "Some text without a footer"]) is None


def test_posted_on_line_gives_author_and_date_not_a_section():
    article = parse_article_lines(PAGE[:-1])
    assert article.title == "Rosatom’s Chinese reactors: what Tianwan and Xudapu tell us"
    assert (article.author, article.published, article.section) == ("Daniel Whitmore", "2023-03-12", None)
    assert article.body[0].startswith("When people talk about Russia–China energy ties")


def test_photo_credit_in_brackets_makes_a_caption_not_a_lead():
    lines = ["Menu", "  • World", "  • Politics", "  • Tech", "",
             "Russian and Chinese warships begin joint drills in the Sea of Japan", "Elena Marsh",
             "A Chinese destroyer during a previous joint exercise with the Russian navy. (Photo: ADW file)",
             "Russian and Chinese warships began a joint exercise in the Sea of Japan on Sunday, the defense ministries said.", "",
             "Story continues",
             "The drills involve at least six surface ships, including two Chinese destroyers, according to a statement.", ""]
    article = parse_article_lines(lines)
    assert article.lead != lines[7] and lines[7] in article.captions
    assert "Story continues" not in article.body
    assert article.body[-1].startswith("The drills involve")


BODY = [
    "В 2022 году железная дорога неожиданно стала главным маршрутом для контейнеров из Китая в Россию, и грузы пошли по рельсам.",
    "Средняя ставка, $ за 40' контейнер Чунцин — Москва (данные автора)",
    "Отдельная история — расчёты: большинство контрактов с китайскими перевозчиками сейчас заключается в юанях.",
]


def test_byline_on_the_time_line_and_a_login_link_is_not_an_author():
    habr = ["Хабр", "Поиск", "Настройки", "Mirnyi_Atom 12 мар 2023 в 14:05", "",
            "Поезд вместо контейнеровоза: как устроен железнодорожный транзит", "", *BODY]
    article = parse_article_lines(habr)
    assert (article.author, article.published) == ("Mirnyi_Atom", "2023-03-12T14:05")
    # A chart's caption that names its data source is not body text.
    assert BODY[1] not in article.body and BODY[1] in article.captions
    lenta = ["Лента.ру", "  • Главное", "  • Россия", "", "Войти", "14:05, 12 марта 2023Экономика", "",
             "Китайские автомобили заняли почти половину российского рынка", "", BODY[0], BODY[2]]
    assert parse_article_lines(lenta).author is None


def test_channel_post_first_line_is_the_headline_and_the_views_line_gives_the_clock():
    post = ["Восточный вектор", "Россия — Китай: энергетика, деньги, логистика. Без лозунгов.", "10 comments",
            "March 12, 2023", "Восточный вектор", "«Сила Сибири — 2»: в Пекине снова «почти договорились»", "",
            "На прошлой неделе в Пекине прошёл очередной раунд переговоров по газопроводу, который должен пройти через Монголию.", "",
            "Официальные сообщения, как обычно, оптимистичны: стороны «продвинулись в согласовании ключевых параметров».", "",
            "#энергетика #газ #Китай", "👍 214 🤔 57", "8.2K views edited  14:05"]
    article = parse_article_lines(post)
    assert article.title == "«Сила Сибири — 2»: в Пекине снова «почти договорились»"
    assert article.body[0].startswith("На прошлой неделе") and len(article.body) == 2
    assert article.published == "2023-03-12T14:05"
