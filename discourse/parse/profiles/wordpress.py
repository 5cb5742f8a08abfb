"""WordPress: the HTML5 `Walker_Comment` markup and the older `commentlist` themes."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="wordpress.v1",
    detect="ol.comment-list li.comment, ul.comment-list li.comment, .comment-list article.comment-body, #comments .comment.depth-1 article.comment-body, #comments article.comment-body",
    # Pingbacks and trackbacks are links from other sites, not reader comments.
    item=("li.comment", "div.comment[class*='depth-'], article.comment[class*='depth-']"),
    author=".comment-author .fn, .comment-author cite, .comment-author b",
    date=".comment-metadata time, .comment-meta time, .comment-metadata a, .comment-meta a",
    text=".comment-content, .comment-text, .comment-body > p",
    likes=".comment-likes-count, .comment-karma",
    strip=".reply, .comment-reply-link, .edit-link, .comment-awaiting-moderation",
    section="#comments, .comments-area",
)

CLASSIC = Profile(
    name="wordpress-classic.v1",
    detect="ol.commentlist li, ul.commentlist li, ol#commentlist li, ul#commentlist li",
    item="ol.commentlist li.comment, ul.commentlist li.comment, ol.commentlist > li, ul.commentlist > li, ol#commentlist > li, ul#commentlist > li, .commentlist ul.children > li",
    author="cite.fn, .comment-author cite, .fn, cite",
    date=".comment-meta a, .commentmetadata a, .comment-meta, .commentmetadata, small a",
    text=".comment-body, .comment-content, .comment-text",
    strip=".reply, .comment-meta, .commentmetadata, .comment-author, .vcard, .comment-reply-link",
    section="#comments, .commentlist",
)
