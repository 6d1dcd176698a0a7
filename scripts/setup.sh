#!/usr/bin/env bash
# Set up Hall Kiosk on a fresh Debian/Ubuntu machine: system packages, then a virtualenv in .venv.
#   bash scripts/setup.sh          the kiosk
#   bash scripts/setup.sh --dev    the kiosk plus what the tests need (Xvfb, pytest, PostgreSQL driver)
#   bash scripts/setup.sh --hub    the kiosk plus the district hub's PostgreSQL driver
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
hub=0
[ "${1:-}" = "--dev" ] && dev=1
[ "${1:-}" = "--hub" ] && hub=1

# What each package is for: the CJK font (Chinese on screen), espeak-ng (read-aloud), GL/EGL and
# mtdev (Kivy's window and touch input), and for tests a virtual display.
packages=(fonts-noto-cjk fonts-wqy-microhei espeak-ng libespeak-ng1 libgl1 libegl1 libgl1-mesa-dri libmtdev1)
# xclip: Kivy's text inputs (the contest's team names) reach the X selection through it; without it
# Kivy logs an ERROR the first time a text input is shown.
packages+=(xclip)
# poppler-utils: pdftoppm renders a PDF lecture's pages ahead of time (the theatre). Films need no
# system FFmpeg at run time (ffpyplayer's wheel brings its own); only tools/make_demo_films.py uses ffmpeg.
packages+=(poppler-utils)
# libreoffice-calc-nogui: a test opens the exported question bank in LibreOffice Calc (about 280 MB installed).
[ $dev = 1 ] && packages+=(xvfb xauth libreoffice-calc-nogui)
# chromium: the booking pages' browser tests drive Debian's headless Chromium through Playwright (issue 10).
[ $dev = 1 ] && packages+=(chromium chromium-driver)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "缺少系统软件包：${missing[*]}。请以 root 身份安装：apt-get install ${missing[*]}" >&2; exit 1
  fi
  echo "安装系统软件包：${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  }
fi

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "需要 Python 3.11 或更新版本（当前：$("$python" --version 2>&1)）" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ $dev = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[dev]"
elif [ $hub = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[hub]"
else
  .venv/bin/python -m pip install -q -e .
fi
# Install-time preparation (issue 13): the CJK faces extracted and every content image pre-scaled
# now, so the first start does not do it. A content update runs the same command again.
if [ -f content/hall.yaml ]; then
  .venv/bin/kiosk content check content --prepare || echo "内容预处理未完成（见上），首次启动时再做。" >&2
fi
echo "安装完成。启动：.venv/bin/kiosk run（窗口模式：.venv/bin/kiosk run --windowed）"
