"""Grammar sentences rewritten into the words a model knows."""

from __future__ import annotations

from voice.asr.vocabulary import build_phrase_list, segment

# the words a small Chinese model might know (Vosk's Chinese vocabulary is made of words)
CHINESE_WORDS = {"导航", "到", "北京", "西站", "北京西站", "打开", "空调", "车窗", "主驾",
                 "播放", "音乐", "[unk]"}


def knows(word: str) -> bool:
    return word in CHINESE_WORDS


def test_chinese_sentences_are_split_into_known_words_longest_first() -> None:
    assert segment("导航到北京西站", knows) == ["导航", "到", "北京西站"]
    assert segment("打开主驾车窗", knows) == ["打开", "主驾", "车窗"]
    assert segment("打开天窗", knows) is None  # 天窗 is not in this vocabulary


def test_phrase_list_reports_unknown_words_and_drops_their_sentences() -> None:
    result = build_phrase_list(["导航到北京西站", "打开天窗", "打开 空调", "播放音乐",
                                "导航到 [unk]", "播放音乐"], knows, wildcard=True)
    assert result.phrases == ["导航 到 北京西站", "打开 空调", "播放 音乐", "导航 到 [unk]",
                              "[unk]"]
    assert result.unknown == {"天窗"}  # the part the model lacks
    assert result.dropped == ["打开天窗"]


def test_wildcard_only_when_the_model_has_it() -> None:
    result = build_phrase_list(["导航到 [unk]", "打开空调"], lambda w: w in {"导航", "到",
                                                                          "打开", "空调"},
                               wildcard=True)
    assert result.phrases == ["打开 空调"]
    assert result.unknown == {"[unk]"}
