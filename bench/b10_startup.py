"""B10 start fast, stay small: ``repaybot chat`` until its first answer is on screen, beside ``import sqlmodel``.

The target: the console chat is ready within 1.5× the time Python needs merely to import sqlmodel, and stays
under 85 MB resident. Each run is a fresh interpreter: ``python -c "import sqlmodel"`` for the floor, then
``python -m bot chat`` on a SQLite file already at the newest schema (a second start, as a user has it), timed
from spawn until the welcome answer to ``/start`` is printed; its resident memory (VmRSS, and the peak VmHWM) and
the CPU time it used (user + system, from /proc) are read at that moment, before its input is closed.

The two are measured in turns (floor, chat, floor, chat, …) so that a busy machine slows both alike; the
fastest run of each is the figure least disturbed by other work, the median is shown beside it, and CPU time is
shown because it hardly depends on the machine's load. Both run as a user's second start does, with bytecode
cached: ``PYTHONDONTWRITEBYTECODE`` is dropped from their environment (set in a shell, it would have every start
compile the project's sources, and sqlmodel's too where site-packages were installed without bytecode, and the
figure would measure the compiler). ``--compare-with DIR`` runs the same on another checkout
(for example the eager-import version before the change), so the naive design's figures stand beside.

    python -m bench.b10_startup                   # 7 runs each, medians
    python -m bench.b10_startup --runs 11 --compare-with /path/to/older/checkout
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _environment() -> dict[str, str]:
    """This process's environment, less what would change what a start costs (see the module's docstring)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_sqlmodel() -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of ``python -c "import sqlmodel"``."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", "import sqlmodel"], env=_environment())
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    return elapsed, usage.ru_utime + usage.ru_stime


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _status(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB → MB
    return float("nan")


def chat_until_answer(code: Path, database: Path, workdir: Path) -> tuple[float, float, float, float, float]:
    """Wall seconds until the welcome answer is printed, the MB resident (now, peak), the CPU seconds used by
    then, and the wall seconds until the prompt (the banner) was printed."""
    env = {k: v for k, v in _environment().items() if not k.startswith(("TELEGRAM_", "WECHAT_", "DATABASE_", "METRICS_"))}
    env.update({"PYTHONPATH": str(code), "DATABASE_URL": f"sqlite:///{database}", "LOG_LEVEL": "WARNING",
                "BOT_LANGUAGE": "zh", "PYTHONUNBUFFERED": "1"})
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--user", "bench"], cwd=workdir, env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               encoding="utf-8")
    assert process.stdout is not None and process.stdin is not None
    lines = 0
    prompt = 0.0
    while True:
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"b6: the chat ended before answering (exit {process.wait()})")
        lines += 1
        if lines == 1:  # the banner: the prompt that says how to chat
            prompt = time.perf_counter() - started
        if lines >= 2:  # then the first line of the welcome answer
            break
    elapsed = time.perf_counter() - started
    rss, peak, cpu = _status(process.pid, "VmRSS"), _status(process.pid, "VmHWM"), _cpu_seconds(process.pid)
    process.stdin.close()
    process.stdout.read()
    process.wait(timeout=30)
    return elapsed, rss, peak, cpu, prompt


def measure(code: Path, runs: int) -> None:
    """Measure the floor and the chat of ``code`` in turns and print both."""
    floors: list[tuple[float, float]] = []
    chats: list[tuple[float, float, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench.db"
        chat_until_answer(code, database, Path(tmp))  # creates and migrates the file: not the case measured
        import_sqlmodel()  # and warms the file cache for both
        for _ in range(runs):
            floors.append(import_sqlmodel())
            chats.append(chat_until_answer(code, database, Path(tmp)))
    f_min, f_med = min(f[0] for f in floors), statistics.median(f[0] for f in floors)
    c_min, c_med = min(c[0] for c in chats), statistics.median(c[0] for c in chats)
    f_cpu, c_cpu = statistics.median(f[1] for f in floors), statistics.median(c[3] for c in chats)
    rss, peak = statistics.median(c[1] for c in chats), max(c[2] for c in chats)
    verdict = "ok" if c_min <= 1.5 * f_min and peak < 85 else "OVER"
    print(f"{code}  ({runs} runs each, in turns)")
    print(f"  python -c 'import sqlmodel'  fastest {f_min * 1000:5.0f} ms  median {f_med * 1000:5.0f} ms  "
          f"CPU {f_cpu * 1000:5.0f} ms")
    print(f"  repaybot chat → first answer  fastest {c_min * 1000:5.0f} ms  median {c_med * 1000:5.0f} ms  "
          f"CPU {c_cpu * 1000:5.0f} ms")
    p_min, p_med = min(c[4] for c in chats), statistics.median(c[4] for c in chats)
    print(f"  repaybot chat → prompt        fastest {p_min * 1000:5.0f} ms  median {p_med * 1000:5.0f} ms")
    print(f"  ratio to the first answer: fastest {c_min / f_min:.2f}×  median {c_med / f_med:.2f}×  CPU {c_cpu / f_cpu:.2f}×;  "
          f"{rss:.1f} MB resident (peak {peak:.1f} MB)  [{verdict}: ≤ 1.5×, < 85 MB]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare-with", type=Path, default=None, help="another checkout to measure the same way")
    args = parser.parse_args()
    measure(ROOT, args.runs)
    if args.compare_with is not None:
        measure(args.compare_with.resolve(), args.runs)


if __name__ == "__main__":
    main()
