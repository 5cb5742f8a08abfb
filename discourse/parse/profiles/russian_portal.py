"""Russian portals' comment widgets: Cackle (cackle.me), used by many regional news sites."""

from discourse.parse.profiles import Profile

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
