"""Chip labels: a small deterministic search so a label overlaps no other label or marker and reads as its own point's."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from matplotlib.transforms import Bbox

from .data import _Point
from .style import _LABEL_SIZE, _POINT_SIZE, _display_name, _font_kw

# --------------------------------------------------------------------------- label placement

# Directions tried around a point, in a fixed order: right, upper right, lower right, up,
# down, left, upper left, lower left. Each gives the text alignment that keeps the text on
# that side of its anchor.
_DIRECTIONS = ((1, 0), (1, 1), (1, -1), (0, 1), (0, -1), (-1, 0), (-1, 1), (-1, -1))
_RADII = (3.0, 9.0, 17.0, 28.0, 40.0, 54.0, 72.0, 96.0)   # points beyond the marker's edge
_LEADER_FROM = 1                  # index in _RADII from which a leader line joins label and point
_LABEL_BOX = dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.75)


def _renderer(fig):
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()


def _marker_boxes(ax, xy_data: Sequence[tuple[float, float]], size_pt2: float = _POINT_SIZE) -> np.ndarray:
    """Display-space boxes (x0, y0, x1, y1) around markers, with a 1.5 px margin."""
    if not len(xy_data):
        return np.zeros((0, 4))
    r = math.sqrt(size_pt2) / 2 * ax.figure.dpi / 72 + 1.5
    pts = ax.transData.transform(np.asarray(xy_data, dtype=float))
    return np.column_stack([pts[:, 0] - r, pts[:, 1] - r, pts[:, 0] + r, pts[:, 1] + r])


def _boxes(bbs: Iterable[Bbox]) -> np.ndarray:
    arr = [[b.x0, b.y0, b.x1, b.y1] for b in bbs]
    return np.asarray(arr, dtype=float).reshape(-1, 4)


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _overlap_sum(bb: Bbox, boxes: np.ndarray) -> float:
    """Total area of ``bb`` covered by the (N, 4) ``boxes`` (counted per box)."""
    if not len(boxes):
        return 0.0
    w = np.minimum(bb.x1, boxes[:, 2]) - np.maximum(bb.x0, boxes[:, 0])
    h = np.minimum(bb.y1, boxes[:, 3]) - np.maximum(bb.y0, boxes[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _outside(a: Bbox, frame: Bbox) -> float:
    """How much of ``a`` lies outside ``frame`` (area), 0 when fully inside."""
    return a.width * a.height - _overlap(a, frame)


def _line_boxes(ax, gids: Sequence[str]) -> np.ndarray:
    """Small boxes every few pixels along the lines with these gid prefixes (soft obstacles)."""
    out = []
    for line in ax.get_lines():
        gid = line.get_gid() or ""
        if not any(gid.startswith(g) for g in gids):
            continue
        pts = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float))
        for (xa, ya), (xb, yb) in zip(pts[:-1], pts[1:]):
            n = max(1, int(math.hypot(xb - xa, yb - ya) / 4))
            for t in np.linspace(0, 1, n + 1):
                out.append((xa + t * (xb - xa) - 1.5, ya + t * (yb - ya) - 1.5,
                            xa + t * (xb - xa) + 1.5, ya + t * (yb - ya) + 1.5))
    return np.asarray(out, dtype=float).reshape(-1, 4)


def _offset(ri: int, d: tuple[int, int]) -> tuple[float, float]:
    r = (math.sqrt(_POINT_SIZE) / 2 + _RADII[ri]) * (0.75 if d[0] and d[1] else 1.0)
    return d[0] * r, d[1] * r


def _set_candidate(ann, ri: int, d: tuple[int, int]) -> None:
    ann.xyann = _offset(ri, d)
    ann.set_ha({1: "left", 0: "center", -1: "right"}[d[0]])
    ann.set_va({1: "bottom", 0: "center", -1: "top"}[d[1]])


def _nearest_is_own(bb: Bbox, centers: np.ndarray, i: int, margin: float = 4.0) -> bool:
    """Whether point ``i`` is nearer the box ``bb`` than every other point, by ``margin`` px, both
    to the box's edge and to its centre: a reader matches a label to the marker nearest its middle."""
    dx = np.maximum(np.maximum(bb.x0 - centers[:, 0], centers[:, 0] - bb.x1), 0)
    dy = np.maximum(np.maximum(bb.y0 - centers[:, 1], centers[:, 1] - bb.y1), 0)
    dist = np.hypot(dx, dy)
    mid = np.hypot(centers[:, 0] - (bb.x0 + bb.x1) / 2, centers[:, 1] - (bb.y0 + bb.y1) / 2)
    others, others_mid = np.delete(dist, i), np.delete(mid, i)
    return not others.size or (dist[i] + margin < others.min() and mid[i] < others_mid.min())


