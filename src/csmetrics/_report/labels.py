"""The words of the report, in English and Chinese: headings, column names, explanations."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

__all__ = ["LANGUAGES", "Language", "label"]

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")

_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "title": ("Service report", "客服服务报告"),
        "from": ("from", "自"),
        "to": ("to", "至"),
        "up_to": ("up to", "截至"),
        "as_of": (
            "Counted as of {now}; later events are not counted.",
            "统计时点 {now};之后的事件不计入。",
        ),
        "input": ("Data read", "数据读取"),
        "read": ("read", "读取"),
        "kept": ("kept", "保留"),
        "rejected": ("rejected", "拒收"),
        "tickets": ("Tickets", "工单"),
        "surveys": ("Survey answers", "满意度回访"),
        "assigned": (
            "Filled in by csmetrics (missing in the data): {p} priorities, {c} categories.",
            "由 csmetrics 补全(数据中缺失):优先级 {p} 个,分类 {c} 个。",
        ),
        "changes": ("Compared with the previous period", "与上一周期对比"),
        "metric": ("Measure", "指标"),
        "before": ("Previous", "上期"),
        "now_col": ("This period", "本期"),
        "diff": ("Change", "变化"),
        "verdict": ("Real or noise?", "真实变化?"),
        "real change": ("real change", "真实变化"),
        "noise": ("noise", "随机波动"),
        "no data": ("no data", "无数据"),
        "volume": ("Ticket volume", "工单量"),
        "complaints": ("{n} tickets, of which {c} complaints.", "共 {n} 张工单,其中投诉 {c} 张。"),
        "priority": ("Priority", "优先级"),
        "channel": ("Channel", "渠道"),
        "share": ("Share", "占比"),
        "status": ("Status", "状态"),
        "day": ("Period", "时段"),
        "trend": ("Tickets over time", "工单量走势"),
        "sla": ("Response and resolution times (SLA)", "响应与解决时效(SLA)"),
        "first_response": ("First response", "首次响应"),
        "resolution": ("Resolution", "解决"),
        "met": ("On time", "按时"),
        "breached": ("Late", "超时"),
        "pending": ("Open", "进行中"),
        "share_met": ("On time %", "按时率"),
        "median": ("Median", "中位数"),
        "p90": ("9 in 10 within", "90%以内"),
        "sla_note": (
            (
                "On time % counts only targets already decided (on time or late); "
                "open ones are still running. Times are working time."
            ),
            "按时率只计已有结果(按时或超时)的工单;进行中的仍在计时。时长为工作时间。",
        ),
        "breached_tickets": (
            "Tickets late on at least one target: {n} of {t}.",
            "至少一项超时的工单:{n} / {t}。",
        ),
        "escalation": (
            "Escalated to level {level} ({action}): {n} tickets.",
            "升级至第 {level} 级({action}):{n} 张。",
        ),
        "overdue_reasons": ("Reasons given for lateness", "超时原因"),
        "reason": ("Reason", "原因"),
        "outcomes": ("Resolution", "解决情况"),
        "resolved": (
            "Resolved now: {r} of {n} tickets ({pct}).",
            "当前已解决:{r} / {n} 张({pct})。",
        ),
        "fcr": (
            "Solved at first contact: {pct} of the {k} resolved tickets whose history tells.",
            "一次解决率:{pct}(按 {k} 张可判断的已解决工单)。",
        ),
        "fcr_unknown": (
            (
                "First contact unknown for {u} resolved tickets: their history is too thin "
                "to tell (counted as unknown, not as solved)."
            ),
            "{u} 张已解决工单历史记录不足,无法判断是否一次解决(计为未知,不计为一次解决)。",
        ),
        "fcr_thin": (
            (
                "The data records no customer replies and no second agent replies, so "
                "first-contact resolution cannot be told for any ticket."
            ),
            "数据中没有客户回复或客服二次回复记录,无法判断任何工单是否一次解决。",
        ),
        "reopened": (
            "Reopened after being resolved: {n} of {w} ({pct}).",
            "解决后重新打开:{n} / {w}({pct})。",
        ),
        "satisfaction": ("Customer satisfaction", "客户满意度"),
        "question": ("Question", "问题"),
        "average": ("Average (1-5)", "平均分(1-5)"),
        "range": ("95% range", "95%区间"),
        "answers": ("Answers", "答复数"),
        "satisfied": ("Satisfied (4-5)", "满意(4-5)"),
        "responsiveness": ("Speed of response", "响应及时性"),
        "effectiveness": ("Problem solved", "解决有效性"),
        "attitude": ("Attitude", "服务态度"),
        "overall": ("Overall", "整体体验"),
        "nps": (
            (
                "NPS (recommend, -100 to +100): {score}, 95% range {low} to {high}, {n} answers; "
                "promoters {pro}, detractors {det}."
            ),
            (
                "NPS(推荐意愿,-100 至 +100):{score},95%区间 {low} 至 {high},{n} 个答复;"
                "推荐者 {pro},贬损者 {det}。"
            ),
        ),
        "sentiment": ("Comments", "评价留言"),
        "moods": (
            "{n} comments: positive {pos}, neutral {neu}, negative {neg}.",
            "留言 {n} 条:正面 {pos},中性 {neu},负面 {neg}。",
        ),
        "warmth": (
            "Warm comments (thanks or understanding): {pct}, goal above {goal}.",
            "有温度的留言(感谢或理解):{pct},目标高于 {goal}。",
        ),
        "categories": ("Top problems", "主要问题"),
        "category": ("Category", "分类"),
        "cumulative": ("Running total", "累计占比"),
        "pareto_note": (
            (
                "The first {k} categories make up 80% of tickets: fixing them first "
                "helps the most customers."
            ),
            "前 {k} 个分类占工单的 80%:优先解决它们,受益的客户最多。",
        ),
        "other": ("other ({k} categories)", "其他({k} 个分类)"),
        "problem": ("Problem type", "问题类型"),
        "agents": ("Agents", "客服人员"),
        "agent": ("Agent", "客服"),
        "resolved_col": ("Resolved", "已解决"),
        "first_contact": ("1st contact", "一次解决"),
        "csat_col": ("CSAT", "满意度"),
        "follow_up": ("To follow up", "待跟进"),
        "low_answers": (
            "Answers with a score of 3 or less, or NPS 6 or less: {n}.",
            "评分 3 分及以下或 NPS 6 分及以下的答复:{n} 条。",
        ),
        "ticket": ("Ticket", "工单"),
        "lowest": ("Lowest score", "最低分"),
        "overdue": ("Tickets late and still open: {n}.", "已超时且未完成的工单:{n} 张。"),
        "customer": ("Customer", "客户"),
        "late_by": ("Late by", "超时"),
        "shown_first": ("Showing the first {k} of {n}.", "仅列出前 {k} 条,共 {n} 条。"),
        "quality": ("Quality score", "服务质量评分"),
        "quality_line": ("Quality score: {v} / 100", "服务质量评分:{v} / 100"),
        "indicator": ("Measure", "指标"),
        "value": ("Value", "数值"),
        "target": ("Target", "目标"),
        "weight": ("Weight", "权重"),
        "to improve": ("to improve", "待改善"),
        "ok": ("ok", "达标"),
        "csat": ("Satisfaction (1-5)", "满意度(1-5)"),
        "nps_name": ("NPS", "NPS"),
        "on_time": ("First response on time", "首次响应按时率"),
        "resolution_rate": ("Resolution rate", "解决率"),
        "first_response_on_time": ("First response on time", "首次响应按时率"),
        "notes": ("Why the counts differ", "各项数量为何不同"),
        "note_period": (
            "{out} tickets and answers fall outside the period and are not counted.",
            "{out} 张工单和答复不在本周期内,不计入。",
        ),
        "note_rejected": (
            "{t} ticket rows and {s} survey rows were rejected as unreadable.",
            "{t} 行工单和 {s} 行回访数据无法读取,已拒收。",
        ),
        "note_surveys": (
            "{s} survey answers for {t} tickets: not every customer answers.",
            "{t} 张工单收到 {s} 条回访答复:并非每位客户都会答复。",
        ),
        "note_csat": (
            "{n} answers rate overall satisfaction; {m} left it blank.",
            "{n} 条答复给出整体满意度评分;{m} 条未填写。",
        ),
        "note_nps": (
            "{n} answers give an NPS score; {m} left it blank.",
            "{n} 条答复给出 NPS 评分;{m} 条未填写。",
        ),
        "note_comments": ("{c} of {s} answers have a comment.", "{s} 条答复中 {c} 条有留言。"),
        "note_pending": (
            "{p} first-response targets are still running, so not yet on time or late.",
            "{p} 个首次响应目标仍在计时,尚无结果。",
        ),
        "note_untimed": (
            "{n} answers have no answer time: each counts in its ticket's period.",
            "{n} 条答复没有答复时间:按其工单的创建时间归入周期。",
        ),
        "note_reprioritised": (
            (
                "{n} tickets changed priority: the volume counts them at their first "
                "priority, the SLA tables at the priority after the change."
            ),
            "{n} 张工单调整过优先级:工单量按最初的优先级计,时效表按调整后的优先级计。",
        ),
        "none": ("not given", "未提供"),
        "new": ("new", "新建"),
        "open": ("open", "处理中"),
        "paused": ("paused", "暂停"),
        "closed": ("closed", "已关闭"),
        "resolved_status": ("resolved", "已解决"),
        "volume_change": ("Tickets", "工单量"),
        "csat_change": ("Satisfaction (1-5)", "满意度(1-5)"),
        "figures": ("Figures", "图表"),
        "fcr_name": ("Solved at first contact", "一次解决率"),
        "warmth_name": ("Warm comments (no weight)", "有温度的留言(不计权重)"),
    }
)


def label(key: str, language: Language, **values: object) -> str:
    """The text of ``key`` in ``language``, with ``values`` filled in."""
    en, zh = _LABELS.get(key, (key, key))
    text = zh if language == "zh" else en
    return text.format(**values) if values else text
