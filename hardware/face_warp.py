"""Warp a face photograph along its own MediaPipe mesh: turn, nod, blink and smile.

The photo is meshed once (MediaPipe, refined landmarks: 478 points whose z is in the same units
as x). Each rendered frame moves those points — rotating them in 3-D for yaw and pitch, pulling
the upper lids onto the lower lids for a blink, widening the mouth corners for a smile — and maps
the pixels piecewise-affinely over a triangulation of the points plus fixed anchors around the
face and on the frame border, so only the face deforms. Triangles are drawn far-to-near so the
nose hides the far cheek on a turn, as a real head would.

The photo is meshed by :class:`kiosk.imaging.mesh.FaceMesh`, the kiosk's one MediaPipe wrapper
(``kiosk.imaging`` is the one part of ``kiosk`` below ``hardware``).
"""

from __future__ import annotations

import math

import numpy as np

from hardware.base import DeviceError
from kiosk.imaging.mesh import N_LANDMARKS, FaceMesh

# Eye lids (outer -> inner corner) of the canonical MediaPipe mesh; first rings and creases.
UPPER_LID = ((246, 161, 160, 159, 158, 157, 173), (466, 388, 387, 386, 385, 384, 398))
LOWER_LID = ((7, 163, 144, 145, 153, 154, 155), (249, 390, 373, 374, 380, 381, 382))
LID_CREASE = ((247, 30, 29, 27, 28, 56, 190), (467, 260, 259, 257, 258, 286, 414))
EYE_CORNERS = ((33, 133), (263, 362))
IRIS = tuple(range(468, 478))
MOUTH_CORNERS = (61, 291)
# fmt: off
OUTLINE = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400,
           377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67,
           109)
# fmt: on
FACE_WIDTH_OF_FRAME = 0.30  # how much of the frame width the face spans in the rendered frames


def mesh_photo(image: np.ndarray) -> np.ndarray:
    """The (478, 3) landmarks of the one face in a BGR photo, pixel units (z scaled like x)."""
    with FaceMesh(max_faces=1, static=True) as mesh:
        faces = mesh.process(image, np.float64)
    if not faces:
        raise DeviceError("no face found in the virtual subject's photo")
    return faces[0]


