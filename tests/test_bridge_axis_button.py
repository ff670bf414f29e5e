"""The button sets the bridge's value axis where the run says, as the command line does."""

from __future__ import annotations

from dataclasses import dataclass, field

from routekpi.excel.live import _bridge_axis
from routekpi.io.dashboard_layout import CHART_TITLE_ROWS
from routekpi.render_dashboard import is_bridge_title

BRIDGE_CELL = f"$A${CHART_TITLE_ROWS['bridge']}"
BURNUP_CELL = f"$A${CHART_TITLE_ROWS['burnup']}"


@dataclass
class _Axis:
    MinimumScale: float = 0.0


@dataclass
class _Title:
    Formula: str


@dataclass
class _Chart:
    """What Excel's object model shows of a chart: its title's formula and its axes."""

    title: str | None
    axes: dict[int, _Axis] = field(default_factory=lambda: {1: _Axis(), 2: _Axis()})

    @property
    def HasTitle(self) -> bool:
        return self.title is not None

    @property
    def ChartTitle(self) -> _Title:
        return _Title(self.title or "")

    def Axes(self, kind: int) -> _Axis:
        return self.axes[kind]


@dataclass
class _ChartObject:
    Chart: _Chart


class _ChartObjects:
    def __init__(self, charts: list[_Chart]) -> None:
        self.charts = charts
        self.Count = len(charts)

    def Item(self, i: int) -> _ChartObject:  # 1-based, as COM
        return _ChartObject(self.charts[i - 1])


class _Api:
    def __init__(self, charts: list[_Chart]) -> None:
        self._charts = charts

    def ChartObjects(self) -> _ChartObjects:
        return _ChartObjects(self._charts)


@dataclass
class _Sheet:
    api: _Api


def test_bridge_title_is_recognised_with_and_without_quotes() -> None:
    assert is_bridge_title(f"=Dashboard!{BRIDGE_CELL}", "Dashboard")
    assert is_bridge_title(f"='ダッシュ ボード'!{BRIDGE_CELL}", "ダッシュ ボード")
    assert is_bridge_title(f"'It''s'!{BRIDGE_CELL.replace('$', '')}", "It's")
    assert not is_bridge_title(f"=Dashboard!{BURNUP_CELL}", "Dashboard")
    assert not is_bridge_title(f"=Plan!{BRIDGE_CELL}", "Dashboard")


def test_button_sets_only_the_bridges_value_axis() -> None:
    burnup = _Chart(f"=ダッシュボード!{BURNUP_CELL}")
    untitled = _Chart(None)
    bridge = _Chart(f"=ダッシュボード!{BRIDGE_CELL}")
    sheet = _Sheet(_Api([burnup, untitled, bridge]))
    _bridge_axis(sheet, "ダッシュボード", 1_460_000_000.0)
    assert bridge.axes[2].MinimumScale == 1_460_000_000.0
    assert bridge.axes[1].MinimumScale == 0.0  # the category axis is left alone
    assert burnup.axes[2].MinimumScale == 0.0
    assert untitled.axes[2].MinimumScale == 0.0


def test_no_start_written_leaves_the_axis_and_a_missing_object_model_is_no_error() -> None:
    bridge = _Chart(f"=Dashboard!{BRIDGE_CELL}")
    bridge.axes[2].MinimumScale = 5.0
    _bridge_axis(_Sheet(_Api([bridge])), "Dashboard", None)
    assert bridge.axes[2].MinimumScale == 5.0
    _bridge_axis(object(), "Dashboard", 1.0)  # no .api: best effort, nothing raised
