"""Name normalization for lookups.

A query and an alias match when their *keys* are equal. The key folds what a reader does not
notice: full-width forms (NFKC), case, spaces, hyphens, underscores, dots, slashes and
brackets, and traditional Chinese characters into simplified ones. Digits and letters are
kept, so "H20" and "H200" never share a key.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Traditional -> simplified for the characters that occur in accelerator, vendor and
# product-line names (vendor names from shared/sources/README.md, product words such as
# 卡/顯/雲/節點). A closed table rather than a conversion library: the names are a small,
# known set, and each pair is easy to review here.
_T2S = str.maketrans({
    "騰": "腾", "爾": "尔", "線": "线", "紀": "纪", "崙": "仑", "崑": "昆", "輝": "辉",
    "達": "达", "華": "华", "為": "为", "頭": "头", "顯": "显", "雲": "云", "節": "节",
    "點": "点", "國": "国", "產": "产", "級": "级", "號": "号", "網": "网", "龍": "龙",
    "鯤": "鲲", "鵬": "鹏", "訊": "讯", "記": "记", "憶": "忆", "體": "体", "電": "电",
    "處": "处", "理": "理", "器": "器", "計": "计", "算": "算", "開": "开", "發": "发",
    "業": "业", "術": "术", "資": "资", "數": "数", "據": "据", "軟": "软", "應": "应",
    "專": "专", "機": "机", "務": "务", "伺": "伺", "眾": "众", "傳": "传", "統": "统",
    "們": "们", "創": "创", "羅": "罗", "蘭": "兰", "詩": "诗", "賽": "赛", "遠": "远",
    "邏": "逻", "輯": "辑", "壘": "垒", "閃": "闪", "燈": "灯", "馬": "马", "麗": "丽",
    "義": "义", "曉": "晓", "樂": "乐", "聖": "圣", "圖": "图", "萬": "万", "億": "亿",
    "寬": "宽", "頻": "频", "帶": "带", "擴": "扩", "規": "规", "格": "格", "參": "参",
    "態": "态", "積": "积", "聯": "联", "鏈": "链", "單": "单", "雙": "双", "芯": "芯",
    "壁": "壁", "仞": "仞", "燧": "燧", "沐": "沐", "曦": "曦", "寒": "寒", "武": "武",
    "昇": "昇", "摩": "摩", "鴻": "鸿", "驍": "骁", "龐": "庞", "門": "门", "與": "与",
    "貝": "贝", "嶺": "岭", "瀾": "澜", "滄": "沧", "鐘": "钟", "錶": "表", "東": "东",
    "壹": "壹", "貳": "贰", "馭": "驭", "鯨": "鲸", "燦": "灿", "紅": "红",
    "綠": "绿", "藍": "蓝", "濟": "济", "飛": "飞", "鳳": "凤", "凰": "凰", "偉": "伟",
})

_DROP = re.compile(r"[\s\-_./()\[\]（）·•:,，、+]+")


def key(text: str) -> str:
    """The lookup key of a name.

    >>> key("Ascend 910B") == key("ascend-910b") == key("ＡＳＣＥＮＤ９１０Ｂ")
    True
    >>> key("昇騰910B") == key("昇腾910B")
    True
    >>> key("H20") == key("H200")
    False
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_T2S)
    return _DROP.sub("", text)


