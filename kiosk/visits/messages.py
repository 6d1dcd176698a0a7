"""The sentences a visitor reads on each check-in outcome (one place, so screens and CLI agree)."""

from __future__ import annotations

from datetime import date, datetime

from kiosk.clock import HALL_TIMEZONE

NO_KEYRING = "本机尚未安装本馆公钥，请联系工作人员"
FORGED = "无法验证这张通行证，请联系工作人员。"
UNREADABLE = "没有读到通行证，请扫描通行证上的二维码。"
UNREADABLE_IMAGE = "没有在图片中找到二维码，请把通行证对准摄像头再试一次。"
WRONG_HALL = "这张通行证不是本馆的，请联系工作人员。"
TRY_AGAIN = "暂时无法登记，请稍后再扫描一次；如仍不行，请联系工作人员。"


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _who(organisation: str | None) -> str:
    return organisation or "贵单位"


def accepted(organisation: str | None, headcount: int) -> str:
    if organisation:
        return f"欢迎！已为 {organisation} 登记，预约 {headcount} 人。"
    return f"欢迎！已登记签到，预约 {headcount} 人。"


def already(first_at: datetime, device: str) -> str:
    local = first_at.astimezone(HALL_TIMEZONE)
    return f"这张通行证今天 {local:%H:%M} 已在 {device} 签到过，不再重复计数。"


def not_valid_today(valid_from: date, valid_to: date, today: date) -> str:
    span = _cn_date(valid_from) if valid_from == valid_to else f"{_cn_date(valid_from)} 至 {_cn_date(valid_to)}"
    when = "尚未到使用日期" if today < valid_from else "已过期"
    return f"这张通行证{when}：只在 {span} 有效。"


def revoked(organisation: str | None) -> str:
    return f"{_who(organisation)}的这次预约已取消，通行证已作废。如有疑问请联系工作人员。"


def headcount_confirmed(organisation: str | None, arrived: int) -> str:
    return f"已确认{organisation + ' ' if organisation else ''}实到 {arrived} 人，谢谢！"


def walk_in(kind: str, count: int, organisation: str | None) -> str:
    people = f"{count} 名党员" if kind == "member" else f"{count} 位群众"
    if organisation:
        return f"欢迎！已为 {organisation} 登记 {people}。"
    return f"欢迎！已登记 {people}。"


def image_too_large(width: int, height: int) -> str:
    return f"图片太大（{width}×{height} 像素），无法识别：请用手机截图或缩小后再试。"