def _leader_samples(center: np.ndarray, offset_pt: tuple[float, float], px_per_pt: float, n: int = 24) -> np.ndarray:
    """Points along a leader line from a marker centre to its label anchor (display pixels)."""
    end = center + np.asarray(offset_pt) * px_per_pt
    t = np.linspace(0.15, 0.85, n)[:, None]  # the ends sit inside the marker and the label itself
    return center + t * (end - center)


def _points_in_boxes(points: np.ndarray, boxes: np.ndarray) -> bool:
    if not len(points) or not len(boxes):
        return False
    inside = ((points[:, None, 0] >= boxes[None, :, 0]) & (points[:, None, 0] <= boxes[None, :, 2])
              & (points[:, None, 1] >= boxes[None, :, 1]) & (points[:, None, 1] <= boxes[None, :, 3]))
    return bool(inside.any())


def _place_labels(ax, items: Sequence[tuple[float, float, str]], obstacles: Sequence[Bbox] = (),
                  soft: np.ndarray | None = None) -> list:
    """Label each (x, y, text) so labels overlap no other label, marker or obstacle.

    Deterministic: points are labelled most-crowded first (ties by text). For each, the
    candidate offsets of one ring (``_RADII``) are tried in the fixed order of
    ``_DIRECTIONS``; a candidate is clear when its text box (measured with the renderer) lies
    inside the Axes and overlaps no placed label, no marker and no obstacle. The nearest ring
    with a clear candidate wins, and within it the candidate crossing the fewest ``soft``
    obstacles (line samples), then the first in order. With no clear candidate at all, the one
    with the least overlap is used. Labels from the second ring out get a thin leader line.
    Returns the label Annotations (gid ``chip-label``), in the order of ``items``.
    """
    if not items:
        return []
    renderer = _renderer(ax.figure)
    frame = ax.get_window_extent(renderer)
    marks = _marker_boxes(ax, [(x, y) for x, y, _ in items])
    soft = np.zeros((0, 4)) if soft is None else soft
    centers = (marks[:, :2] + marks[:, 2:]) / 2
    # crowding: how many points lie within 60 px; the most crowded are labelled first
    dists = np.hypot(centers[:, None, 0] - centers[None, :, 0], centers[:, None, 1] - centers[None, :, 1])
    crowd = (dists < 60).sum(axis=1)
    order = sorted(range(len(items)), key=lambda i: (-crowd[i], items[i][2]))
    # A greedy pass can box a label in with labels placed before it. Then the labels that found no
    # clear spot go first in a new pass (the rest keep their order), a few times; the pass with the
    # fewest compromised labels is kept (then the one with its labels nearest their points; the first
    # among equals), the others are removed.
    best = None
    for _attempt in range(_PASSES):
        artists, labels, compromised = _place_in_order(ax, items, order, marks, centers, obstacles, soft,
                                                       renderer, frame)
        if best is None or (len(compromised), _leader_length(labels)) < (len(best[2]), _leader_length(best[1])):
            if best is not None:
                _remove(best[0])
            best = (artists, labels, compromised)
        else:
            _remove(artists)
        if not best[2]:
            break
        order = compromised + [i for i in order if i not in compromised]
    return best[1]


_PASSES = 4  # greedy passes at most (one when the first leaves no label compromised)


def _leader_length(labels) -> float:
    """The summed distance (points) of the labels from their points: the shorter, the easier to read."""
    return float(sum(math.hypot(*a.xyann) for a in labels))


def _remove(artists) -> None:
    for a in artists:
        a.remove()