# Vendor ids with the names readers use for them, English and Chinese (simplified and
# traditional); from shared/sources/README.md. Used to strip a vendor word from a query
# ("英伟达H20" -> "H20") and to show vendors by name.
VENDORS: dict[str, tuple[str, ...]] = {
    "nvidia": ("NVIDIA", "英伟达", "輝達", "辉达", "英偉達"),
    "amd": ("AMD", "超威"),
    "google": ("Google", "谷歌"),
    "intel": ("Intel", "英特尔", "英特爾"),
    "huawei": ("Huawei", "华为", "華為"),
    "cambricon": ("Cambricon", "寒武纪", "寒武紀"),
    "kunlunxin": ("Kunlunxin", "昆仑芯", "崑崙芯", "Kunlun"),
    "mthreads": ("Moore Threads", "摩尔线程", "摩爾線程", "MThreads"),
    "metax": ("MetaX", "沐曦"),
    "biren": ("Biren", "壁仞", "壁仞科技"),
    "enflame": ("Enflame", "燧原", "燧原科技"),
    "hygon": ("Hygon", "海光"),
    "jiangyuan": ("Jiangyuan", "江原科技", "江原"),
    "thead": ("T-Head", "平头哥", "平頭哥"),
    "jingjia": ("Jingjia Micro", "景嘉微"),
    "iluvatar": ("Iluvatar CoreX", "天数智芯", "天數智芯", "Iluvatar"),
    "aws": ("AWS", "Amazon", "亚马逊", "亞馬遜"),
    "microsoft": ("Microsoft", "微软", "微軟"),
    "meta": ("Meta",),
    "groq": ("Groq",),
    "cerebras": ("Cerebras",),
}


CHINESE_VENDORS = ("huawei", "cambricon", "kunlunxin", "mthreads", "metax", "biren", "enflame", "hygon", "jiangyuan",
                   "thead", "jingjia", "iluvatar")
"""Vendors headquartered in mainland China (with region = "china" entries, the "chips in the news" group)."""


def vendor_name(vendor: str) -> str:
    """The display name of a vendor id ("mthreads" -> "Moore Threads")."""
    return VENDORS.get(vendor, (vendor,))[0]


# Product-line words a reader may leave out: "910C" for "Ascend 910C", "S4000" for "MTT S4000".
SERIES: dict[str, tuple[str, ...]] = {
    "huawei": ("Ascend", "昇腾", "昇騰", "Atlas"),
    "cambricon": ("思元", "MLU"),
    "mthreads": ("MTT",),
    "metax": ("曦云", "曦雲", "曦思", "曦彩"),
    "enflame": ("云燧", "雲燧", "邃思"),
    "kunlunxin": ("昆仑芯", "崑崙芯"),
    "google": ("TPU", "Cloud TPU"),
    "amd": ("Instinct",),
    "intel": ("Gaudi",),
    "nvidia": ("GeForce RTX", "GeForce", "RTX", "Tesla"),
}


@functools.lru_cache(maxsize=None)
def _prefixes() -> dict[str, tuple[list[str], list[str]]]:
    """Per vendor: its name keys and its product-line keys, longest first (computed once)."""
    def keys(group: dict[str, tuple[str, ...]], vid: str) -> list[str]:
        return sorted({key(n) for n in group.get(vid, ())}, key=len, reverse=True)

    return {vid: (keys(VENDORS, vid), keys(SERIES, vid)) for vid in set(VENDORS) | set(SERIES)}


def strip_vendor(k: str) -> list[tuple[str, str]]:
    """(vendor id, rest) for every vendor or product-line word that prefixes the key ``k``.

    "英伟达h20" -> [("nvidia", "h20")]; "华为昇腾910c" -> [("huawei", "昇腾910c"), ("huawei", "910c")].
    """
    out = []
    for vid, (vendor_keys, series_keys) in _prefixes().items():
        rests = []
        for vk in vendor_keys:
            if k.startswith(vk) and len(k) > len(vk):
                rests.append(k[len(vk):])
                break
        for r in [k, *rests]:
            for sk in series_keys:
                if r.startswith(sk) and len(r) > len(sk):
                    rests.append(r[len(sk):])
                    break
        out.extend((vid, r) for r in dict.fromkeys(rests))
    return out


def vendor_id(text: str) -> str | None:
    """The vendor id for a vendor or product-line name in English or Chinese ("輝達" -> "nvidia")."""
    k = key(text)
    for group in (VENDORS, SERIES):
        for vid, vnames in group.items():
            if any(key(n) == k for n in vnames):
                return vid
    return None
