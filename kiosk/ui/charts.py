"""Charts drawn with Kivy graphics (no pictures): bars with their values, legible from 1.5 m.

``BarChart.bars`` is a list of (label, value); the widget redraws when the bars or its size change.
Labels and values are Label children placed by hand; sizes follow ``theme.u``. ``horizontal`` draws
one row per bar with its label on the left: for names (the zones) that a column's slot would cut
to one character.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Line, Rectangle
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.ui import theme as T
from kiosk.ui.theme import theme


class BarChart(Widget):
    bars = ListProperty()
    colour = ListProperty(list(T.RED))
    title = StringProperty("")
    horizontal = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._redraw, size=self._redraw, bars=self._redraw, title=self._redraw,
                  horizontal=self._redraw)
        theme.bind(u=self._redraw)

    def _label(self, text: str, size: float, colour: Any, x: float, y: float, w: float, h: float,
               bold: bool = False, halign: str = "center") -> None:
        label = Label(text=text, font_size=size, color=colour, bold=bold, pos=(x, y), size=(w, h),
                      halign=halign, valign="middle", shorten=True, shorten_from="right")
        label.text_size = (w, h)
        self.add_widget(label)

    def _redraw(self, *_args: Any) -> None:
        self.clear_widgets()
        self.canvas.after.clear()
        u = theme.u
        title_h, label_h, value_h = u * 50, u * 38, u * 34
        x0, y0, w, h = self.x, self.y, self.width, self.height
        self._label(self.title, u * 32, T.INK, x0, y0 + h - title_h, w, title_h, bold=True, halign="left")
        if not self.bars:
            self._label("（没有数据）", u * 28, T.MUTED, x0, y0, w, h - title_h)
            return
        top = max((v for _l, v in self.bars), default=0) or 1
        if self.horizontal:
            self._draw_rows(top, h - title_h)
            return
        plot_h = h - title_h - label_h - value_h
        n = len(self.bars)
        slot = w / n
        bar_w = max(1.0, slot * 0.62)
        label_size = u * (26 if slot > u * 70 else 22)
        with self.canvas.after:
            Color(*T.MUTED)
            Line(points=[x0, y0 + label_h, x0 + w, y0 + label_h], width=max(1.0, u * 1.5))
            Color(*self.colour)
            for i, (_label, value) in enumerate(self.bars):
                bh = plot_h * (value / top)
                Rectangle(pos=(x0 + i * slot + (slot - bar_w) / 2, y0 + label_h), size=(bar_w, bh))
        for i, (text, value) in enumerate(self.bars):
            bx = x0 + i * slot
            bh = plot_h * (value / top)
            self._label(text, label_size, T.INK, bx, y0, slot, label_h)
            if value:
                self._label(str(value), label_size, T.INK, bx, y0 + label_h + bh, slot, value_h, bold=True)

    def _draw_rows(self, top: float, plot_h: float) -> None:
        """One row per bar, top to bottom in the order given: name, bar, value."""
        u = theme.u
        x0, y0, w = self.x, self.y, self.width
        row = plot_h / len(self.bars)
        size = min(u * 26, row * 0.72)
        name_w, value_w = w * 0.42, u * 70
        bar_room = max(1.0, w - name_w - value_w)
        with self.canvas.after:
            Color(*self.colour)
            for i, (_label, value) in enumerate(self.bars):
                y = y0 + plot_h - (i + 1) * row
                Rectangle(pos=(x0 + name_w, y + row * 0.18), size=(bar_room * (value / top), row * 0.64))
        for i, (text, value) in enumerate(self.bars):
            y = y0 + plot_h - (i + 1) * row
            self._label(text, size, T.INK, x0, y, name_w - u * 8, row, halign="right")
            self._label(str(value), size, T.INK, x0 + name_w + bar_room * (value / top) + u * 6, y,
                        value_w, row, bold=True, halign="left")
