"""Chinese portals (Sina, NetEase, Guancha, Toutiao-style): 评论 lists with 回复 and 引用."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="chinese-portal.v1",
    detect=".comment-list .comment-item, .cmt-list .cmt-item, .comments-list .comment-item, .tie-list .reply, .list-block .comment, [class*='comment'] .user-name + .content",
    item=".comment-item, .cmt-item, .tie-list .reply, .list-block .comment, .reply-item, .cmt-reply",
    author=".user-name, .nickname, .nick, .cmt-user, .author, .name, .from",
    date=".time, .date, .cmt-time, .post-time, time",
    text=".content, .cmt-content, .comment-content, .tie-cnt, .txt, .text",
    likes=".like-num, .vote, .zan, .digg, .like .num, [class*='like'] .num",
    dislikes=".dislike-num, .cai",
    parent_attr="data-reply-to",
    strip=".reply-btn, .operate, .cmt-operate, .ops, .report, .location",
    quote="blockquote, .quote, .cite, .yinyong, .reply-quote",
    quote_author=".quote-user, .user-name, cite, b:first-child",
    section="#comments, .comments, .comment-box, .cmt-box, #comment",
    domains=("sina.com.cn", "163.com", "guancha.cn", "toutiao.com", "ifeng.com", "qq.com"),
)
