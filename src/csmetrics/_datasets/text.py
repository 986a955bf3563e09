"""Word material of the sample-data generator: problems, comments, names, teams.

Every table here is plain data. A problem template carries its category,
sub-category, the priority level a careful agent would give it (1 = P1) and
the same complaint in Chinese and in English. The Chinese wording follows the
phrases customers use in after-sales templates ("漏发", "产品破损需紧急补发" ...).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "AGENTS",
    "CATEGORIES",
    "CATEGORY_TEAMS",
    "COMMENTS",
    "COMPLAINT_TEAM",
    "GIVEN_NAMES",
    "INDUSTRIES",
    "INDUSTRY_WEIGHTS",
    "LATIN_NAMES",
    "OVERDUE_REASONS",
    "OVERDUE_WEIGHTS",
    "PROBLEMS",
    "PRODUCTS",
    "RESOLUTIONS",
    "SUFFIXES",
    "SURNAMES",
    "TITLES",
    "Problem",
]


class Problem(NamedTuple):
    """One kind of customer problem, as the customer words it."""

    category: str
    subcategory: str
    level: int
    zh: str
    en: str
    weight: float


PROBLEMS: tuple[Problem, ...] = (
    Problem(
        "产品质量", "功能故障", 1, "开机后屏幕无显示", "The screen stays blank after power-on", 6
    ),
    Problem("产品质量", "功能故障", 1, "设备频繁死机,无法正常使用", "The device keeps freezing", 2),
    Problem(
        "产品质量", "功能故障", 2, "蓝牙无法连接手机", "Bluetooth cannot connect to my phone", 4
    ),
    Problem("产品质量", "外观缺陷", 2, "外壳有明显划痕", "There is a deep scratch on the case", 3),
    Problem("产品质量", "外观缺陷", 3, "实物与图片有色差", "The colour differs from the photo", 2),
    Problem("产品质量", "配件缺失", 2, "充电线未配", "The charging cable was not included", 3),
    Problem("服务体验", "响应延迟", 2, "等待超过2小时未接通", "Waited over 2 hours on hold", 4),
    Problem("服务体验", "态度问题", 2, "客服语气生硬", "The agent was rude to me", 3),
    Problem("服务体验", "流程繁琐", 2, "退换货需5步审批", "A return needs 5 approval steps", 2),
    Problem(
        "服务体验",
        "流程繁琐",
        2,
        "APP退款按钮找不到",
        "I cannot find the refund button in the app",
        6,
    ),
    Problem("服务体验", "业务咨询", 3, "咨询保修政策", "What does the warranty cover?", 8),
    Problem("物流配送", "延误", 1, "我的货已经延迟5天了!", "My parcel is already 5 days late!", 3),
    Problem("物流配送", "延误", 2, "承诺3天到货,实际7天", "Promised in 3 days, arrived in 7", 4),
    Problem(
        "物流配送",
        "延误",
        1,
        "今天必须收到货,否则取消合作",
        "We must receive the goods today or we cancel the contract",
        1,
    ),
    Problem(
        "物流配送",
        "破损",
        1,
        "产品破损需紧急补发",
        "The product arrived broken, resend urgently",
        3,
    ),
    Problem(
        "物流配送", "破损", 1, "外箱变形,产品损坏", "The box was crushed and the product damaged", 2
    ),
    Problem("物流配送", "错发漏发", 1, "订单漏发一件商品", "One item is missing from my order", 3),
    Problem(
        "物流配送", "错发漏发", 1, "订单A商品发成B商品", "I ordered item A and received item B", 1
    ),
    Problem(
        "功能建议", "新功能需求", 3, "希望增加夜间客服", "Please add a night-time support line", 4
    ),
    Problem(
        "功能建议", "新功能需求", 3, "希望增加批量导出功能", "Please add a bulk export feature", 2
    ),
    Problem("功能建议", "优化建议", 3, "界面操作步骤过多", "The app takes too many steps", 2),
    Problem(
        "功能建议", "优化建议", 3, "建议包装再加层泡沫", "Suggest more foam in the packaging", 2
    ),
    Problem("账单争议", "发票问题", 2, "发票开具延迟", "The invoice has not been issued yet", 5),
    Problem(
        "账单争议", "重复扣款", 1, "同一订单被扣款两次", "I was charged twice for one order", 1
    ),
)
"""The problems sample tickets describe, with their relative frequency (``weight``)."""

CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(problem.category for problem in PROBLEMS))
"""The problem categories, in the order of their ids in sample columns."""

SUFFIXES: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("", ""),
    (",请尽快处理", " Please help."),
    (",麻烦看一下", " Could you check?"),
    (",谢谢", " Thanks."),
)
"""Endings appended to a problem text (Chinese, English), the empty one most often."""

CATEGORY_TEAMS: dict[str, str] = {
    "产品质量": "技术支持部",
    "服务体验": "客户服务部",
    "物流配送": "物流协调组",
    "功能建议": "产品部",
    "账单争议": "财务结算组",
}
"""Team that handles each category; complaints go to the support supervisor."""

COMPLAINT_TEAM = "客服主管"

RESOLUTIONS: dict[str, str] = {
    "产品质量": "远程指导重置后恢复正常;必要时安排上门维修",
    "服务体验": "已致歉并说明处理流程",
    "物流配送": "已补发并提供物流单号",
    "功能建议": "已记录需求并转产品部评估",
    "账单争议": "已核对账单并退还差额",
}

OVERDUE_REASONS: tuple[str, ...] = (
    "客户电话占线",
    "跨部门协作延迟",
    "等待配件到货",
    "需厂家技术支持",
)
"""Reasons recorded on some late tickets, the first two most often."""
OVERDUE_WEIGHTS: tuple[float, ...] = (0.4, 0.35, 0.15, 0.1)

PRODUCTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("智能手表 W2", ("1.0", "1.1", "2.0")),
    ("扫地机器人 R3", ("3.2", "3.3")),
    ("智能门锁 L1", ("1.4", "1.5")),
    ("商城APP", ("5.1.0", "5.2.0", "5.2.1")),
)
"""Products with their versions."""

AGENTS: tuple[str, ...] = tuple(f"客服{number:02d}" for number in range(1, 13))
"""Agent handles (work ids, not personal names)."""

SURNAMES: tuple[str, ...] = (
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "林",
    "欧阳",
    "司马",
)
GIVEN_NAMES: tuple[str, ...] = (
    "伟",
    "芳",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娜",
    "强",
)
TITLES: tuple[str, ...] = ("", "", "", "先生", "女士")
LATIN_NAMES: tuple[str, ...] = ("Anna Miller", "Mr. Brown", "Ms. Garcia", "David Chen", "Dr. Weber")

INDUSTRIES: tuple[str, ...] = ("制造业", "零售业", "物流业", "教育", "医疗", "金融业", "互联网")
"""Customer industries, manufacturing and retail most often."""
INDUSTRY_WEIGHTS: tuple[float, ...] = (0.28, 0.26, 0.12, 0.1, 0.08, 0.08, 0.08)

COMMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "positive": (
        ("感谢解决问题", "Thanks for solving the problem"),
        ("态度很好,谢谢", "Very kind, thank you"),
        ("理解了,谢谢耐心解释", "Understood, thanks for explaining patiently"),
        ("处理很快,非常满意", "Quick fix, very satisfied"),
        ("上次处理问题的小张很棒", "Xiao Zhang who helped me last time was great"),
    ),
    "mixed": (
        (
            "维修师傅很专业,但等待时间有点长",
            "The technician was professional, but the wait was long",
        ),
        ("解决了,但流程麻烦", "Solved, but the process was a hassle"),
    ),
    "neutral": (
        ("解决了,但流程麻烦", "Solved, but the process was a hassle"),
        ("还行", "It was okay"),
        ("希望增加夜间客服", "Please add night-time support"),
    ),
    "negative": (
        ("推诿扯皮", "They kept passing the buck"),
        ("问题未解决", "The problem is not solved"),
        ("客服语气生硬", "The agent was rude"),
        ("承诺3天到货,实际7天", "Promised in 3 days, arrived in 7"),
    ),
}
"""Survey comments by mood: (Chinese, English)."""