def frame_photo(
    photo: np.ndarray, pts: np.ndarray, size: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Scale and place the photo so the face sits centred in a ``size`` frame, as a person in
    front of a kiosk camera would; returns the frame and the landmarks moved with it."""
    import cv2

    w, h = size
    face_w = float(np.ptp(pts[list(OUTLINE), 0]))
    scale = FACE_WIDTH_OF_FRAME * w / max(face_w, 1.0)
    cx, cy = pts[list(OUTLINE), 0].mean(), pts[list(OUTLINE), 1].mean()
    m = np.array([[scale, 0, w / 2 - scale * cx], [0, scale, h * 0.47 - scale * cy]])
    frame = cv2.warpAffine(photo, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    out = pts.copy()
    out[:, :2] = pts[:, :2] * scale + m[:, 2]
    out[:, 2] = pts[:, 2] * scale
    return frame, out


def delaunay(points: np.ndarray) -> np.ndarray:
    """The Delaunay triangles of 2-D points, as (n, 3) int32 indices: SciPy's where installed
    (the checkout), else OpenCV's Subdiv2D (the installed kiosk package carries no SciPy)."""
    try:
        from scipy.spatial import Delaunay
    except ImportError:
        return _delaunay_opencv(points)
    return Delaunay(points).simplices.astype(np.int32)


def _delaunay_opencv(points: np.ndarray) -> np.ndarray:
    import cv2

    x0, y0 = np.floor(points.min(axis=0)).astype(int) - 1
    x1, y1 = np.ceil(points.max(axis=0)).astype(int) + 1
    subdiv = cv2.Subdiv2D((int(x0), int(y0), int(x1 - x0 + 1), int(y1 - y0 + 1)))
    where: dict[tuple[float, float], int] = {}
    for i, (x, y) in enumerate(points.astype(np.float32)):
        subdiv.insert((float(x), float(y)))
        where.setdefault((float(x), float(y)), i)  # Subdiv2D keeps float32 coordinates
    triangles = [
        [where[(float(t[k]), float(t[k + 1]))] for k in (0, 2, 4)]
        for t in np.asarray(subdiv.getTriangleList(), np.float32)
        if all((float(t[k]), float(t[k + 1])) in where for k in (0, 2, 4))
    ]
    return np.array(triangles, np.int32).reshape(-1, 3)


class FaceRig:
    """A framed face photo and its mesh; :meth:`render` draws it in a given expression/pose."""

    def __init__(self, frame: np.ndarray, pts: np.ndarray) -> None:
        self.frame = frame
        self.base = pts.astype(np.float64)
        h, w = frame.shape[:2]
        outline = self.base[list(OUTLINE), :2]
        self.centre = outline.mean(axis=0)
        self.face_w = float(np.ptp(outline[:, 0]))
        # The head turns about a point behind the face, near the middle of the skull.
        self.pivot_z = float(self.base[:N_LANDMARKS, 2].mean()) + 0.35 * self.face_w
        # Fixed anchors: a ring around the head (hair and neck stretch, background does not
        # move) and the frame border.
        ring = []
        rx, ry = 0.95 * self.face_w, 1.15 * self.face_w
        for k in range(20):
            a = 2 * math.pi * k / 20
            ring.append((self.centre[0] + rx * math.cos(a), self.centre[1] + ry * math.sin(a)))
        border = [
            (x, y) for x in (0, w / 2, w - 1) for y in (0, h / 2, h - 1) if (x, y) != (w / 2, h / 2)
        ]
        self.anchors = np.clip(np.array(ring + border, np.float64), 0, [w - 1, h - 1])
        src2d = np.vstack([self.base[:, :2], self.anchors])
        self.tri = delaunay(src2d)
        self.src2d = src2d
        x0, y0 = np.floor(self.anchors[:20].min(axis=0)).astype(int)
        x1, y1 = np.ceil(self.anchors[:20].max(axis=0)).astype(int)
        self.roi = (max(x0, 0), max(y0, 0), min(x1 + 1, w), min(y1 + 1, h))
        rx0, ry0, rx1, ry1 = self.roi
        gy, gx = np.mgrid[ry0:ry1, rx0:rx1]
        self._gx, self._gy = gx.astype(np.float32), gy.astype(np.float32)
        mc = (self.base[MOUTH_CORNERS[0], :2] + self.base[MOUTH_CORNERS[1], :2]) / 2
        self.mouth_centre = mc
        self.mouth_hw = float(np.hypot(*(self.base[MOUTH_CORNERS[1], :2] - mc)))
        self._lid_colour = [self._skin_above(i) for i in range(2)]

    def _skin_above(self, eye: int) -> np.ndarray:
        """Mean colour of the skin between the lid crease and the brow: the closed lid's colour."""
        crease = self.base[list(LID_CREASE[eye]), :2]
        upper = self.base[list(UPPER_LID[eye]), :2]
        lift = (crease - upper).mean(axis=0)
        pts = (crease + 0.6 * lift).astype(int)
        h, w = self.frame.shape[:2]
        pts[:, 0] = np.clip(pts[:, 0], 0, w - 1)
        pts[:, 1] = np.clip(pts[:, 1], 0, h - 1)
        return self.frame[pts[:, 1], pts[:, 0]].astype(np.float32).mean(axis=0)

    # -- point motion --------------------------------------------------------------------------

    def posed_points(
        self,
        yaw: float = 0.0,
        pitch: float = 0.0,
        blink: float = 0.0,
        smile: float = 0.0,
        shift: tuple[float, float] = (0.0, 0.0),
    ) -> np.ndarray:
        """Landmarks (478, 3) after the expression and the head rotation (degrees)."""
        p = self.base.copy()
        if blink > 0:
            for eye in range(2):
                up, low = list(UPPER_LID[eye]), list(LOWER_LID[eye])
                move = (p[low, :2] - p[up, :2]) * blink
                p[up, :2] += move
                p[list(LID_CREASE[eye]), :2] += 0.45 * move
                corner = self.base[EYE_CORNERS[eye][0], :2]
                iris = [
                    i
                    for i in IRIS
                    if np.hypot(*(self.base[i, :2] - corner))
                    < 1.2 * np.hypot(*(self.base[EYE_CORNERS[eye][1], :2] - corner))
                ]
                low_y = p[low, 1].max()
                p[iris, 1] += (low_y - p[iris, 1]) * blink
        if smile > 0:
            d = p[:, :2] - self.mouth_centre
            hw = self.mouth_hw
            w = np.exp(-((d[:, 0] / (1.5 * hw)) ** 2) - (d[:, 1] / (1.0 * hw)) ** 2) / math.exp(
                -1 / 2.25
            )
            rel = np.clip(d[:, 0] / hw, -1.3, 1.3)
            p[:, 0] += smile * hw / 3 * rel * w
            p[:, 1] -= smile * hw * 0.12 * rel**2 * w
        if yaw or pitch:
            cx, cy = self.centre
            x, y, z = p[:, 0] - cx, p[:, 1] - cy, p[:, 2] - self.pivot_z
            a, b = math.radians(yaw), math.radians(pitch)
            # yaw > 0: the nose (small z) moves to image +x (the person turns to their left).
            x, z = x * math.cos(a) - z * math.sin(a), x * math.sin(a) + z * math.cos(a)
            # pitch > 0: head down, the nose moves down and the forehead comes nearer.
            y, z = y * math.cos(b) - z * math.sin(b), y * math.sin(b) + z * math.cos(b)
            p[:, 0], p[:, 1], p[:, 2] = x + cx, y + cy, z + self.pivot_z
        p[:, 0] += shift[0]
        p[:, 1] += shift[1]
        return p

    # -- pixels --------------------------------------------------------------------------------

    def render(
        self,
        yaw: float = 0.0,
        pitch: float = 0.0,
        blink: float = 0.0,
        smile: float = 0.0,
        shift: tuple[float, float] = (0.0, 0.0),
    ) -> np.ndarray:
        """A new BGR frame of the face in that pose (the photo itself is never modified)."""
        import cv2

        pts = self.posed_points(yaw, pitch, blink, smile, shift)
        dst2d = np.vstack([pts[:, :2], self.anchors])
        depth = np.concatenate([pts[:, 2], np.full(len(self.anchors), 1e6)])
        tri = self.tri
        # Far triangles first, so nearer ones (the nose on a turn) overwrite them.
        order = np.argsort(-depth[tri].mean(axis=1), kind="stable")
        rx0, ry0, rx1, ry1 = self.roi
        label = np.full((ry1 - ry0, rx1 - rx0), len(tri), np.int32)
        off = np.array([rx0, ry0], np.float64)
        polys = np.round((dst2d - off) * 16).astype(np.int32)[tri][order]
        fill = cv2.fillConvexPoly
        for poly, t in zip(polys, order.tolist(), strict=True):
            fill(label, poly, t, cv2.LINE_8, 4)
        # Per-triangle affine maps from output to photo coordinates, solved in closed form for
        # all triangles at once; index len(tri) is the identity (pixels outside every triangle).
        coef = self._inverse_affines(dst2d[tri], self.src2d[tri])
        c = coef[label]  # (H, W, 6) float32
        gx, gy = self._gx, self._gy
        map_x = c[..., 0] * gx + c[..., 1] * gy + c[..., 2]
        map_y = c[..., 3] * gx + c[..., 4] * gy + c[..., 5]
        out = self.frame.copy()
        out[ry0:ry1, rx0:rx1] = cv2.remap(
            self.frame, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
        )
        if blink > 0.3:
            self._paint_lids(out, pts, blink)
        return out

    @staticmethod
    def _inverse_affines(dst: np.ndarray, src: np.ndarray) -> np.ndarray:
        """(T+1, 6) float32 rows (a, b, c, d, e, f): src = (a x + b y + c, d x + e y + f) for
        output (x, y) in each triangle; degenerate triangles and the extra row are identity."""
        x0, y0 = dst[:, 0, 0], dst[:, 0, 1]
        x1, y1 = dst[:, 1, 0] - x0, dst[:, 1, 1] - y0
        x2, y2 = dst[:, 2, 0] - x0, dst[:, 2, 1] - y0
        det = x1 * y2 - x2 * y1
        ok = np.abs(det) > 1e-6
        det = np.where(ok, det, 1.0)
        out = np.zeros((len(dst) + 1, 6), np.float64)
        for k in range(2):  # k=0: src x, k=1: src y
            s0 = src[:, 0, k]
            u1, u2 = src[:, 1, k] - s0, src[:, 2, k] - s0
            a = (u1 * y2 - u2 * y1) / det
            b = (u2 * x1 - u1 * x2) / det
            out[:-1, 3 * k] = np.where(ok, a, float(k == 0))
            out[:-1, 3 * k + 1] = np.where(ok, b, float(k == 1))
            out[:-1, 3 * k + 2] = np.where(ok, s0 - a * x0 - b * y0, 0.0)
        out[-1] = (1, 0, 0, 0, 1, 0)
        return out.astype(np.float32)

    def _paint_lids(self, out: np.ndarray, pts: np.ndarray, blink: float) -> None:
        """Cover what is left of the eye opening with lid-coloured skin, fading in with the
        blink: the stretched lid alone leaves lashes and a dark slit MediaPipe still reads."""
        import cv2

        for eye in range(2):
            outer, inner = EYE_CORNERS[eye]
            ring = [outer, *UPPER_LID[eye], inner, *reversed(LOWER_LID[eye])]
            poly = pts[ring, :2].copy()
            centre = poly.mean(axis=0)
            poly = centre + (poly - centre) * np.array([1.05, 1.0]) + np.array([0, -1.0])
            lo = np.floor(poly.min(axis=0)).astype(int) - 3
            hi = np.ceil(poly.max(axis=0)).astype(int) + 4
            lo = np.maximum(lo, 0)
            hi = np.minimum(hi, [out.shape[1], out.shape[0]])
            if (hi <= lo).any():
                continue
            mask = np.zeros((hi[1] - lo[1], hi[0] - lo[0]), np.uint8)
            cv2.fillPoly(
                mask, [np.round((poly - lo) * 16).astype(np.int32)], (255,), cv2.LINE_AA, shift=4
            )
            soft = cv2.GaussianBlur(mask, (5, 5), 1.2).astype(np.float32)[..., None] / 255.0
            alpha = soft * min(1.0, (blink - 0.3) / 0.5)
            region = out[lo[1] : hi[1], lo[0] : hi[0]].astype(np.float32)
            region = region * (1 - alpha) + self._lid_colour[eye] * alpha
            out[lo[1] : hi[1], lo[0] : hi[0]] = region.astype(np.uint8)
