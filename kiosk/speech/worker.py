"""One synthesis in its own process: ``python -m kiosk.speech.worker --voice cmn --rate 165 OUT < text``.

pyttsx3 2.99's espeak driver keeps state between calls (a stop flag set by one ``runAndWait`` can
cancel the next synthesis) and espeak-ng allows one instance per process, so each synthesis gets a
fresh process: no state carries over, and a crash in libespeak cannot take the kiosk down.
Exit codes: 0 audio written, 2 no such voice or no espeak-ng, 3 synthesis failed.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path


def synthesize(text: str, out: Path, voice: str, rate: int, timeout: float) -> int:
    import pyttsx3

    try:
        engine = pyttsx3.init("espeak")
    except (RuntimeError, OSError) as exc:
        print(f"无法启动语音引擎 espeak-ng（请安装 espeak-ng）：{exc}", file=sys.stderr)
        return 2
    voices = [v for v in engine.getProperty("voices") if v.id.split("/")[-1] == voice]
    if not voices:
        print(f"espeak-ng 没有普通话语音 {voice}（请安装 espeak-ng-data）", file=sys.stderr)
        return 2
    engine.setProperty("voice", voices[0].id)
    engine.setProperty("rate", rate)
    # The driver can return from runAndWait while espeak-ng still synthesises on its own thread;
    # it writes the file and then fires 'finished-utterance', so that event says the audio is done.
    finished = threading.Event()
    completed: list[bool] = []

    def on_finished(**event: object) -> None:
        completed.append(bool(event.get("completed", True)))
        finished.set()

    engine.connect("finished-utterance", on_finished)
    engine.save_to_file(text, str(out))
    engine.runAndWait()
    if not finished.wait(timeout) or not completed[-1] or not out.exists() or out.stat().st_size <= 44:
        print("语音生成失败：没有得到音频", file=sys.stderr)
        return 3
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--voice", default="cmn")
    parser.add_argument("--rate", type=int, default=165)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    text = sys.stdin.read()
    return synthesize(text, args.out, args.voice, args.rate, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
