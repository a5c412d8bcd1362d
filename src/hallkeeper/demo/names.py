"""Invented Chinese names for demo staff the plan does not name — deterministic, no randomness."""

from __future__ import annotations

# Common single-character family names. 边, 吕, 高 and 于 are left out so that no invented
# name can be mistaken for a member of the leadership group named in the plan.
FAMILY_NAMES = (
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭",
    "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "杜", "丁", "魏", "沈", "姜", "范", "石",
    "姚", "谭", "廖", "邹", "金", "陆", "郝", "孔", "白", "崔", "康", "孟", "秦", "常", "葛",
    "关", "佟", "付", "隋", "尹",
)  # fmt: skip

GIVEN_NAMES = (
    "伟", "静", "敏", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "鑫", "超", "霞",
    "平", "刚", "丹", "宁", "晨", "悦", "博", "秀英", "桂英", "建华", "晓东", "海燕", "志强",
    "丽娜", "文博", "雪梅", "春雨", "欣怡", "子涵", "宇航", "思远", "佳琪", "雨婷", "俊杰",
    "玉兰", "红梅", "国庆", "建国", "凤霞", "立新", "晓光", "丽华", "春梅", "志刚", "海波",
    "晓燕", "婷婷", "浩然", "一鸣", "诗琪", "梦瑶", "振宇", "鹏飞", "冬梅", "秋菊", "德明",
    "守信", "长海", "永生", "淑珍", "玉梅", "金凤", "亚楠", "嘉怡", "天宇", "明轩", "晓雯",
    "文静", "国栋", "慧敏", "春生", "丽萍", "宏伟", "艳秋", "书瑶",
)  # fmt: skip


class NamePool:
    """Hands out distinct plausible names in a fixed order.

    The n-th name pairs a family name and a given name with strides that are coprime with
    both list lengths, so consecutive people do not share a family or a given name.
    """

    def __init__(self, reserved: set[str] | frozenset[str] = frozenset()) -> None:
        self._used = set(reserved)
        self._n = 0

    def next(self) -> tuple[str, str]:
        """The next unused name as (family name, given name)."""
        while True:
            n = self._n
            self._n += 1
            family = FAMILY_NAMES[(n * 7) % len(FAMILY_NAMES)]
            given = GIVEN_NAMES[(n * 11 + n // len(GIVEN_NAMES)) % len(GIVEN_NAMES)]
            if family + given not in self._used:
                self._used.add(family + given)
                return family, given
