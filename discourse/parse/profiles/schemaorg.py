"""schema.org comments: microdata as a selector profile; JSON-LD read by `parse.structured`."""

from discourse.parse.profiles import Profile

MICRODATA = Profile(
    name="schemaorg-microdata.v1",
    detect="[itemtype*='schema.org/Comment'], [itemtype*='schema.org/Answer']",
    item="[itemtype*='schema.org/Comment'], [itemtype*='schema.org/Answer']",
    author="[itemprop='author'] [itemprop='alternateName'], [itemprop='author'] [itemprop='name'], [itemprop='author'], [itemprop='creator'] [itemprop='name']",
    display_name="[itemprop='author'] [itemprop='name']",
    date="[itemprop='dateCreated'], [itemprop='datePublished'], time",
    text="[itemprop='text'], [itemprop='commentText'], [itemprop='description']",
    likes="[itemprop='upvoteCount'], [itemprop='interactionStatistic'] [itemprop='userInteractionCount']",
    dislikes="[itemprop='downvoteCount']",
)

RDFA = Profile(
    name="schemaorg-rdfa.v1",
    detect="[typeof='schema:Comment'], [typeof='Comment'], [typeof='sioc:Post']",
    item="[typeof='schema:Comment'], [typeof='Comment'], [typeof='sioc:Post']",
    author="[property='schema:author'], [rel='schema:author'], [property='author'], .username",
    date="[property='schema:dateCreated'], [property='dc:date'], [property='schema:datePublished'], time",
    text="[property='schema:text'], [property='content:encoded'], [property='text']",
    likes="[property='schema:upvoteCount'], [property='upvoteCount']",
    strip=".links, .comment__links",
)
