"""The send budget moved to ``bot.runtime.limiter``, below both the channels and the jobs that use it; this name
stays so imports written before the move keep working."""

from bot.runtime.limiter import BudgetStats, Limiter, NoLimiter, SharedLimiter, SmoothLimiter

__all__ = ["BudgetStats", "Limiter", "NoLimiter", "SharedLimiter", "SmoothLimiter"]
