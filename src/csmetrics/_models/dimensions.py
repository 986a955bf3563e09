"""The four 1-5 dimensions of a satisfaction survey, named once for every package."""

from __future__ import annotations

__all__ = ["DIMENSIONS"]

DIMENSIONS = ("responsiveness", "effectiveness", "attitude", "overall")
"""Survey dimensions on 1-5: 响应及时性, 解决有效性, 服务态度, 整体体验."""
