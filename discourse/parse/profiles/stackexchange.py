"""Stack Exchange Q&A pages (Stack Overflow, Space Exploration, Politics, …): the question is the article;
answers are top-level comments and each post's comment thread hangs under it."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="stackexchange.v1",
    detect="#question .js-post-body, #question .post-text, #answers .answer",
    item="#question, div.answer, li.comment",
    # the answerer carries schema.org microdata; an editor's signature, earlier in the page, does not
    author="[itemprop='author'] [itemprop='name'], .post-signature.owner .user-details a, .comment-user",
    date="time[itemprop='dateCreated'], .post-signature.owner .relativetime, .relativetime-clean, .comment-date span[title]",
    date_attrs=("datetime", "title"),
    text=".js-post-body, .post-text, .comment-copy",
    likes=".js-vote-count, .vote-count-post, .comment-score span",
    strip=".js-comment-actions, .comment-actions, .js-post-menu, .post-menu",
    domains=("stackexchange.com", "stackoverflow.com", "superuser.com", "serverfault.com", "askubuntu.com", "mathoverflow.net"),
    first_item_is_article=True,
)
