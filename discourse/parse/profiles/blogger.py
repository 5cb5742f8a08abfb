"""Blogger / Blogspot threaded comments (`.comments-content`, `li.comment`, `.comment-block`)."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="blogger.v1",
    detect=".comments-content li.comment .comment-content, #comments dl#comments-block dd.comment-body",
    item=".comments-content li.comment",
    author=".comment-header cite.user, .comment-header .user, cite.user",
    date=".comment-header .datetime a, .datetime a, .datetime",
    text=".comment-content",
    strip=".comment-actions, .comment-replies .comment-replybox-thread, .thread-toggle",
    section="#comments",
    domains=("blogspot.com", "blogger.com"),
)