def _place_in_order(ax, items, order, marks, centers, obstacles, soft, renderer, frame):
    """One greedy pass in ``order``: (every artist drawn, the labels in ``items`` order, the indices
    of labels that found no clear candidate)."""
    artists: list = []
    compromised: list[int] = []
    hard = np.vstack([marks, _boxes(obstacles)])
    placed = np.zeros((0, 4))  # label boxes placed so far: a leader line may not cross them
    leaders = np.zeros((0, 4))  # samples along the leader lines drawn so far: nor may a new leader
    px_per_pt = ax.figure.dpi / 72.0
    labels: list = [None] * len(items)
    for i in order:
        x, y, text = items[i]
        ann = ax.annotate(text, xy=(x, y), xytext=(0, 0), textcoords="offset points", fontsize=_LABEL_SIZE,
                          gid="chip-label", zorder=4, bbox=_LABEL_BOX, **_font_kw(text))
        artists.append(ann)
        chosen, fallback = None, None
        other_marks = np.delete(marks, i, axis=0)  # a leader may not pass through these
        for ri in range(len(_RADII)):
            ring = []
            for d in _DIRECTIONS:
                _set_candidate(ann, ri, d)
                bb = ann.get_window_extent(renderer).padded(1.0)
                # text over text is the worst compromise: a label may cover a marker or a leader line
                # before another label (placed labels are in ``hard`` too, so they weigh 31 in all);
                # a label past the frame is cut off: any fallback inside the frame beats one outside it
                out = _outside(bb, frame)
                cost = out * 10 + _overlap_sum(bb, hard) + 30 * _overlap_sum(bb, placed)
                # a label must read as its own point's: nearer to it than to any other point
                # (else "Ascend 910C" under an NVIDIA dot reads as that dot's name)
                # Both rules disqualify a candidate from being "clear"; in a fallback they weigh less
                # than any overlap, since a fallback label always gets a leader line to its point.
                if ri < _LEADER_FROM and not _nearest_is_own(bb, centers, i):
                    cost += 0.5  # with a leader line drawn, the line names the point instead
                leader = _leader_samples(centers[i], _offset(ri, d), px_per_pt) if ri >= _LEADER_FROM else np.zeros((0, 2))
                if (_points_in_boxes(leader, placed) or _points_in_boxes(leader, other_marks)
                        or _points_in_boxes(leader, leaders)):
                    cost += 0.5  # a leader line through another label, marker or leader reads as that one's
                if cost == 0:
                    ring.append((_overlap_sum(bb, soft), len(ring), ri, d, bb))
                elif fallback is None or (out > 0, cost) < fallback[0]:
                    fallback = ((out > 0, cost), 0, ri, d, bb)
            if ring:
                chosen = min(ring)
                break
        if chosen is None:
            compromised.append(i)
        _c, _n, ri, d, bb = chosen or fallback
        needs_leader = ri >= _LEADER_FROM or chosen is None  # a compromise placement names its point
        _set_candidate(ann, ri, d)
        hard = np.vstack([hard, _boxes([bb])])
        placed = np.vstack([placed, _boxes([bb])])
        labels[i] = ann
        if needs_leader:
            # the leader line itself becomes an obstacle, so no later label sits across it
            pts = _leader_samples(centers[i], _offset(ri, d), px_per_pt)
            hard = np.vstack([hard, np.column_stack([pts - 1.5, pts + 1.5])])
            leaders = np.vstack([leaders, np.column_stack([pts - 1.5, pts + 1.5])])
            artists.append(ax.annotate("", xy=(x, y), xytext=_offset(ri, d), textcoords="offset points",
                        arrowprops=dict(arrowstyle="-", color="#888888", lw=0.6, shrinkA=0,
                                        shrinkB=math.sqrt(_POINT_SIZE) / 2 + 1),
                        gid="leader", zorder=2))
    return artists, labels, compromised


def _merged_items(ax, points: Sequence[_Point], xs) -> list[tuple[float, float, str]]:
    """One label per spot: chips drawn within 2 px of each other share a label 'A / B'.

    Later names drop a leading word they share with the first ('NVIDIA H100 SXM5 / H200 SXM').
    """
    disp = ax.transData.transform(np.column_stack([xs, [p.y for p in points]]).astype(float))
    groups: list[list[int]] = []
    for i in range(len(points)):
        for g in groups:
            if math.hypot(*(disp[g[0]] - disp[i])) < 2.0:
                g.append(i)
                break
        else:
            groups.append([i])
    items = []
    for g in groups:
        names = [_display_name(points[i].entry) for i in g]
        first = names[0].split(" ", 1)[0]
        rest = [n.split(" ", 1)[1] if n.startswith(first + " ") and " " in n else n for n in names[1:]]
        items.append((xs[g[0]], points[g[0]].y, " / ".join([names[0]] + rest)))
    return items


def _label_points(ax, points: Sequence[_Point], xs=None, obstacles: Sequence[Bbox] = (),
                  lines: Sequence[str] = ()) -> list:
    xs = [p.x for p in points] if xs is None else list(xs)
    return _place_labels(ax, _merged_items(ax, points, xs), obstacles, soft=_line_boxes(ax, lines))


def _text_boxes(ax, texts) -> list[Bbox]:
    renderer = _renderer(ax.figure)
    return [t.get_window_extent(renderer).padded(1.0) for t in texts]


def _no_data(ax, what: str):
    ax.text(0.5, 0.5, f"no chip has {what}", transform=ax.transAxes, ha="center", va="center", color="#666666")
    return ax
