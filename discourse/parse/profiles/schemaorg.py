"""schema.org comments: microdata as a selector profile; JSON-LD read by `parse.structured`."""

from discourse.parse.profiles import Profile

MICRODATA = Profile(
    name="schemaorg-microdata.v1",
    detect="[itemtype*='schema.org/Comment'], [itemtype*='schema.org/Answer']",
    item="[itemtype*='schema.org/Comment'], [itemtype*='schema.org/Answer']",
    author="[itemprop='author'] [itemprop='name'], [itemprop='author'], [itemprop='creator'] [itemprop='name']",
    date="[itemprop='dateCreated'], [itemprop='datePublished'], time",
    text="[itemprop='text'], [itemprop='commentText'], [itemprop='description']",
    likes="[itemprop='upvoteCount']",
    dislikes="[itemprop='downvoteCount']",
)
