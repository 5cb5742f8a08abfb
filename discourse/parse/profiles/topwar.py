"""Topwar / "Военное обозрение" (topwar.ru, en.topwar.ru) comment threads."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="topwar.v1",
    detect="li.comments-tree-item, .comments-list .comment, #comments .comment[id^='comment-id'], .comment[data-id] .comment__text, .comment .comment-text",
    # DataLife Engine tree comments: the <li> holds the comment and its replies' list.
    item=("li.comments-tree-item", ".comment[id^='comment-id'], .comment[data-id]", ".comments-list .comment, .comment-item"),
    author=".comment__author-login, .comment-author-login, .comment-login, .comment__author a, .comment-author a, .author a, .comment__author, .comment-author",
    display_name=".comment__author-name, .comment-author-name, .comment-name",
    date=".comment__date time, .comment__date, .comment-date time, .comment-date, time",
    text=".comment__text, .comment-text, .comment-body, [id^='comm-id-']",
    likes=".comment__rating-value, .ratingtypeplusminus, .comment__rating, .comment-rating, .rating",
    parent_attr="data-parent-id",
    strip=".comment__actions, .comment-actions, .comment__reply, .reply",
    quote="div.quote, blockquote, .comment__quote",
    quote_author=".quote__author, .quote-author, .quote__title, .title_quote, cite",
    section="#comments, .comments",
    domains=("topwar.ru", "en.topwar.ru", "vpk.name"),
)
