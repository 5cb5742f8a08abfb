"""XenForo 2 forum threads: `article.message` posts; the first post is the article."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="xenforo.v1",
    detect="article.message .message-body .bbWrapper, .block-body article.message--post",
    item="article.message--post, article.message",
    author=".message-name .username, .message-userDetails .username, [itemprop='name']",
    date=".message-attribution-main time, .message-attribution time, time.u-dt",
    text=".message-body .bbWrapper, .message-content .bbWrapper",
    likes=".reactionsBar-link, .reactionsBar",
    strip=".message-signature, .js-selectToQuoteEnd, .bbCodeBlock-expandLink, .message-lastEdit",
    quote="blockquote.bbCodeBlock--quote, .bbCodeBlock--quote",
    quote_author=".bbCodeBlock-title, .bbCodeBlock-sourceJump",
    parent_attr="",
    first_item_is_article=True,
)
