"""Russian news portals with comment threads (RIA/Lenta/Fontanka/regional-style markup)."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="russian-portal.v1",
    detect=".comments__item, .comment-list .comment, .comments-list .comments-item, .b-comments .b-comment, .comments .comment__body",
    item=".comments__item, .comments-item, .b-comment, .comment-list .comment, .comments .comment",
    author=".comments__author, .comment__author, .comment__name, .comments-item__author, .b-comment__author, .author, .name, .nick",
    date=".comments__date, .comment__date, .comments-item__date, .b-comment__date, time, .date",
    text=".comments__text, .comment__text, .comments-item__text, .b-comment__text, .comment__body, .text",
    likes=".comments__likes, .comment__likes, .likes, .rating-up, .comment__rating",
    dislikes=".comments__dislikes, .comment__dislikes, .dislikes, .rating-down",
    parent_attr="data-parent-id",
    strip=".comments__reply, .comment__reply, .comment__actions, .reply, .answer",
    quote="blockquote, .quote, .comment__quote, .comments__quote",
    quote_author=".quote__author, .quote-author, cite, b:first-child",
    section="#comments, .comments, .b-comments",
)

CACKLE = Profile(
    name="cackle.v1",
    detect="ul.mc-comment-list li[id^='mc-'], .mc-comment-wrapper",
    item="ul.mc-comment-list li[id^='mc-'], ul.mc-comment-child li[id^='mc-']",
    author=".mc-comment-username, .mc-comment-author .mc-comment-name, .mc-comment-name",
    date="a.mc-comment-created, .mc-comment-created, .mc-comment-date",
    date_attrs=("timestamp", "data-timestamp", "datetime", "title"),
    text=".mc-comment-body, .mc-comment-message, .mc-comment-msg",
    likes=".mc-comment-rating, .mc-comment-votes",
    strip=".mc-comment-footer, .mc-comment-reply, .mc-comment-share",
    section="#mc-container",
)
