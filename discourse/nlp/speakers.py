"""Who is quoted or paraphrased in an article, and what they say (ru/en/zh reporting styles).

Rules over sentences, kept as data at the top: quotation marks plus a speech verb ("…," Rogozin said;
«…», — заявил …; …表示，“…”), reported speech ("X said that …", "по словам X, …", "据X介绍，…"),
and pronouns or role nouns ("he", "the Roscosmos head", "он", "他") resolved to the last named speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EN_VERBS = (r"said|says|told(?: [A-Z][\w.]*| reporters| journalists| the [\w ]{1,30}?)?|added|noted|stressed|emphasi[sz]ed|stated|announced|"
            r"explained|went on|continued|argued|warned|declared|hinted|pointed out|remarked|insisted|claimed|confirmed|wrote|recalled|raised the alarm about")
RU_VERBS = (r"заявил[аи]?|сказал[аи]?|отметил[аи]?|сообщил[аи]?|подчеркнул[аи]?|добавил[аи]?|пояснил[аи]?|указал[аи]?|напомнил[аи]?|"
            r"рассказал[аи]?|назвал[аи]?|констатировал[аи]?|уточнил[аи]?|признал[аи]?")
ZH_VERBS = r"表示|指出|称|说|强调|介绍|认为|透露|宣布|提到|坦言|说道"
OPEN, CLOSE = "\"“«「『„", "\"”»」』“"
_Q = rf"[{OPEN}](?P<q>[^{CLOSE}]{{6,}}?)[{CLOSE}]"
_TRAILING = re.compile(r"\s+(on|at|during|in|earlier|later|last|this|after|before|while|when|as)\b.*$", re.I)
_PRONOUN = re.compile(r"^(he|she|they|he also|she also|он|она|они|他|她|他们|该负责人|其|the (russian |chinese )?(official|spokesperson|spokesman|minister|head|chief|director|diplomat)|"
                      r"the [\w ]{0,30}(head|chief|official|spokesperson|spokesman|director|minister|diplomat))$", re.I)
_NAME_EN = re.compile(r"((?:[A-Z][a-z’'-]+|[A-Z]{2,})(?:\s+(?:[A-Z][a-z’'-]+|[A-Z]{2,}))*)\s*$")
_ORG_WORD = re.compile(r"^(Department|Ministry|Agency|Administration|Council|Office|Service|Corporation|Committee|Government|Kremlin|Embassy|Bureau|Commission|Forum|Roscosmos|Roskosmos|CNSA|NASA|TASS|Xinhua)$")
_PREPOSITION_START = r"(?!(?:at|in|on|during|after|before|while|when|to|for|with|by|from|of|about|as)\b)"
_NAME_RU = re.compile(r"([А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+){0,2})\s*$")


@dataclass(frozen=True)
class OfficialQuote:
    """A quoted or reported statement in the article body."""

    paragraph: int
    speaker: str
    role: str | None
    text: str
    kind: str  # direct | reported
    cue: str


def _sentences(paragraph: str, lang: str) -> list[str]:
    if lang == "zh":
        return [s for s in re.split(r"(?<=[。！？])", paragraph) if s.strip()]
    return [s for s in re.split(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁ\"“«])", paragraph) if s.strip()]


_TITLE = re.compile(r"^(General|Director|Minister|President|Chairman|Deputy|Chief|Head|Spokesperson|Spokesman|Ambassador|Prime|Vice|Senior|Mr|Mrs|Ms|Dr|Prof|Secretary|Governor|Premier|Managing)\.?$")


_AUXILIARY = re.compile(r"(\s+(has|have|had|was|were|is|are|also|again|then|repeatedly|previously|earlier|once|\w+ly))+$", re.I)


def _strip_trailing(phrase: str) -> str:
    """Drop a trailing adverbial ("on Monday", "at the forum") unless the name stands after it,
    and trailing auxiliaries ("Roscosmos has repeatedly")."""
    phrase = _AUXILIARY.sub("", phrase) or phrase
    stripped = _TRAILING.sub("", phrase)
    if stripped == phrase:
        return phrase
    tail = phrase[len(stripped):]
    return phrase if re.search(r"[A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+\s*$", tail) else stripped


def _split_speaker(phrase: str, lang: str) -> tuple[str, str | None]:
    """("Dmitry Rogozin", "Roscosmos chief and former deputy prime minister") from the speaker phrase."""
    if lang == "zh":  # "X在接受记者采访时" / "X在发布会上": the speaker is X
        return re.sub(r"在[^，。]{2,40}(时|上|中)$", "", phrase.strip(" ，,：:")), None
    phrase = phrase.strip(" ,—–-:").split(", ")[-1]  # "In December 2020, Roscosmos chief X"
    phrase = _strip_trailing(phrase)
    if _PRONOUN.match(phrase):
        return phrase, None
    name = (_NAME_RU if lang == "ru" else _NAME_EN).search(phrase)
    if not name or len(name.group(1)) <= 2:
        return phrase, None
    tokens = name.group(1).split()
    while len(tokens) > 1 and _TITLE.match(tokens[0]):
        tokens = tokens[1:]
    if lang == "ru":  # first name + surname, with the patronymic when there is one
        picked = tokens[-3:] if len(tokens) >= 3 and re.search(r"(ович|евич|ич|овна|евна|ична)$", tokens[-2]) else tokens[-2:]
    elif any(_ORG_WORD.match(t) for t in tokens[-1:]):
        picked = tokens
    else:
        picked = tokens[-2:] if len(tokens) >= 2 and not _ORG_WORD.match(tokens[-2]) else tokens[-1:]
    while len(picked) > 1 and _TITLE.match(picked[0]):
        picked = picked[1:]
    speaker = " ".join(picked)
    role = phrase[: phrase.rfind(speaker)].strip(" ,") or None
    return speaker, role


class _Extractor:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.quotes: list[OfficialQuote] = []
        self.last: str | None = None
        self.full_names: dict[str, str] = {}

    def add(self, paragraph: int, phrase: str, text: str, kind: str, cue: str) -> bool:
        """Record a statement; False when the phrase is not a speaker after all."""
        speaker, role = _split_speaker(phrase, self.lang)
        if self.lang == "en" and speaker[:1].islower() and not _PRONOUN.match(speaker):
            return False  # "which they claimed": a clause, not a speaker
        if _PRONOUN.match(speaker) and self.last:
            role = role or speaker
            speaker = self.last
        if not speaker or len(speaker) > 80 or not text.strip():
            return False
        surname = speaker.split()[-1] if self.lang != "zh" else speaker
        if " " in speaker:
            self.full_names[surname] = speaker
        speaker = self.full_names.get(surname, speaker)
        self.last = speaker
        self.quotes.append(OfficialQuote(paragraph, speaker, role, text.strip(" ,.;:—–-"), kind, cue))
        return True


def _english(extractor: _Extractor, index: int, sentence: str) -> None:
    patterns = [
        (rf"{_Q}[,.]?\s*(?P<s>[^.;“”\"]{{1,120}}?)\s+(?P<v>{EN_VERBS})\b", "direct"),
        (rf"{_Q}[,.]?\s*(?:{EN_VERBS})\s+(?P<s>[^.;]{{2,120}})", "direct"),
        (rf"(?P<s>[A-Z][^.;:“”\"]{{1,120}}?)\s+(?P<v>{EN_VERBS})\s*[,:]?\s*{_Q}", "direct"),
        (rf"(?P<s>[A-Z][^.;:“”\"]{{1,120}}?)\s+(?P<v>{EN_VERBS})\s+(?:that\s+)?[^“”\".]{{1,80}}?\s{_Q}", "direct"),
        (rf"(?P<s>[A-Z][^.;:“”\"]{{1,120}}?)\s+(?P<v>{EN_VERBS})(?:\s+[^.“”\"]{{0,100}}?)?\s+that\s+(?P<q>[^.“”\"]{{12,}})", "reported"),
        (rf"(?P<s>[A-Z][^.;:“”\"]{{1,120}}?)\s+(?P<v>{EN_VERBS})\s+{_PREPOSITION_START}(?P<q>[^.“”\"]{{12,}})", "reported"),
        (r"(?P<q>[A-Z][^“”\"]{20,}?),\s+(?P<s>[^,.;“”\"]{2,160}?)\s+(?P<v>said|told [A-Z]\w+|added|noted)\b", "reported"),
        (r"(?P<q>[A-Z][^“”\"]{20,}?),\s+(?P<v>said)\s+(?P<s>[^.;]{2,160})", "reported"),
        (r"^According to (?P<s>[^,]{2,120}),\s*(?P<q>.{15,})", "reported"),
    ]
    _apply(extractor, index, sentence, patterns)


def _russian(extractor: _Extractor, index: int, sentence: str) -> None:
    patterns = [
        (rf"{_Q},?\s*[—–-]\s*(?P<v>{RU_VERBS})\s+(?P<s>[^.;]{{2,120}})", "direct"),
        (rf"(?P<s>[А-ЯЁA-Z][^.;:«»]{{1,120}}?)\s+(?P<v>{RU_VERBS})\s*[:,]?\s*{_Q}", "direct"),
        (rf"(?P<s>[А-ЯЁA-Z][^.;:«»]{{1,120}}?)\s+(?P<v>{RU_VERBS}),?\s+что\s+(?P<q>[^.]{{10,}})", "reported"),
        (r"^[Пп]о словам (?P<s>[^,]{2,120}),\s*(?P<q>.{10,})", "reported"),
        (rf"^Как (?P<v>{RU_VERBS})\s+(?P<s>[^,]{{2,120}}),\s*(?P<q>.{{10,}})", "reported"),
    ]
    _apply(extractor, index, sentence, patterns)


def _chinese(extractor: _Extractor, index: int, sentence: str) -> None:
    patterns = [
        (rf"(?P<s>[^，。；“”：:]{{2,60}}?)(?P<v>{ZH_VERBS})[：:，,]?\s*“(?P<q>[^”]{{4,}})”", "direct"),
        (rf"“(?P<q>[^”]{{4,}})”[，,]?(?P<s>[^，。；“”]{{2,40}}?)(?P<v>{ZH_VERBS})", "direct"),
        (rf"^据(?P<s>[^，。]{{2,40}}?)(?P<v>介绍|透露|称|表示)[，,](?P<q>[^。]{{6,}})", "reported"),
        (rf"(?P<s>[^，。；“”：:]{{2,60}}?)(?P<v>{ZH_VERBS})[，,：:](?P<q>[^。“”]{{6,}})", "reported"),
    ]
    _apply(extractor, index, sentence, patterns)


def _apply(extractor: _Extractor, index: int, sentence: str, patterns: list[tuple[str, str]]) -> None:
    taken: list[tuple[int, int]] = []
    for pattern, kind in patterns:
        for match in re.finditer(pattern, sentence):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue  # one statement per stretch of text: the first (most specific) pattern wins
            phrase = match.group("s")
            if kind == "reported" and extractor.lang == "en" and not (_PRONOUN.match(phrase.strip()) or re.search(r"[A-Z]", phrase[1:]) or phrase.split()[0][0].isupper() and len(phrase.split()) <= 6):
                continue
            if extractor.add(index, phrase, match.group("q"), kind, match.group("v") if "v" in match.groupdict() and match.group("v") else kind):
                taken.append(span)


def extract_quotes(paragraphs: list[str], lang: str | None) -> list[OfficialQuote]:
    """Speaker-quote pairs of an article body, in order."""
    extractor = _Extractor(lang if lang in ("ru", "zh") else "en")
    step = {"ru": _russian, "zh": _chinese}.get(extractor.lang, _english)
    for index, paragraph in enumerate(paragraphs):
        # Quotations may span sentences: split only outside quotation marks.
        for sentence in _sentences_outside_quotes(paragraph, extractor.lang):
            step(extractor, index, sentence)
    return extractor.quotes


def _sentences_outside_quotes(paragraph: str, lang: str) -> list[str]:
    masked, spans = paragraph, []
    for match in re.finditer(rf"[{OPEN}][^{CLOSE}]*[{CLOSE}]", paragraph):
        spans.append(match.span())
    if not spans:
        return _sentences(paragraph, lang)
    # Replace sentence punctuation inside quotes so the splitter cannot cut there, then restore.
    chars = list(masked)
    for start, end in spans:
        for i in range(start + 1, end - 1):
            if chars[i] in ".!?…。！？":
                chars[i] = {".": "\x00", "!": "\x01", "?": "\x02", "…": "\x03", "。": "\x04", "！": "\x05", "？": "\x06"}[chars[i]]
    back = str.maketrans({"\x00": ".", "\x01": "!", "\x02": "?", "\x03": "…", "\x04": "。", "\x05": "！", "\x06": "？"})
    return [sentence.translate(back) for sentence in _sentences("".join(chars), lang)]
