"""The generic comment heuristic: repeated comment-like elements, never the article itself."""

from __future__ import annotations

from discourse.parse import parse_bytes

ARTICLE = " ".join(["Roscosmos and CNSA signed a memorandum on the lunar station, the agencies said on Tuesday."] * 12)

# A WordPress theme marks the article <article id="post-123">, an id that looks like a forum post; the
# comments here load with JavaScript, so the page holds no comment at all.
WORDPRESS_WITHOUT_COMMENTS = f"""<html><head><title>Lunar station deal</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article id="post-244202" class="post-244202 post type-post status-publish format-standard hentry">
  <h1 class="entry-title">Lunar station deal</h1>
  <div class="entry-meta"><span class="author">Anna Petrova</span> <time datetime="2023-11-06T14:03">6. November 2023 14:03</time></div>
  <div class="entry-content"><p>{ARTICLE}</p><p>{ARTICLE}</p></div>
</article>
<div id="comments"></div>
</body></html>"""


def test_a_wordpress_article_is_not_taken_for_a_comment():
    page = parse_bytes(WORDPRESS_WITHOUT_COMMENTS.encode(), "wp.html", "html")
    assert page.comments == ()
    assert any("memorandum on the lunar station" in paragraph for paragraph in page.body)


def test_forum_posts_with_post_ids_are_still_comments():
    posts = "".join(
        f'<div id="post-{i}" class="message"><span class="author">user{i}</span> <time datetime="2023-11-0{i}T10:00">{i}.11.2023</time>'
        f"<div class='text'>Reply number {i}: the station will not be built on time, as usual.</div></div>" for i in range(1, 5))
    html = WORDPRESS_WITHOUT_COMMENTS.replace('<div id="comments"></div>', f'<div id="comments">{posts}</div>')
    page = parse_bytes(html.encode(), "forum.html", "html")
    assert [c.author for c in page.comments] == ["user1", "user2", "user3", "user4"]
    assert any("memorandum on the lunar station" in paragraph for paragraph in page.body)
