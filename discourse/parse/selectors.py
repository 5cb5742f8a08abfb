"""Line patterns and generic HTML hints as data; no internal imports.

Site knowledge lives here and in `profiles/`; the walking code stays generic and small.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan январь января янв januar janvier enero gennaio styczeń stycznia",
        "february feb февраль февраля фев февр februar février febrero febbraio luty lutego",
        "march mar март марта мар märz mars marzo marzec marca",
        "april apr апрель апреля апр avril abril aprile kwiecień kwietnia",
        "may май мая mai mayo maggio maj maja",
        "june jun июнь июня июн juni juin junio giugno czerwiec czerwca",
        "july jul июль июля июл juli juillet julio luglio lipiec lipca",
        "august aug август августа авг août agosto sierpień sierpnia",
        "september sep sept сентябрь сентября сен сент septembre septiembre settembre wrzesień września",
        "october oct октябрь октября окт oktober octobre octubre ottobre październik października",
        "november nov ноябрь ноября ноя нояб novembre noviembre listopad listopada",
        "december dec декабрь декабря дек dezember décembre diciembre dicembre grudzień grudnia",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

# --- saved page text -------------------------------------------------------------------------

# Whole lines that are page furniture wherever they stand.
FURNITURE_LINES = [
    r"all news", r"все новости", r"全部新闻", r"top of page", r"bottom of page", r"ree",
    r"read more on the site\s*→?", r"read more\s*→?", r"читать далее\s*→?", r"подробнее\s*→?", r"阅读全文",
    r"subscribe form", r"thanks for submitting!?", r"subscribe", r"подписаться", r"订阅",
    r"share", r"поделиться", r"分享", r"print", r"печать", r"tweet", r"like",
    r"advertisement", r"реклама", r"广告", r"menu", r"меню", r"search", r"поиск",
    r"sign in", r"log in", r"войти", r"登录", r"register", r"регистрация", r"注册",
    r"back to top", r"наверх", r"返回顶部", r"skip to (main )?content", r"story continues(?: below)?", r"article continues below",
]
# Lines that are furniture by their start or shape.
FURNITURE_PATTERNS = [
    r"^!?--.*-->?$", r"^<!--", r"^(window\.|function\s*\(|gtag\(|var |dataLayer)",
    r"^(©|\(c\)|copyright\b|все права защищены|版权所有)", r".*\bproudly created with\b.*",
    r"^(see also|read also|also read|read more|related|читайте также|смотрите также|相关(新闻|阅读|文章))\s*[:：]",
    r"^(扫码下载|下载.{0,10}(app|APP|客户端)|打开.{0,6}(app|APP)|打开网易新闻).*", r"^(использованы фотографии|photos used)\s*:?.*",
    r"^[（(]\s*(责编|编辑|責編)\s*[:：].{1,40}[)）]$", r"^《.{1,12}》\s*[（(]\s*\d{4}年.{0,20}版\s*[)）]$",
    r"^(tags|теги|метки|标签|关键词)\s*[:：]", r"^(source|источник|来源)\s*[:：]\s*\S.{0,60}$",
    r"^(dear reader|уважаемый читатель).*(sign in|log in|авториз|войти|зарегистр).*",
    r"^(to leave a comment|чтобы оставить комментарий|发表评论请).*",
    r"^(we use cookies|this (web)?site uses cookies|мы используем (файлы )?cookie|本网站使用).*",
    r"^(follow us|подписывайтесь на|关注我们).*", r"^this article is more than \d+ \w+ old$", r"^privacy notice:.*", r"^(skip past|after) newsletter promotion$", r"^sign up to .{1,40}$",
    r"^(free (daily|weekly) newsletter|enter your email( address)?)$",
    r"^(i hope you appreciated this article|support (the guardian|us)|if you (value|like) (our|this) (journalism|work)).*", r"^(字体|分享到)\s*[:：].*",
]
# Photo credits and the like; the line before a credit is a caption.
CREDIT_PATTERNS = [
    r"^[•·\-–]?\s*(photos? used|photos?|фото|photo credit|image|images|credit|источник фото|图片来源|图|摄影)\s*[:：].{0,120}$",
    r"^(source|источник|来源)\s*[:：]\s*[A-ZА-Я\u4e00-\u9fff][\w\s/.&-]{0,40}$",
    r"^(reuters|ap|afp|getty images|shutterstock|epa|xinhua|tass|ria novosti|риа новости|тасс|新华社)(\s*/\s*[\w .]+)?$",
]
# Lines that open the comment section (kept as furniture, not body).
COMMENT_SECTION_MARKERS = [
    r"comments?", r"\d+\s+comments?", r"comments?\s*\(\d+\)", r"reader comments", r"discussion",
    r"комментари[йиея]+", r"\d+\s+комментари[йиея]+", r"обсуждение", r"评论", r"网友评论", r"\d+\s*条评论", r"评论\s*[（(]\d+[)）]", r"\d[\d,]*\s*个回答", r"\d[\d,]*\s+answers?",
    r"(dear reader|уважаемый читатель).*", r"leave a (comment|reply)", r"оставить комментарий", r"发表评论",
    r"\d+\s+(thoughts|responses|replies|comments?|reactions)\s+(on|to)\b.*", r"\d+\s+комментари\w*\s+(к|на)\b.*",
    r"跟贴.*", r"最新跟贴", r"热门跟贴", r"全部评论.*", r"热门评论", r"最新评论",
    r"комментари\w*\s*[(（]\d+[)）]", r"(?:комментари\w*|comments?|评论)\s+\d+", r"\d[\d,.\s]*\s+comments?", r"all \d[\d,.]*\s+comments?", r"sort(?:ed)?\s+by:?.*",
    r"сначала\s+(?:интересные|новые|старые|лучшие|популярные)", r"按(?:热度|时间)", r"评论\s*\d+",
]
# Lines after which the comment section is over (reply forms, sidebars, footers).
COMMENT_SECTION_END = [
    r"leave a (reply|comment)(\s+cancel reply)?", r"post (a )?(new )?comment", r"add (a )?comment", r"name\s*\*", r"email\s*\*", r"search for:.*",
    r"recent (posts|comments)", r"добавить комментарий", r"ваш комментарий", r"отправить", r"发表评论", r"我要评论",
    r"查看全部.*跟贴.*", r"查看更多评论", r"load more comments", r"показать (ещё|все) комментарии",
]
# Lines that close the article body: what follows (until the comments) is related links, tags, navigation.
BODY_END_MARKERS = [
    r"related", r"related (news|posts|articles|stories)", r"read (also|more)", r"you may also like", r"more from .*",
    r"post navigation", r"categories\b.*", r"tags?\s*:?.*", r"share this:?", r"like this:?",
    r"читайте также:?", r"по теме:?", r"похожие (новости|статьи|материалы)", r"материалы по теме",
    r"相关(新闻|阅读|文章|推荐)", r"延伸阅读", r"推荐阅读", r"热点新闻",
]
# Source and editor lines that close Chinese/Russian agency texts.
SOURCE_LINE = re.compile(r"^(本文来源|来源|责任编辑|编辑|原标题|Источник|Редактор|Автор фото|Editor|Editing by)\s*[:：]", re.I)
# "2019-12-02 21:30:00　来源: 网易新闻综合" — a date with the outlet's name.
DATE_SOURCE = re.compile(r"^(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(?:来源|Источник|Source)\s*[:：]\s*(?P<source>.{1,40})$", re.I)
# Comment-level UI lines: vote counters and buttons; likes are read from them.
VOTE_LINE = re.compile(
    r"^(?:\s*(?:(?:顶|赞|like[sd]?|нравится|👍|▲|⬆|\+)\s*[\[(（]?\s*(?P<likes>\d+)?\s*[\])）]?|(?:踩|dislike|👎|▼|⬇|−|-)\s*[\[(（]?\s*(?P<dislikes>\d+)?\s*[\])）]?|"
    r"回复|分享|举报|reply|report|share|ответить|пожаловаться|цитировать|quote|permalink))+\s*$",
    re.I,
)
# Agency datelines: "ST. PETERSBURG, June 8. /TASS/. Text" / "МОСКВА, 3 февраля. /ТАСС/. Текст"
DATELINE = re.compile(
    r"^(?P<dateline>[A-ZА-ЯЁ][A-ZА-ЯЁ .'\-]{1,40},\s+(?:[A-Za-zА-Яа-яё]+\s+\d{1,2}|\d{1,2}\s+[A-Za-zА-Яа-яё]+))"
    r"\.?\s*(?:/(?P<agency>[A-Za-zА-Яа-яЁё\- ]{2,20})/\.?|\((?P<agency2>[A-Za-z\- ]{2,20})\)\s*[-–—]?|"
    # "МОСКВА, 12 мар — РИА Новости. Текст" (RIA, Interfax, Prime)
    r"\s[-–—]\s(?P<agency3>[A-ZА-ЯЁ][\w\- ]{1,24}?)\.)\s*(?P<rest>.*)$",
    re.S,
)
# "Science & Space February 03, 2021, 7:11": a section name followed by a date.
SECTION_DATE = re.compile(r"^(?!(?:Posted|Published|Updated|Written)\b)(?P<section>[A-Z][\w &,'-]{2,40}?)\s+(?P<date>[A-Z][a-z]+\s+\d{1,2},\s+\d{4}.*)$")
# A line that is only a date (with optional time).
DATE_ONLY = re.compile(
    r"^\s*(\d{1,2}\s+[^\W\d_]+\.?\s+\d{4}|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}\.\d{1,2}\.\d{4})"
    r"(\s*(,|at|в)?\s*\d{1,2}\s?[:.]\s?\d{2}(\s?[ap]\.?m\.?)?)?\s*$",
    re.I,
)

# Comment headers in saved forum text (Topwar/VO style and similar).
COMMENT_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<num>\d{1,4})\.\s+(?P<rest>\S.*)$")
PRESENCE_LINE = re.compile(r"^(?P<handle>.+?)\s+(?:Offline|Online|Не в сети|В сети|离线|在线)\s+(?P=handle)\s*$")
COMMENT_HEADER = re.compile(
    r"^(?P<author>\S.{0,60}?)(?:\s+\((?P<name>[^()]{1,60})\))?(?:\s*\[(?P<loc>[^\]]{1,40})\])?\s+"
    r"(?P<date>\d{1,2}\s+[^\W\d_]+\.?\s+\d{4}(?:\s*г\.?)?(?:\s*(?:в|,|at)?\s*)\d{1,2}\s?:\s?\d{2}|"
    r"\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}\.\d{1,2}\.\d{4},?\s+\d{1,2}:\d{2}|"
    r"[^\W\d_]+\s+\d{1,2},\s+\d{4}(?:,|\s+at)?\s+\d{1,2}:\d{2}(?:\s?[ap]m)?|"
    r"(?:вчера|сегодня|yesterday|today|昨天|今天)\s*(?:в|at)?\s*\d{1,2}:\d{2})\s*$",
    re.I,
)
# "Gordon Bell says:" (WordPress saved text); the date follows on its own line.
SAYS_LINE = re.compile(r"^(?P<author>\S.{0,60}?)\s+(?:says|said|wrote|пишет|написал|написала|说)\s*[:：]?\s*$", re.I)
# NetEase-style quoted floors: "工程师老刘 [吉林省长春市网友]      1"
FLOOR_HEADER = re.compile(r"^(?P<author>\S.{0,40}?)\s*\[(?P<loc>[^\]]{1,40})\]\s{2,}(?P<floor>\d{1,3})\s*楼?\s*$")
# "Цитата: X" / "Quote:" — or the bare word on its own line (DLE's untitled quote box on Topwar).
QUOTE_MARKER = re.compile(r"^\s*(?:Quote|Цитата|Цитирую|引用|Zitat|Citation)\s*(?:[:：]\s*(?P<who>.{0,80}?))?\s*$", re.I)
# Quote titles that name the article itself, not a commenter ("引用原文：", "Quote from the article:").
ARTICLE_QUOTE_NAME = re.compile(r"^(?:原文|原帖|文章|正文|the article|article|статья|статьи|из статьи|текст статьи)$", re.I)
# Cue that the next headline-like paragraph names an external text ("in the subject from January 16").
EXTERNAL_QUOTE_CUE = re.compile(
    r"(:\s*$|\bin the (subject|article|topic|thread)\b|\bв (статье|теме|материале|новости)\b|文章|新闻|\d{4}\s*$)", re.I
)

# A photo caption with its credit in the same line: "… Photo: Reuters", "… Photograph: X/AFP", "…（图片来源：视觉中国）",
# "… 新华社记者 王松 摄", "Поезд на станции. Архивное фото".
CAPTION_INLINE = re.compile(
    r"(?:[.。]\s*|\s)(?:photo|photograph|picture|image|credit|фото)\s*:\s*\S.{0,80}$|[（(]\s*图片来源\s*[:：].{1,30}[)）]\s*$|\s摄\s*$|"
    r"(?:архивное фото|фото из архива|file photo)\s*$|[(（]\s*(?:photo|photograph|image|фото|图)(?:\s+by)?\s*[:：]?\s*[^()（）]{1,60}[)）]\s*$"
    r"|[(（]\s*(?:данные|по данным|источник|source|data|数据来源|资料来源)(?![\w-])[^()（）]{0,60}[)）]\s*$",
    re.I,
)
# Link placeholders a post's text ends with when copied: Weibo's "O网页链接".
TRAILING_LINK_LABEL = re.compile(r"\s*O?网页链接\s*$")
# Bylines in saved text: "By Jane Doe", "Автор: Иван Петров", "March 14, 2023 by Daniel Hart · 11 Comments",
# "187 points by kestrel_dsp 6 hours ago", a bare "Martin Forde in Moscow", and "（记者 李明）" in a dateline.
BYLINE = re.compile(r"^(?:by|автор|авторы|текст|作者|记者|撰文)\s*[:：]?\s*(?P<who>[^\d,|·•:：]{2,60}?)(?:\s+(?:in|в|из)\s+[A-ZА-ЯЁ][\w-]+)?\s*$", re.I)
BYLINE_INLINE = re.compile(r"\bby\s+(?P<who>[\w.'’-]+(?:\s+[A-ZА-ЯЁ][\w.'’-]+){0,3})(?=\s*(?:[·•|]|\d+\s+\w+\s+ago|$))", re.I)
# A channel post's footer (Telegram): "8.2K views edited  14:05" - the post's clock time on its date.
POST_VIEWS_CLOCK = re.compile(r"^[\d.,]+\s?[KkMmКкМм]?\s+(?:views|просмотр\w*)\s+(?:edited\s+|изменено\s+)?(?P<clock>\d{1,2}:\d{2})$", re.I)
# A footer's owner line, "© 2023 Atoms & Steppes" / "Copyright © 2009-2023 Name. All rights reserved."
COPYRIGHT_OWNER = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}(?:\s*[-–—]\s*\d{4})?\s*,?\s*)?(?P<owner>[^|·•©]{2,60}?)\.?"
    r"(?:\s*(?:all rights reserved|все права защищены|版权所有)\.?)?(?:\s*[|·•].*)?\s*$", re.I,
)
PERSON_LINE = re.compile(r"^(?P<who>[A-ZА-ЯЁ][a-zа-яё'’-]+(?:\s+[A-ZА-ЯЁ][a-zа-яё'’-]+){1,2})(?:\s+(?:in|в|из)\s+[A-ZА-ЯЁ][\w-]+)?$")
REPORTER_IN_DATELINE = re.compile(r"[（(]\s*记者\s*(?P<who>[\u4e00-\u9fff]{2,4})\s*[)）]")

# --- saved comment threads without numbered items (discourse.parse.textcomments) ---------------

# A time relative to when the page was seen: "5 hr. ago", "a year ago", "3 часа назад", "3小时前", "· 2y".
RELATIVE_AGO = re.compile(
    r"(?:(?<!\w)(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)\.?\s+ago\b"
    r"|\bjust now\b|\bmoments? ago\b"
    r"|(?<!\w)(?:\d+\s*)?(?:сек(?:унд[уы]?)?|мин(?:ут[уы]?)?|ч|час(?:а|ов)?|дн(?:я|ей)|день|недел[юиь]|нед|мес(?:яц(?:а|ев)?)?|год(?:а)?|лет)\.?\s+назад(?!\w)"
    r"|(?<!\w)только что(?!\w)"
    r"|\d+\s*(?:秒|分钟|小时|天|周|个月|月|年)前|刚刚"
    r"|(?:(?<=[·•|]\s)|(?<=[·•|]))\d{1,3}\s?(?:s|m|h|d|w|mo|y|yr)(?!\w))",
    re.I,
)
# An expanded reply list's toggle ("Hide 2 replies"): the next N comments answer the one above it.
EXPANDED_REPLIES = re.compile(
    r"^(?:(?:hide|collapse)\s+(?P<n>\d+)\s+repl(?:y|ies)|(?:скрыть|свернуть)\s+(?P<ru>\d+)\s+ответ\w*|收起\s*(?P<zh>\d+)\s*条回复)$", re.I,
)
# A line that is only an age: "3h", "45m", "2 d", "5 мин", "3 ч".
BARE_AGE = re.compile(r"^\d{1,3}\s?(?:s|m|h|d|w|mo|y|yr|сек|мин|ч|дн|д|нед|мес|г)\.?$", re.I)
# Lines of a thread's chrome: reply expanders, sort switches, deleted placeholders, buttons run together.
THREAD_UI_LINE = re.compile(
    r"^(?:(?:show|view|load|see|hide)\s+(?:\d+\s+)?(?:more\s+|all\s+|previous\s+|next\s+)?(?:\d+\s+)?(?:repl(?:y|ies)|comments?|answers?)(?:\s*\(\d+.*\))?"
    r"|load more comments.*|continue this thread.*|more replies|\d+\s+(?:more\s+)?repl(?:y|ies)|see more|read more|show less|collapse|expand"
    r"|.{1,40}\breplied\b\s*·\s*\d+\s+repl(?:y|ies)"
    r"|(?:показать|ещё|еще)\s+(?:ещё\s+|еще\s+)?(?:\d+\s+)?(?:ответ\w*|комментари\w*)|показать следующие комментарии|свернуть|развернуть"
    r"|ещё\s+\d+\s+\w+|сначала\s+\w+|по порядку|добавить комментарий"
    r"|我也说一句|收起回复|还有\s*\d+\s*条回复.*|回复贴，共\d+页|只看楼主.*|"
    r"共\s*\d+\s*条回复|展开\s*\d*\s*条?回复|查看(?:更多|全部)(?:评论|回复|跟贴)?\s*>?|按(?:热度|时间)|收起"
    r"|sort(?:ed)?\s+by:?.*|sort by|newest|oldest|top comments|add a comment\.*|join the discussion.*|write a comment\.*"
    r"|(?:this\s+)?comment (?:was |has been )?(?:deleted|removed).*|\[deleted\]|\[removed\]|комментарий удал[её]н.*|(?:该|此)评论已(?:被)?删除.*"
    r"|(?:permalink|embed|save|parent|report|reply|give award|share|hide|context|full comments.*|edit|delete|thread|link|flag|expand|freeze|track)+"
    r"|(?:edited|last edited|изменено|отредактировано)\s*(?:at|on|в)?\s+.{4,40}"
    r"|•?\s*reply\s*•\s*share\s*›?|avatar|(?:like|reply)(?:\s*·\s*(?:like|reply|share))+"
    r"|分享|收藏|喜欢|添加评论|\d+\s*条评论|发布|默认|最新|默认排序|写回答|邀请回答|关注问题\s*写回答|好问题\s*\d*|查看全部\s*\d+\s*个回答"
    r"|写下你的评论\W*|点击查看全部评论|收起评论)$",
    re.I,
)
# Status marks shown next to a commenter's name, on their own line.
BADGE_LINE = re.compile(
    r"^(?:pinned by .{1,40}|автор поста|автор|op|mod|moderator|staff|guardian pick|top fan|verified|author|creator|"
    r"admin|администратор|\+?\s?关注|已关注|关注他|关注她|楼主|吧主|小吧主|吧友|铁杆吧友|初级粉丝|中级粉丝|高级粉丝|\w{0,4}粉丝|作者|置顶|(?:\[s\]|\(s\))|❤ by .{1,40}|❤️ by .{1,40}|top comment|featured|закреплено|закреплён)$",
    re.I,
)
# The end of an expanded comment list under one answer or post: its input box (Zhihu, Weibo).
COMMENT_LIST_END = re.compile(r"^(?:写下你的评论\W*|点击查看全部评论|收起评论|write a comment\W*|add a comment\W*|написать комментарий\W*)$", re.I)
# An answer's own comment count over its expanded list ("328 条评论").
COMMENT_LIST_COUNT = re.compile(r"^\d[\d,]*\s*(?:条评论|comments?|комментари\w*)$", re.I)
# Where a saved thread ends: what follows is related content with its own names and times.
THREAD_END_LINE = re.compile(
    r"^(?:related|related (?:videos|posts|articles|stories)|up next|recommended(?: for you)?|also on .{1,60}|more from .{1,60}|"
    r"load more comments|show more comments|recommended stories|most (?:read|popular)|лента новостей|читайте также|похожие (?:новости|статьи|посты|публикации)|лучшие за (?:сутки|неделю|месяц)|самое (?:читаемое|популярное)|читают сейчас|相关(?:推荐|新闻|阅读)|热门推荐|"
    r"查看全部跟贴\s*>?|查看更多评论\s*>?|微博热搜)$",
    re.I,
)
# A line that names the comment a reply answers: "ответ для X", "Reply to X", "replying to X", "回复 X：".
REPLY_TO_LINE = re.compile(r"^(?:ответ для|в ответ|ответ|in reply to|reply to|replying to|回复)\s+@?(?P<who>[^\s:：,，][^:：]{0,40}?)\s*[:：]?$", re.I)
# "X писал(а):", "X wrote:", "X 写道：": the reply's quote of X follows.
WROTE_LINE = re.compile(r"^(?P<who>\S.{0,40}?)\s+(?:писал\(а\)|писала?|пишет|написала?|wrote|said|写道)\s*[:：]$", re.I)
# Like counts shown alone: "27", "+134", "−17", "1.1K", "12K", "1,2 тыс.", "2.3万".
COUNT_LINE = re.compile(r"^(?P<sign>[+\-−–])?\s?(?P<num>\d{1,3}(?:[.,]\d{1,3})?|\d{1,7})\s?(?P<unit>[kKмМ]|тыс\.?|万)?$")
# Forum and link-aggregator navigation shown after a comment's time (Hacker News: "root | parent | next").
NAV_WORDS = re.compile(r"\b(?:root|parent|prev|next|context|flag|favorite|on:.*)\b", re.I)

# --- HTML: generic hints -----------------------------------------------------------------------

# id/class fragments that mark a comment section or a comment item.
COMMENT_HINT = re.compile(r"(comment|kommentar|leserbrief|comentario|commentaire|komentarz|коммент|reply|replies|discuss|reaction|respons|remark|feedback|评论|回复|answer|post-list|thread)", re.I)
COMMENT_HINT_EXCLUDE = re.compile(
    r"(comment-?(form|respond|reply-title|notes|navigation|nav|count|link|policy|rules|button|btn|input|textarea|submit|editor|login|subscribe)|"
    r"no-?comments|commentsnumber|comments?-(count|number|close|closed|title|header|heading|rss|feed|icon)|respond|share|social|widget|sidebar|related|popular|recent-?comments)",
    re.I,
)
AUTHOR_HINT = re.compile(r"(author|user|name|nick|login|byline|fn|poster|member|handle|username|uname|writer|commenter|作者|用户|网友)", re.I)
DATE_HINT = re.compile(r"(date|time|ago|when|posted|published|timestamp|meta|stamp)", re.I)
TEXT_HINT = re.compile(r"(text|content|body|message|msg|entry|comment-?(text|body|content)|post-?(body|message|content|text)|txt|cont)", re.I)
LIKES_HINT = re.compile(r"(like|vote|rating|score|karma|plus|up|赞|顶|rate)", re.I)
DISLIKES_HINT = re.compile(r"(dislike|minus|down|踩)", re.I)
QUOTE_SELECTORS = "blockquote, q, .quote, .bbcode_quote, .quote-block, .comment-quote, .citation, .cite, [class*='quote']"
REPLY_TO_TEXT = re.compile(
    r"^\s*(?:(?:回复|reply to|replying to|ответ(?:ить)?|в ответ)?\s*@(?P<who>[^\s:：,，]{1,40})\s*[:：,，]?\s*|回复\s*(?P<who2>[^\s:：@]{1,24})\s*[:：]\s*)", re.I
)
COMMENT_UI_TEXT = re.compile(
    r"^(reply|ответить|回复|report|пожаловаться|举报|share|like|liked|нравится|赞|顶|踩|\d+|[+-]\d+|permalink|ссылка|quote|цитировать|引用|"
    r"edit|изменить|delete|удалить|show more|показать( ещё)?|展开|收起|load more|says:?|пишет:?|написал:?)$",
    re.I,
)
