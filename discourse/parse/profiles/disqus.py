"""Disqus threads rendered inline in a saved page (`#disqus_thread`, `#post-list`)."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="disqus.v1",
    detect="#disqus_thread li.post, #post-list li.post, .post-list li.post",
    item="li.post",
    author=".post-byline .author a, .post-byline .author, .author",
    date="a.time-ago, .post-meta a[title], time",
    text=".post-message",
    likes=".vote-up .count, .voting .count, .updatable.count",
    dislikes=".vote-down .count",
    strip=".post-menu, .post-footer",
    section="#disqus_thread",
)
