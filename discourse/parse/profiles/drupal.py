"""Drupal 7–10 comment threads (`article.comment`, `.field--name-comment-body`, `.indented`)."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="drupal.v1",
    detect="section.comment-section article.comment, #comments article.js-comment, .field--name-comment-body, .comment .field-name-comment-body",
    item="article.comment, div.comment.js-comment, div.comment.comment-by-anonymous, #comments div.comment.clearfix",
    author=".comment__author .username, .submitted .username, .username, [rel='schema:author'] [property='schema:name'], .comment__author, [rel~='author'] a, [rel~='author']",
    date=".comment__time, .comment__submitted time, .submitted time, time, .submitted, .comment-date",
    text="[property='schema:text'], .field--name-comment-body.field--type-text-long, .field--name-comment-body, .field-name-comment-body, .comment__content, .content",
    strip=".links, .comment__links, ul.inline, .comment__permalink, .parent, h3, .field--name-subject",
    section="#comments, section.comment-section",
)
