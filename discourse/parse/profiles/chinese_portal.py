"""Chinese portals (Sina, NetEase, Guancha, Toutiao-style): 评论 lists with 回复 and 引用."""

from discourse.parse.profiles import Profile

PROFILE = Profile(
    name="chinese-portal.v1",
    # Class names like .comment-item are everywhere; the Chinese cue words make the profile specific.
    detect=".cmt-list .cmt-item, .tie-list .reply, .list-block .comment",
    item=".comment-item, .cmt-item, .tie-list .reply, .list-block .comment, .reply-item, .cmt-reply",
    author=".user-name, .nickname, .nick, .cmt-user, .author, .name, .from",
    date=".time, .date, .cmt-time, .post-time, time",
    text=".content, .cmt-content, .comment-content, .tie-cnt, .txt, .text",
    likes=".like-num, .vote, .zan, .digg, .like .num, [class*='like'] .num",
    dislikes=".dislike-num, .cai",
    parent_attr="data-reply-to",
    strip=".reply-btn, .operate, .cmt-operate, .ops, .report, .location",
    quote="blockquote, .quote, .cite, .yinyong, .reply-quote, .cmt-quote",
    quote_author=".quote-user, .quote-from, .user-name, cite, b:first-child",
    section="#comments, .comments, .comment-box, .cmt-box, #comment",
    domains=("sina.com.cn", "163.com", "guancha.cn", "toutiao.com", "ifeng.com", "qq.com"),
)

SINA = Profile(
    name="sina.v1",
    detect=".sina-comment-list div.item, [comment-type='item']",
    item=".sina-comment-list div.item, div[comment-type='item']",
    author=".info .name a, .info .name, .name",
    date="span.time, .time",
    date_attrs=("date", "data-date", "title"),
    text="[comment-type='itemTxt'], .txt",
    likes="[comment-type='voteNum'], a.vote em",
    strip=".action, .head, .report",
    section="#bottom_sina_comment, .sina-comment-wrap",
    domains=("sina.com.cn", "sina.cn"),
)

PEOPLE = Profile(
    name="people-cn.v1",
    detect="li[id^='pl_'] .pl_txt, .pl_list li .pl_txt",
    item="li[id^='pl_'], .pl_list li",
    author=".pl_name",
    date=".pl_time",
    text=".pl_txt",
    likes=".pl_ding em, .pl_ding",
    dislikes=".pl_cai em, .pl_cai",
    strip=".pl_oper, .pl_ip, .pl_user",
    quote=".pl_quote",
    quote_author="span:first-child",
    domains=("people.com.cn",),
)
