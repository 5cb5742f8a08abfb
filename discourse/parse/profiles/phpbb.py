"""phpBB / vBulletin-style forum topics: the first post is the article, the rest are comments."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="phpbb.v1",
    detect="#page-body div.post .postbody, div.post.bg1, div.post.bg2, .postbit, li.postcontainer",
    item="div.post, li.postcontainer, .postbit",
    author=".author strong a, .author a.username, .username, .username-coloured, .postbit .bigusername",
    date=".author time, .postbody .author, .postdate, .date",
    text=".content, .postcontent, .post_message, blockquote.postcontent",
    strip=".signature, .notice, .postprofile, .post-buttons, .back2top, .author",
    quote="blockquote, .bbcode_quote",
    quote_author="cite, .bbcode_quote_head",
    section="",
    first_item_is_article=True,
)
