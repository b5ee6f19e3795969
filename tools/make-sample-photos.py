#!/usr/bin/env python3
"""Draw the photos of etalase's sample catalog (content/).

Every picture is an illustration made here from shapes and noise: no real
person's photo, nothing downloaded. The output is deterministic (each photo's
random numbers are seeded from its path), so running the script again rewrites
the same files.

    pip install pillow
    python3 tools/make-sample-photos.py            # writes into content/
    python3 tools/make-sample-photos.py --content some/other/catalog

The photos imitate what volunteers upload from phones: phone-style file names,
landscape and portrait JPEGs with film-like grain (so they compress like real
photos, 60-150 KB each), one PNG, and one portrait photo stored sideways with an
EXIF Orientation tag of 6, which etalase must turn upright. No GPS is written.
The paths below must match the photos the YAML files in content/ name.
"""
import argparse
import math
import os
import random
import sys
import zlib

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SS = 2  # draw at twice the size, then downscale: smooth edges without per-shape antialiasing
LAND = (1200, 900)
PORT = (900, 1200)

# --------------------------------------------------------------------------- colours


def mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def lighter(c, t=0.3):
    return mix(c, (255, 255, 255), t)


def darker(c, t=0.3):
    return mix(c, (0, 0, 0), t)


def jitter(rng, c, amount=18):
    return tuple(max(0, min(255, v + rng.randint(-amount, amount))) for v in c)


def tone(rng, c, amount=14):
    """The same colour a little lighter or darker, as food pieces vary."""
    k = rng.randint(-amount, amount)
    return tuple(max(0, min(255, v + k + rng.randint(-2, 2))) for v in c)


def rgba(c, a):
    return (c[0], c[1], c[2], a)


# --------------------------------------------------------------------------- fonts


def font(px):
    """Pillow's bundled font, so the text looks the same on every machine."""
    try:
        return ImageFont.load_default(size=px)  # Pillow >= 10.1 with FreeType
    except (TypeError, OSError, ImportError):
        for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
            if os.path.exists(path):
                return ImageFont.truetype(path, px)
        return ImageFont.load_default()


def text_size(d, text, f):
    x0, y0, x1, y1 = d.textbbox((0, 0), text, font=f)
    return x1 - x0, y1 - y0


def fit_font(d, text, max_w, px):
    while px > 10:
        f = font(px)
        if text_size(d, text, f)[0] <= max_w:
            return f
        px = int(px * 0.9)
    return font(px)


def wrap(d, text, f, max_w):
    lines, line = [], ""
    for word in text.split():
        cand = (line + " " + word).strip()
        if line and text_size(d, cand, f)[0] > max_w:
            lines.append(line)
            line = word
        else:
            line = cand
    return lines + ([line] if line else [])


def centered_text(d, cx, cy, text, max_w, px, fill, max_lines=3):
    """Wrap text to max_w and centre the block on (cx, cy)."""
    f = font(px)
    lines = wrap(d, text, f, max_w)
    while (len(lines) > max_lines or any(text_size(d, l, f)[0] > max_w for l in lines)) and px > 10:
        px = int(px * 0.9)
        f = font(px)
        lines = wrap(d, text, f, max_w)
    lh = int(px * 1.2)
    y = cy - lh * len(lines) / 2
    for l in lines:
        w, _ = text_size(d, l, f)
        d.text((cx - w / 2, y), l, font=f, fill=fill)
        y += lh


# --------------------------------------------------------------------------- geometry


def ellipse_pts(cx, cy, rx, ry, ang=0.0, n=36, rough=0.0, rng=None):
    pts = []
    ca, sa = math.cos(ang), math.sin(ang)
    for i in range(n):
        t = 2 * math.pi * i / n
        k = 1 + (rng.uniform(-rough, rough) if rough else 0)
        x, y = rx * k * math.cos(t), ry * k * math.sin(t)
        pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def rotate_pts(pts, cx, cy, ang):
    ca, sa = math.cos(ang), math.sin(ang)
    return [(cx + (x - cx) * ca - (y - cy) * sa, cy + (x - cx) * sa + (y - cy) * ca) for x, y in pts]


def leaf_pts(cx, cy, length, width, ang, kind="ovate", n=40):
    """A leaf outline around its midrib, the stalk end at (cx, cy)."""
    pts = []
    if kind == "palmate":  # jarak / castor: lobes around the centre
        lobes = 7
        for i in range(n * 2):
            t = 2 * math.pi * i / (n * 2)
            r = length * 0.5 * (0.45 + 0.55 * abs(math.cos(lobes * t / 2)) ** 1.5)
            pts.append((cx + r * math.cos(t), cy + r * math.sin(t)))
        return rotate_pts(pts, cx, cy, ang)
    p = 0.8 if kind == "ovate" else (0.5 if kind == "round" else 1.3)
    top, bottom = [], []
    for i in range(n + 1):
        t = i / n
        hw = width / 2 * math.sin(math.pi * t ** (0.8 if kind == "round" else 1.0)) ** p
        top.append((cx + t * length, cy - hw))
        bottom.append((cx + t * length, cy + hw))
    pts = top + bottom[::-1]
    return rotate_pts(pts, cx, cy, ang)


# --------------------------------------------------------------------------- canvas


class Pic:
    """A picture being drawn, at SS times its final size."""

    def __init__(self, size, seed):
        self.w, self.h = size
        self.W, self.H = size[0] * SS, size[1] * SS
        self.rng = random.Random(seed)
        self.img = Image.new("RGBA", (self.W, self.H), (0, 0, 0, 255))

    def X(self, f):
        return int(f * self.W)

    def Y(self, f):
        return int(f * self.H)

    def layer(self):
        return Image.new("RGBA", (self.W, self.H), (0, 0, 0, 0))

    def put(self, layer):
        self.img.alpha_composite(layer)

    def mask(self):
        return Image.new("L", (self.W, self.H), 0)

    def fill(self, pattern, mask):
        """Paint pattern (full size) where mask is set."""
        self.img.paste(pattern, (0, 0), mask)

    def shadow(self, box, strength=110, blur=None):
        m = self.mask()
        ImageDraw.Draw(m).ellipse(box, fill=strength)
        m = m.filter(ImageFilter.GaussianBlur(blur or self.W / 90))
        self.img.paste((20, 15, 10, 255), (0, 0), m)

    def finish(self, grain=4.0, mottle=10):
        """Downscale, then add light falloff and film grain like a phone photo."""
        img = self.img.convert("RGB").resize((self.w, self.h), Image.LANCZOS)
        rng = self.rng
        if mottle:
            small = Image.new("L", (8, 6))
            small.putdata([128 + rng.randint(-mottle, mottle) for _ in range(48)])
            light = small.resize((self.w, self.h), Image.BICUBIC)
            vign = Image.radial_gradient("L").resize((self.w, self.h))
            light = ImageChops.subtract(light, vign.point(lambda v: max(0, v - 140) // 4))
            img = ImageChops.add(img, Image.merge("RGB", (light,) * 3), offset=-128)
        if grain:
            # uniform noise has a standard deviation of 74 levels: scale it to `grain`
            noise = Image.frombytes("L", (self.w, self.h), rng.randbytes(self.w * self.h))
            noise = noise.point(lambda v: 128 + round((v - 128) * grain / 74))
            img = ImageChops.add(img, Image.merge("RGB", (noise,) * 3), offset=-128)
        return img


# --------------------------------------------------------------------------- patterns


def vgrad(size, top, bottom):
    g = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), g)


def hshade(size, base, edge=0.25):
    """Horizontal shading: darker at both sides, like a curved surface."""
    w, h = size
    row = [int(255 * (math.sin(math.pi * (x + 0.5) / w) ** 0.6)) for x in range(w)]
    g = Image.new("L", (w, 1))
    g.putdata(row)
    g = g.resize((w, h))
    return Image.composite(Image.new("RGB", size, lighter(base, 0.12)), Image.new("RGB", size, darker(base, edge)), g)


def blotches(rng, size, base, amount=22, cells=(14, 10)):
    """Base colour with soft uneven patches, like cloth dyed by hand."""
    n = cells[0] * cells[1]
    light = [rng.randint(-amount, amount) for _ in range(n)]
    chans = []
    for i in range(3):
        small = Image.new("L", cells)
        small.putdata([max(0, min(255, base[i] + light[k] + rng.randint(-amount // 5, amount // 5))) for k in range(n)])
        chans.append(small.resize(size, Image.BICUBIC))
    return Image.merge("RGB", chans)


def ecoprint(rng, size, base, inks, density=1.0, blur=3, flat=False):
    w, h = size
    img = Image.new("RGB", size, base) if flat else blotches(rng, size, base)
    lay = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(lay)
    n = int(density * w * h / (w * h / 26))
    for _ in range(n):
        kind = rng.choice(["ovate", "ovate", "round", "palmate", "lance"])
        L = rng.uniform(0.16, 0.32) * min(w, h) * (1.3 if kind == "round" else 1)
        W = L * {"ovate": 0.55, "round": 0.8, "palmate": 1, "lance": 0.28}[kind]
        x, y = rng.uniform(-0.1, 1.0) * w, rng.uniform(-0.1, 1.0) * h
        ang = rng.uniform(0, 2 * math.pi)
        ink = jitter(rng, rng.choice(inks), 14)
        a = rng.randint(150, 225)
        d.polygon(leaf_pts(x, y, L, W, ang, kind), fill=rgba(ink, a))
        vein = rgba(lighter(ink, 0.35), a)
        lw = max(1, int(L / 90))
        if kind == "palmate":
            for k in range(7):
                t = ang + 2 * math.pi * k / 7
                d.line([(x, y), (x + L * 0.42 * math.cos(t), y + L * 0.42 * math.sin(t))], fill=vein, width=lw)
        else:
            ex, ey = x + L * math.cos(ang), y + L * math.sin(ang)
            d.line([(x - L * 0.08 * math.cos(ang), y - L * 0.08 * math.sin(ang)), (ex, ey)], fill=vein, width=lw + 1)
            for k in range(1, 7):
                t = k / 7.5
                px, py = x + t * L * math.cos(ang), y + t * L * math.sin(ang)
                for side in (-1, 1):
                    va = ang + side * 0.9
                    vl = W * 0.42 * math.sin(math.pi * t)
                    d.line([(px, py), (px + vl * math.cos(va), py + vl * math.sin(va))], fill=vein, width=lw)
    if blur:
        lay = lay.filter(ImageFilter.GaussianBlur(blur))
    img.paste(lay, (0, 0), lay)
    return img


def weave(rng, size, cell, c1, c2, angle=45, stripes=None):
    """Pandan plaiting: strips going over and under, seen from above."""
    w, h = size
    side = int(math.hypot(w, h)) + cell * 2
    img = Image.new("RGB", (side, side), darker(c1, 0.4))
    d = ImageDraw.Draw(img)
    n = side // cell + 1
    for i in range(n):
        for j in range(n):
            over = (i + j) % 2 == 0
            col = c1 if over else c2
            if stripes:
                for period, start, width, sc in stripes:
                    if (j if over else i) % period in range(start, start + width):
                        col = sc
            col = jitter(rng, col, 10)
            x0, y0 = i * cell, j * cell
            g = max(1, cell // 14)
            if over:  # horizontal strip on top
                d.rectangle([x0, y0 + g, x0 + cell, y0 + cell - g], fill=col)
                d.line([x0, y0 + g * 2, x0 + cell, y0 + g * 2], fill=lighter(col, 0.25), width=g)
                d.line([x0, y0 + cell - g * 2, x0 + cell, y0 + cell - g * 2], fill=darker(col, 0.2), width=g)
            else:  # vertical strip on top
                d.rectangle([x0 + g, y0, x0 + cell - g, y0 + cell], fill=col)
                d.line([x0 + g * 2, y0, x0 + g * 2, y0 + cell], fill=lighter(col, 0.25), width=g)
                d.line([x0 + cell - g * 2, y0, x0 + cell - g * 2, y0 + cell], fill=darker(col, 0.2), width=g)
    img = img.rotate(angle, resample=Image.BICUBIC)
    l, t = (side - w) // 2, (side - h) // 2
    return img.crop((l, t, l + w, t + h))


def knit(rng, size, stitch, color):
    """Rows of V stitches, like stockinette knitting."""
    w, h = size
    img = Image.new("RGB", size, darker(color, 0.45))
    d = ImageDraw.Draw(img)
    sw, sh = stitch, int(stitch * 0.9)
    for row in range(-1, h // sh + 2):
        for col in range(-1, w // sw + 2):
            x, y = col * sw, row * sh
            c = jitter(rng, color, 8)
            for side in (-1, 1):
                cx = x + sw / 2 + side * sw * 0.22
                pts = ellipse_pts(cx, y + sh * 0.55, sw * 0.24, sh * 0.62, ang=-side * 0.45, n=18)
                d.polygon(pts, fill=c)
                d.line(pts[2:8], fill=lighter(c, 0.22), width=max(1, sw // 14))
    return img


def kawung(size, base, ink, cell):
    img = Image.new("RGB", size, base)
    d = ImageDraw.Draw(img)
    w, h = size
    for y in range(0, h + cell, cell):
        for x in range(0, w + cell, cell):
            r = cell * 0.42
            for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
                cx, cy = x + dx * r * 0.55, y + dy * r * 0.55
                rx, ry = (r * 0.28, r * 0.5) if dx == 0 else (r * 0.5, r * 0.28)
                d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=ink)
            d.ellipse([x - r * 0.1, y - r * 0.1, x + r * 0.1, y + r * 0.1], fill=lighter(ink, 0.5))
    return img


def wood(rng, size, base):
    w, h = size
    img = blotches(rng, size, base, 14, (10, 6))
    d = ImageDraw.Draw(img)
    y = 0
    while y < h:
        y += rng.randint(max(2, h // 60), max(3, h // 18))
        c = jitter(rng, darker(base, rng.uniform(0.05, 0.22)), 6)
        amp, per, ph = rng.uniform(1, h / 60), rng.uniform(w / 4, w), rng.uniform(0, 6.3)
        pts = [(x, y + amp * math.sin(x / per * 6.28 + ph)) for x in range(0, w + 40, 40)]
        d.line(pts, fill=c, width=rng.randint(1, 3) * SS)
    return img


# --------------------------------------------------------------------------- food pieces


PIECES = {
    "sagon": (236, 216, 172), "pare": (150, 150, 60), "stick": (214, 160, 70),
    "abon": (176, 112, 48), "rengginang": (236, 224, 196), "tiwul": (120, 82, 56),
    "nastar": (222, 160, 60), "kastengel": (232, 178, 70), "putri": (250, 248, 240),
    "manggleng": (236, 206, 130), "bean": (92, 58, 38), "ginger": (214, 180, 130),
    "kunyit": (200, 120, 40), "carica": (250, 190, 40), "tiwulmanis": (150, 90, 50),
}


def piece(d, kind, x, y, s, rng):
    base = tone(rng, PIECES[kind], 16)
    ang = rng.uniform(0, math.pi)
    if kind in ("sagon", "manggleng", "rengginang"):
        rx = s * (1.1 if kind != "sagon" else 0.8)
        pts = ellipse_pts(x, y, rx, rx * rng.uniform(0.6, 0.9), ang, 20, 0.12, rng)
        d.polygon(pts, fill=darker(base, 0.15))
        d.polygon(ellipse_pts(x, y - s * 0.05, rx * 0.85, rx * 0.6, ang, 20, 0.1, rng), fill=base)
        for _ in range(int(s / 3) if kind == "rengginang" else 6):
            px, py = x + rng.uniform(-0.7, 0.7) * rx, y + rng.uniform(-0.4, 0.4) * rx
            r = s * rng.uniform(0.04, 0.1)
            col = lighter(base, 0.3) if kind == "rengginang" else darker(base, 0.2)
            d.ellipse([px - r, py - r, px + r, py + r], fill=col)
    elif kind == "pare":
        rx = s * 1.1
        d.polygon(ellipse_pts(x, y, rx, rx * 0.8, ang, 16, 0.18, rng), fill=darker(base, 0.2))
        d.polygon(ellipse_pts(x, y, rx * 0.62, rx * 0.48, ang, 14, 0.15, rng), fill=(206, 180, 96))
        for _ in range(2):
            px, py = x + rng.uniform(-0.2, 0.2) * rx, y + rng.uniform(-0.15, 0.15) * rx
            d.ellipse([px - s * 0.12, py - s * 0.08, px + s * 0.12, py + s * 0.08], fill=(120, 90, 40))
    elif kind == "stick":
        L = s * rng.uniform(2.4, 3.4)
        dx, dy = math.cos(ang) * L / 2, math.sin(ang) * L / 2
        wd = max(2, int(s * 0.38))
        d.line([(x - dx, y - dy), (x + dx, y + dy)], fill=darker(base, 0.15), width=wd)
        d.line([(x - dx * 0.9, y - dy * 0.9 - wd * 0.15), (x + dx * 0.9, y + dy * 0.9 - wd * 0.15)],
               fill=lighter(base, 0.18), width=max(1, wd // 3))
    elif kind == "abon":
        for _ in range(7):
            px, py = x + rng.uniform(-s, s), y + rng.uniform(-s, s) * 0.7
            a = rng.uniform(0, math.pi)
            l = s * rng.uniform(0.3, 0.7)
            d.line([(px, py), (px + l * math.cos(a), py + l * math.sin(a))],
                   fill=jitter(rng, base, 30), width=max(2, int(s * 0.16)))
    elif kind in ("tiwul", "tiwulmanis"):
        for _ in range(5):
            px, py = x + rng.uniform(-s, s) * 0.6, y + rng.uniform(-s, s) * 0.4
            r = s * rng.uniform(0.12, 0.26)
            d.ellipse([px - r, py - r, px + r, py + r], fill=jitter(rng, base, 25))
    elif kind == "nastar":
        r = s
        d.ellipse([x - r, y - r * 0.9, x + r, y + r * 0.9], fill=darker(base, 0.2))
        d.ellipse([x - r * 0.8, y - r * 0.85, x + r * 0.7, y + r * 0.5], fill=base)
        d.ellipse([x - r * 0.45, y - r * 0.65, x - r * 0.05, y - r * 0.3], fill=lighter(base, 0.35))
        d.line([(x, y - r * 0.9), (x + r * 0.1, y - r * 1.2)], fill=(60, 35, 20), width=max(2, int(r * 0.15)))
    elif kind == "kastengel":
        pts = rotate_pts([(x - s * 1.3, y - s * 0.4), (x + s * 1.3, y - s * 0.4),
                          (x + s * 1.3, y + s * 0.4), (x - s * 1.3, y + s * 0.4)], x, y, ang * 0.3)
        d.polygon(pts, fill=darker(base, 0.12))
        d.polygon(rotate_pts([(x - s * 1.2, y - s * 0.35), (x + s * 1.2, y - s * 0.35),
                              (x + s * 1.2, y + s * 0.2), (x - s * 1.2, y + s * 0.2)], x, y, ang * 0.3), fill=base)
        for _ in range(6):
            px, py = x + rng.uniform(-1.1, 1.1) * s, y + rng.uniform(-0.3, 0.1) * s
            d.ellipse([px - s * 0.08, py - s * 0.08, px + s * 0.08, py + s * 0.08], fill=(250, 220, 120))
    elif kind == "putri":
        d.polygon(ellipse_pts(x, y, s * 1.1, s * 0.55, ang * 0.4, 20), fill=(236, 232, 220))
        d.polygon(ellipse_pts(x, y - s * 0.08, s * 0.95, s * 0.42, ang * 0.4, 20), fill=base)
    elif kind == "bean":
        pts = ellipse_pts(x, y, s * 0.75, s * 0.52, ang, 20)
        d.polygon(pts, fill=base)
        d.polygon(ellipse_pts(x - s * 0.1, y - s * 0.1, s * 0.5, s * 0.3, ang, 16), fill=lighter(base, 0.12))
        dx, dy = math.cos(ang) * s * 0.6, math.sin(ang) * s * 0.6
        d.line([(x - dx, y - dy), (x + dx * 0.2 + dy * 0.1, y + dy * 0.2 - dx * 0.1), (x + dx, y + dy)],
               fill=darker(base, 0.5), width=max(2, int(s * 0.1)))
    elif kind in ("ginger", "kunyit"):
        for k in range(rng.randint(3, 4)):
            px, py = x + (k - 1.5) * s * 0.7 + rng.uniform(-0.2, 0.2) * s, y + rng.uniform(-0.4, 0.4) * s
            d.polygon(ellipse_pts(px, py, s * 0.5, s * 0.32, ang + k * 0.6, 16, 0.08, rng), fill=jitter(rng, base, 10))
            d.arc([px - s * 0.3, py - s * 0.2, px + s * 0.3, py + s * 0.2], 200, 340, fill=darker(base, 0.3), width=2)
        if kind == "kunyit":
            d.ellipse([x + s * 1.2, y - s * 0.3, x + s * 1.7, y + s * 0.2], fill=(250, 150, 20))
    elif kind == "carica":
        d.polygon(ellipse_pts(x, y, s, s * 0.6, ang, 10, 0.2, rng), fill=base)
        d.polygon(ellipse_pts(x - s * 0.2, y - s * 0.15, s * 0.45, s * 0.2, ang, 10), fill=lighter(base, 0.35))


def pile(pic, kind, box, s, density=1.0, mound=False, kinds=None):
    """Fill an elliptical area with pieces, back to front."""
    x0, y0, x1, y1 = box
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    rng = pic.rng
    n = int(density * math.pi * rx * ry / (s * s * 1.6))
    pos = []
    for _ in range(n):
        a, r = rng.uniform(0, 2 * math.pi), math.sqrt(rng.random())
        pos.append((cx + r * rx * math.cos(a), cy + r * ry * math.sin(a) - (ry * 0.5 * (1 - r) if mound else 0)))
    pos.sort(key=lambda p: p[1])
    lay = pic.layer()
    d = ImageDraw.Draw(lay)
    for x, y in pos:
        piece(d, rng.choice(kinds) if kinds else kind, x, y, s * rng.uniform(0.85, 1.15), rng)
    pic.put(lay)


def fill_pieces(pic, kinds, box, s, mask):
    """Pieces packed into a container, clipped to its mask."""
    x0, y0, x1, y1 = box
    rng = pic.rng
    lay = pic.layer()
    d = ImageDraw.Draw(lay)
    d.rectangle(box, fill=rgba(darker(PIECES[kinds[0]], 0.35), 255))
    y = y0 - s
    while y < y1 + s:
        x = x0 - s + rng.uniform(0, s)
        while x < x1 + s:
            piece(d, rng.choice(kinds), x, y + rng.uniform(-s, s) * 0.4, s * rng.uniform(0.8, 1.15), rng)
            x += s * rng.uniform(1.1, 1.6)
        y += s * 0.8
    pic.img.paste(lay, (0, 0), ImageChops.multiply(mask, lay.getchannel("A")))


# --------------------------------------------------------------------------- scenes: backdrop


def studio(pic, wall, table, horizon=0.6, surface="wood"):
    W, H = pic.W, pic.H
    hy = pic.Y(horizon)
    pic.img.paste(vgrad((W, hy), lighter(wall, 0.25), wall), (0, 0))
    if surface == "wood":
        top = wood(pic.rng, (W, H - hy), table)
    elif surface == "cloth":
        top = kawung((W, H - hy), table, darker(table, 0.25), pic.X(0.09))
    elif surface == "mat":
        top = weave(pic.rng, (W, H - hy), pic.X(0.035), table, darker(table, 0.12), angle=0)
    else:
        top = blotches(pic.rng, (W, H - hy), table, 10)
    # the far edge of the table is in shade
    shade = vgrad((W, H - hy), (0, 0, 0), (255, 255, 255)).convert("L").point(lambda v: 150 + v * 105 // 255)
    top = ImageChops.multiply(top, Image.merge("RGB", (shade,) * 3))
    pic.img.paste(top, (0, hy))
    d = ImageDraw.Draw(pic.img)
    d.line([(0, hy), (W, hy)], fill=darker(table, 0.45), width=SS * 2)


def tampah(pic, cx, cy, rx, ry):
    """A round bamboo winnowing tray."""
    pic.shadow([cx - rx * 1.02, cy - ry * 0.9, cx + rx * 1.06, cy + ry * 1.12])
    m = pic.mask()
    ImageDraw.Draw(m).ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=255)
    pic.fill(weave(pic.rng, (pic.W, pic.H), pic.X(0.012), (214, 186, 130), (190, 160, 104), angle=30), m)
    d = ImageDraw.Draw(pic.img)
    d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=(140, 104, 60), width=pic.X(0.012))


def plate(pic, cx, cy, rx, ry, color=(246, 244, 238)):
    pic.shadow([cx - rx * 1.0, cy - ry * 0.8, cx + rx * 1.05, cy + ry * 1.15])
    d = ImageDraw.Draw(pic.img)
    d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=darker(color, 0.08))
    d.ellipse([cx - rx * 0.96, cy - ry * 0.94, cx + rx * 0.96, cy + ry * 0.94], fill=color)
    d.ellipse([cx - rx * 0.72, cy - ry * 0.66, cx + rx * 0.72, cy + ry * 0.7], fill=darker(color, 0.04))


def tag(pic, title, sub="gambar contoh", corner="tl"):
    """The product name on a paper card, so each photo says what it shows."""
    lay = pic.layer()
    d = ImageDraw.Draw(lay)
    px = pic.H // 15 if pic.H < pic.W else pic.W // 15
    f = fit_font(d, title, pic.W * 0.6, px)
    fs = font(int(px * 0.45))
    tw, th = text_size(d, title, f)
    sw, sh = text_size(d, sub, fs)
    pad = px * 0.45
    bw, bh = max(tw, sw) + pad * 2, th + sh + pad * 2.6
    x = pic.W * 0.04 if corner[1] == "l" else pic.W * 0.96 - bw
    y = pic.H * 0.04 if corner[0] == "t" else pic.H * 0.96 - bh
    d.rounded_rectangle([x + SS * 4, y + SS * 6, x + bw + SS * 4, y + bh + SS * 6], radius=px * 0.3, fill=(0, 0, 0, 60))
    d.rounded_rectangle([x, y, x + bw, y + bh], radius=px * 0.3, fill=(255, 252, 244, 232))
    d.text((x + pad, y + pad * 0.8), title, font=f, fill=(60, 40, 30))
    d.text((x + pad, y + pad * 1.2 + th + sh * 0.4), sub, font=fs, fill=(140, 110, 90))
    pic.put(lay)


# --------------------------------------------------------------------------- scenes: objects


def jar(pic, cx, base, w, h, kinds, lid=(190, 40, 40), text="", s=None):
    x0, x1, top = cx - w / 2, cx + w / 2, base - h
    body_top = top + h * 0.16
    pic.shadow([x0 - w * 0.05, base - h * 0.08, x1 + w * 0.25, base + h * 0.08])
    m = pic.mask()
    ImageDraw.Draw(m).rounded_rectangle([x0, body_top, x1, base], radius=w * 0.12, fill=255)
    fill_pieces(pic, kinds, (x0, body_top + h * 0.06, x1, base), s or w / 9, m)
    glass = pic.layer()
    d = ImageDraw.Draw(glass)
    d.rounded_rectangle([x0, body_top, x1, base], radius=w * 0.12, fill=(210, 230, 235, 40),
                        outline=(255, 255, 255, 150), width=max(2, int(w / 60)))
    d.rounded_rectangle([x0 + w * 0.08, body_top + h * 0.05, x0 + w * 0.16, base - h * 0.08], radius=w * 0.04,
                        fill=(255, 255, 255, 90))
    d.rounded_rectangle([x1 - w * 0.1, body_top + h * 0.05, x1 - w * 0.04, base - h * 0.06], radius=w * 0.03,
                        fill=(0, 0, 0, 30))
    d.rectangle([x0 + w * 0.06, body_top - h * 0.02, x1 - w * 0.06, body_top + h * 0.02], fill=(230, 240, 240, 120))
    pic.put(glass)
    d = ImageDraw.Draw(pic.img)
    d.rounded_rectangle([x0 + w * 0.03, top, x1 - w * 0.03, body_top], radius=w * 0.04, fill=lid)
    for k in range(1, 16):
        lx = x0 + w * 0.03 + k * (w * 0.94) / 16
        d.line([(lx, top + h * 0.02), (lx, body_top - h * 0.02)], fill=darker(lid, 0.2), width=max(1, int(w / 120)))
    d.rectangle([x0 + w * 0.05, top + h * 0.01, x1 - w * 0.05, top + h * 0.035], fill=lighter(lid, 0.3))
    if text:
        ly0, ly1 = base - h * 0.58, base - h * 0.22
        d.rounded_rectangle([x0 + w * 0.14, ly0, x1 - w * 0.14, ly1], radius=w * 0.05, fill=(252, 248, 236),
                            outline=lid, width=max(2, int(w / 80)))
        centered_text(d, cx, (ly0 + ly1) / 2, text, w * 0.62, int(h * 0.075), darker(lid, 0.3))


def pouch(pic, cx, base, w, h, color, kinds=None, text="", sub="", kraft=False, window="oval", s=None):
    x0, x1, top = cx - w / 2, cx + w / 2, base - h
    pic.shadow([x0 - w * 0.02, base - h * 0.06, x1 + w * 0.3, base + h * 0.06])
    poly = [(x0 + w * 0.04, top + h * 0.02), (x1 - w * 0.04, top + h * 0.02), (x1, base - h * 0.08),
            (x1 - w * 0.06, base), (x0 + w * 0.06, base), (x0, base - h * 0.08)]
    m = pic.mask()
    ImageDraw.Draw(m).polygon(poly, fill=255)
    body = hshade((pic.W, pic.H), color, 0.3)
    if kraft:
        body = ImageChops.multiply(body, blotches(pic.rng, (pic.W, pic.H), (235, 235, 235), 18, (40, 30)))
    pic.fill(body, m)
    d = ImageDraw.Draw(pic.img)
    # seal with a serrated top edge, and the zip
    teeth = [(x0 + w * 0.04 + k * w * 0.92 / 40, top + (0 if k % 2 else h * 0.015)) for k in range(41)]
    d.polygon(teeth + [(x1 - w * 0.04, top + h * 0.07), (x0 + w * 0.04, top + h * 0.07)], fill=darker(color, 0.12))
    d.line([(x0 + w * 0.03, top + h * 0.12), (x1 - w * 0.03, top + h * 0.12)], fill=darker(color, 0.3), width=max(2, int(h / 120)))
    d.line([(x0 + w * 0.06, base - h * 0.09), (cx, base - h * 0.05), (x1 - w * 0.06, base - h * 0.09)],
           fill=darker(color, 0.25), width=max(2, int(h / 200)))
    if kinds:
        wx0, wy0, wx1, wy1 = cx - w * 0.3, base - h * 0.52, cx + w * 0.3, base - h * 0.14
        wm = pic.mask()
        if window == "oval":
            ImageDraw.Draw(wm).ellipse([wx0, wy0, wx1, wy1], fill=255)
        else:
            ImageDraw.Draw(wm).rounded_rectangle([wx0, wy0, wx1, wy1], radius=w * 0.06, fill=255)
        fill_pieces(pic, kinds, (wx0, wy0, wx1, wy1), s or w / 12, wm)
        gl = pic.layer()
        ImageDraw.Draw(gl).ellipse([wx0 + w * 0.05, wy0 + h * 0.03, wx0 + w * 0.22, wy0 + h * 0.12], fill=(255, 255, 255, 90))
        pic.put(gl)
        d = ImageDraw.Draw(pic.img)
        if window == "oval":
            d.ellipse([wx0, wy0, wx1, wy1], outline=lighter(color, 0.5), width=max(2, int(w / 90)))
        else:
            d.rounded_rectangle([wx0, wy0, wx1, wy1], radius=w * 0.06, outline=lighter(color, 0.5), width=max(2, int(w / 90)))
    ink = (250, 246, 236) if sum(color) < 400 else (70, 40, 30)
    if kraft:
        d.rounded_rectangle([cx - w * 0.36, top + h * 0.18, cx + w * 0.36, top + h * 0.46], radius=w * 0.04, fill=(250, 244, 228))
        ink = (70, 40, 30)
    centered_text(d, cx, top + h * 0.29, text, w * 0.62, int(h * 0.08), ink, max_lines=2)
    if sub:
        f = font(int(h * 0.035))
        tw, _ = text_size(d, sub, f)
        d.text((cx - tw / 2, top + h * 0.4), sub, font=f, fill=ink)
    hl = pic.layer()
    ImageDraw.Draw(hl).polygon([(x0 + w * 0.12, top + h * 0.1), (x0 + w * 0.2, top + h * 0.1),
                                (x0 + w * 0.14, base - h * 0.1), (x0 + w * 0.08, base - h * 0.1)], fill=(255, 255, 255, 45))
    pic.put(hl)


def bottle(pic, cx, base, w, h, liquid, cap=(40, 90, 50), text="", level=0.78, label=(250, 246, 232)):
    x0, x1, top = cx - w / 2, cx + w / 2, base - h
    sh_y, neck_y, cap_y = base - h * 0.62, base - h * 0.8, base - h * 0.86
    nw = w * 0.2
    pic.shadow([x0 - w * 0.05, base - h * 0.05, x1 + w * 0.4, base + h * 0.05])
    outline = [(x0, base - w * 0.1), (x0, sh_y), (cx - nw, neck_y), (cx - nw, cap_y),
               (cx + nw, cap_y), (cx + nw, neck_y), (x1, sh_y), (x1, base - w * 0.1), (x1 - w * 0.1, base),
               (x0 + w * 0.1, base)]
    m = pic.mask()
    ImageDraw.Draw(m).polygon(outline, fill=255)
    lm = pic.mask()
    ImageDraw.Draw(lm).rectangle([0, base - h * level, pic.W, pic.H], fill=255)
    pic.fill(hshade((pic.W, pic.H), liquid, 0.35), ImageChops.multiply(m, lm))
    gl = pic.layer()
    d = ImageDraw.Draw(gl)
    d.polygon(outline, fill=(220, 235, 240, 50), outline=(255, 255, 255, 160))
    d.rounded_rectangle([x0 + w * 0.1, sh_y + h * 0.02, x0 + w * 0.2, base - h * 0.06], radius=w * 0.05, fill=(255, 255, 255, 100))
    d.line([(x0 + w * 0.06, base - h * level), (x1 - w * 0.06, base - h * level)], fill=rgba(lighter(liquid, 0.4), 200), width=max(2, int(h / 200)))
    pic.put(gl)
    d = ImageDraw.Draw(pic.img)
    d.rounded_rectangle([cx - nw * 1.15, top, cx + nw * 1.15, cap_y + h * 0.01], radius=nw * 0.2, fill=cap)
    for k in range(1, 9):
        lx = cx - nw * 1.15 + k * nw * 2.3 / 9
        d.line([(lx, top + h * 0.01), (lx, cap_y - h * 0.005)], fill=darker(cap, 0.25), width=max(1, int(w / 100)))
    if text:
        ly0, ly1 = base - h * 0.5, base - h * 0.16
        d.rectangle([x0 + w * 0.02, ly0, x1 - w * 0.02, ly1], fill=label)
        d.rectangle([x0 + w * 0.02, ly0 + h * 0.015, x1 - w * 0.02, ly0 + h * 0.03], fill=cap)
        d.rectangle([x0 + w * 0.02, ly1 - h * 0.03, x1 - w * 0.02, ly1 - h * 0.015], fill=cap)
        centered_text(d, cx, (ly0 + ly1) / 2, text, w * 0.84, int(w * 0.13), darker(cap, 0.3))


def glass_drink(pic, cx, base, w, h, liquid, ice=True):
    x0, x1, top = cx - w / 2, cx + w / 2, base - h
    pic.shadow([x0, base - h * 0.05, x1 + w * 0.3, base + h * 0.06])
    poly = [(x0, top), (x1, top), (x1 - w * 0.08, base), (x0 + w * 0.08, base)]
    m = pic.mask()
    ImageDraw.Draw(m).polygon(poly, fill=255)
    lm = pic.mask()
    ImageDraw.Draw(lm).rectangle([0, top + h * 0.2, pic.W, pic.H], fill=255)
    pic.fill(hshade((pic.W, pic.H), liquid, 0.3), ImageChops.multiply(m, lm))
    gl = pic.layer()
    d = ImageDraw.Draw(gl)
    if ice:
        for k in range(3):
            ix, iy = x0 + w * (0.22 + k * 0.25), top + h * (0.26 + (k % 2) * 0.12)
            d.rounded_rectangle([ix, iy, ix + w * 0.22, iy + w * 0.2], radius=w * 0.04, fill=(255, 255, 255, 110),
                                outline=(255, 255, 255, 180), width=2)
    d.polygon(poly, fill=(220, 235, 240, 40), outline=(255, 255, 255, 170))
    d.rectangle([x0 + w * 0.1, top + h * 0.05, x0 + w * 0.16, base - h * 0.08], fill=(255, 255, 255, 90))
    pic.put(gl)


def bow(d, x, y, s, color):
    for side in (-1, 1):
        d.polygon([(x, y), (x + side * s, y - s * 0.6), (x + side * s * 1.1, y + s * 0.5)], fill=color)
        d.polygon([(x, y), (x + side * s * 0.5, y + s * 1.3), (x + side * s * 0.25, y + s * 1.4)], fill=darker(color, 0.15))
    d.ellipse([x - s * 0.22, y - s * 0.22, x + s * 0.22, y + s * 0.22], fill=darker(color, 0.2))


def tote(pic, cx, base, w, h, pattern, handle=(90, 55, 35)):
    x0, x1, top = cx - w / 2, cx + w / 2, base - h
    pic.shadow([x0, base - h * 0.05, x1 + w * 0.2, base + h * 0.05])
    d = ImageDraw.Draw(pic.img)
    for hx in (cx - w * 0.22, cx + w * 0.22):
        d.arc([hx - w * 0.16, top - h * 0.45, hx + w * 0.16, top + h * 0.25], 180, 360, fill=handle, width=int(w * 0.045))
    m = pic.mask()
    ImageDraw.Draw(m).rounded_rectangle([x0, top, x1, base], radius=w * 0.03, fill=255)
    pic.fill(pattern, m)
    sh = pic.layer()
    sd = ImageDraw.Draw(sh)
    sd.rectangle([x0, top, x1, top + h * 0.08], fill=(0, 0, 0, 40))
    sd.rectangle([x1 - w * 0.12, top, x1, base], fill=(0, 0, 0, 35))
    pic.put(sh)
    d = ImageDraw.Draw(pic.img)
    dash = max(4, int(w / 60))
    for x in range(int(x0 + w * 0.03), int(x1 - w * 0.03), dash * 2):
        d.line([(x, top + h * 0.1), (x + dash, top + h * 0.1)], fill=(240, 230, 210), width=max(1, int(w / 250)))
    for hx in (cx - w * 0.22, cx + w * 0.22):
        d.rectangle([hx - w * 0.05, top - h * 0.01, hx + w * 0.05, top + h * 0.09], fill=handle)


def shoe(pic, x, base, L, pattern, sole=(60, 45, 40), flip=False):
    """A slip-on shoe seen from the side, toe to the right."""
    pts_u = [(0.0, 0.32), (0.0, 0.14), (0.02, 0.08), (0.08, 0.06), (0.18, 0.09), (0.3, 0.13), (0.45, 0.15),
             (0.52, 0.12), (0.62, 0.1), (0.78, 0.13), (0.9, 0.18), (0.98, 0.24), (1.0, 0.29), (0.99, 0.33), (0.0, 0.33)]
    pts_in = [(0.03, 0.085), (0.08, 0.065), (0.18, 0.095), (0.3, 0.135), (0.45, 0.155), (0.5, 0.14),
              (0.44, 0.19), (0.3, 0.18), (0.18, 0.15), (0.06, 0.14)]
    pts_s = [(-0.01, 0.31), (1.01, 0.31), (1.0, 0.36), (0.9, 0.39), (0.05, 0.39), (-0.01, 0.36)]

    def place(pts):
        return [(x + (1 - px if flip else px) * L, base - (0.39 - py) * L) for px, py in pts]

    pic.shadow([x - L * 0.02, base - L * 0.04, x + L * 1.05, base + L * 0.04])
    m = pic.mask()
    ImageDraw.Draw(m).polygon(place(pts_u), fill=255)
    pic.fill(pattern, m)
    d = ImageDraw.Draw(pic.img)
    d.polygon(place(pts_in), fill=(70, 50, 40))  # the lining, seen through the opening
    d.line(place([(0.08, 0.06), (0.18, 0.09), (0.3, 0.13), (0.45, 0.15), (0.52, 0.12), (0.62, 0.1)]),
           fill=(110, 80, 60), width=int(L * 0.012))
    d.line(place([(0.1, 0.1), (0.06, 0.3)]), fill=(0, 0, 0), width=max(1, int(L * 0.004)))  # heel seam
    d.polygon(place(pts_s), fill=sole)
    d.line(place([(0.0, 0.335), (1.0, 0.335)]), fill=(235, 225, 210), width=max(2, int(L * 0.006)))


# --------------------------------------------------------------------------- scenes: landscapes


def palm(d, x, base, h, rng):
    top = (x + h * 0.12, base - h)
    d.line([(x, base), (x + h * 0.05, base - h * 0.5), top], fill=(110, 90, 70), width=max(4, int(h / 28)))
    for k in range(9):
        a = math.pi * (1.1 + k * 0.1) + rng.uniform(-0.05, 0.05)
        L = h * rng.uniform(0.35, 0.5)
        mid = (top[0] + L * 0.5 * math.cos(a), top[1] + L * 0.5 * math.sin(a) - h * 0.05)
        end = (top[0] + L * math.cos(a), top[1] + L * math.sin(a) + h * 0.12)
        d.line([top, mid, end], fill=(56, 110, 50), width=max(3, int(h / 40)))
        d.line([top, mid, end], fill=(80, 140, 60), width=max(1, int(h / 120)))


def house(d, x, base, w, wall, roof):
    h = w * 0.55
    d.rectangle([x, base - h, x + w, base], fill=wall)
    d.polygon([(x - w * 0.1, base - h), (x + w * 0.5, base - h - w * 0.4), (x + w * 1.1, base - h)], fill=roof)
    d.rectangle([x + w * 0.42, base - h * 0.6, x + w * 0.58, base], fill=darker(wall, 0.45))
    for wx in (x + w * 0.12, x + w * 0.72):
        d.rectangle([wx, base - h * 0.7, wx + w * 0.16, base - h * 0.4], fill=(90, 120, 140))


def landscape(pic, kind):
    W, H, rng = pic.W, pic.H, pic.rng
    pic.img.paste(vgrad((W, H), (120, 170, 225), (214, 230, 240)), (0, 0))
    d = ImageDraw.Draw(pic.img)
    for _ in range(4):  # clouds
        cx, cy = rng.uniform(0, W), rng.uniform(0.05, 0.25) * H
        for k in range(5):
            r = rng.uniform(0.03, 0.06) * W
            d.ellipse([cx + k * r * 0.8 - r, cy - r * 0.6, cx + k * r * 0.8 + r, cy + r * 0.6], fill=(248, 250, 252))
    if kind == "ijen":
        d.polygon([(0, H * 0.55), (W * 0.3, H * 0.22), (W * 0.42, H * 0.24), (W * 0.75, H * 0.55)], fill=(110, 130, 150))
        d.polygon([(W * 0.4, H * 0.58), (W * 0.72, H * 0.3), (W * 0.8, H * 0.31), (W * 1.1, H * 0.58)], fill=(95, 118, 135))
    else:
        pts = [(0, H * 0.5)] + [(x, H * (0.42 - 0.08 * math.sin(x / W * 3.1 + 0.5))) for x in range(0, W + 50, 50)] + [(W, H * 0.6)]
        d.polygon(pts, fill=(130, 150, 165))
    hill = (70, 120, 60) if kind != "terraces" else (90, 135, 70)
    pts = [(0, H)] + [(x, H * (0.55 - 0.07 * math.sin(x / W * 5 + 1))) for x in range(0, W + 40, 40)] + [(W, H)]
    d.polygon(pts, fill=hill)
    if kind == "terraces":
        for k in range(14):
            y = H * (0.5 + k * 0.035)
            d.line([(x, y + H * 0.03 * math.sin(x / W * 4 + k)) for x in range(0, W + 40, 40)], fill=(120, 165, 80), width=SS * 5)
    if kind in ("forest", "ijen", "terraces"):
        for _ in range(90):
            x, y = rng.uniform(0, W), rng.uniform(0.5, 0.7) * H
            r = rng.uniform(0.015, 0.04) * W
            d.ellipse([x - r, y - r, x + r, y + r], fill=jitter(rng, (50, 100, 50), 20))
    if kind == "paddy":
        for k in range(10):
            y0 = H * (0.6 + k * 0.022 + k * k * 0.0012)
            d.rectangle([0, y0, W, H], fill=jitter(rng, (120, 180, 70) if k % 2 else (100, 165, 60), 10))
            d.line([(0, y0), (W, y0)], fill=(90, 130, 60), width=SS * 2)
        for k in range(7):
            palm(d, rng.uniform(0, W), H * rng.uniform(0.62, 0.7), H * rng.uniform(0.25, 0.4), rng)
    ground = H * 0.78
    d.rectangle([0, ground, W, H], fill=(150, 130, 100) if kind != "paddy" else (110, 170, 70))
    roofs = [(170, 80, 60), (150, 70, 50), (120, 60, 50), (180, 100, 70)]
    walls = [(240, 232, 214), (230, 220, 190), (214, 226, 214), (246, 240, 226)]
    for k in range(5 if kind != "terraces" else 3):
        x = W * (0.05 + k * 0.2 + rng.uniform(-0.03, 0.03))
        house(d, x, ground + H * 0.02, W * rng.uniform(0.1, 0.14), rng.choice(walls), rng.choice(roofs))
    if kind == "terraces":  # the village hall, with its sign
        bx, bw = W * 0.6, W * 0.34
        house(d, bx, ground + H * 0.05, bw, (244, 240, 228), (150, 60, 50))
        d.rectangle([bx + bw * 0.12, ground - bw * 0.48, bx + bw * 0.88, ground - bw * 0.36], fill=(30, 90, 60))
        centered_text(d, bx + bw / 2, ground - bw * 0.42, "BALAI DESA LIPURSARI", bw * 0.72, int(bw * 0.06), (250, 250, 240))
    if kind == "forest":
        for k in range(4):
            palm(d, rng.uniform(0, W), H * 0.82, H * rng.uniform(0.3, 0.45), rng)
    d.rectangle([0, H * 0.84, W, H], fill=(120, 110, 100))  # the village road
    d.line([(0, H * 0.92), (W, H * 0.92)], fill=(230, 230, 220), width=SS * 3)


# --------------------------------------------------------------------------- the photos

GRAIN = 2.0  # film grain, in levels: sets how big the JPEGs come out (about 60-150 KB)
WOOD = (176, 128, 86)
LIGHTWOOD = (206, 170, 120)
CREAM = (236, 226, 206)
ECO_INKS = [(120, 70, 40), (150, 100, 40), (90, 90, 50), (160, 70, 60), (80, 60, 80)]


def scene(path, size, draw, title, fmt="JPEG", orientation=1, grain=GRAIN):
    return dict(path=path, size=size, draw=draw, title=title, fmt=fmt, orientation=orientation, grain=grain)


def d_cover(kind):
    def draw(p):
        landscape(p, kind)
    return draw


def d_jar(kinds, lid, text, wall=CREAM, table=WOOD, s=None):
    def draw(p):
        studio(p, wall, table)
        jar(p, p.X(0.58), p.Y(0.9), p.X(0.3), p.Y(0.62), kinds, lid, text, s=s or p.X(0.024))
        pile(p, kinds[0], (p.X(0.12), p.Y(0.76), p.X(0.36), p.Y(0.88)), p.X(0.022))
    return draw


def d_plate(kinds, wall=CREAM, table=WOOD, on="plate", mound=False, s=0.026):
    def draw(p):
        studio(p, wall, table, horizon=0.25)
        cx, cy, rx, ry = p.X(0.52), p.Y(0.62), p.X(0.4), p.Y(0.32)
        (tampah if on == "tampah" else plate)(p, cx, cy, rx, ry)
        pile(p, kinds[0], (cx - rx * 0.72, cy - ry * 0.62, cx + rx * 0.72, cy + ry * 0.66), p.X(s), 1.1, mound, kinds)
    return draw


def d_pouch(color, kinds, text, sub="", kraft=False, wall=CREAM, table=WOOD, side=None, window="oval", s=None):
    def draw(p):
        studio(p, wall, table)
        portrait = p.H > p.W
        w, h = (p.X(0.56), p.Y(0.66)) if portrait else (p.X(0.34), p.Y(0.7))
        pouch(p, p.X(0.5 if portrait else 0.56), p.Y(0.92), w, h, color, kinds, text, sub, kraft, window, s)
        if side:
            pile(p, side, (p.X(0.06), p.Y(0.8), p.X(0.34), p.Y(0.93)), p.X(0.025))
    return draw


def d_bottle(liquid, cap, text, wall=CREAM, table=LIGHTWOOD, side=None, second=None, glass=None):
    def draw(p):
        studio(p, wall, table, horizon=0.62)
        portrait = p.H > p.W
        if second:
            bottle(p, p.X(0.32), p.Y(0.86), p.X(0.2), p.Y(0.62), liquid, cap, text)
            bottle(p, p.X(0.62), p.Y(0.9), p.X(0.26), p.Y(0.78), liquid, cap, second)
        else:
            bw = p.X(0.4) if portrait else p.X(0.22)
            bx = p.X(0.5) if portrait and not glass else p.X(0.42 if portrait else 0.45)
            bottle(p, bx, p.Y(0.9), bw, p.Y(0.74), liquid, cap, text)
        if glass:
            glass_drink(p, p.X(0.76 if p.W > p.H else 0.75), p.Y(0.93), p.X(0.16 if p.W > p.H else 0.26), p.Y(0.3), glass)
        if side:
            pile(p, side, (p.X(0.7 if not glass else 0.05), p.Y(0.82), p.X(0.95 if not glass else 0.25), p.Y(0.95)), p.X(0.03))
    return draw


def d_hampers(p):
    studio(p, (232, 214, 214), (150, 40, 50), surface="cloth")
    cx, base, w, h = p.X(0.5), p.Y(0.94), p.X(0.62), p.Y(0.3)
    d = ImageDraw.Draw(p.img)
    d.arc([cx - w * 0.42, base - h * 2.4, cx + w * 0.42, base - h * 0.4], 180, 360, fill=(150, 110, 60), width=p.X(0.02))
    for k, (kinds, lid) in enumerate([(["nastar"], (200, 40, 40)), (["kastengel"], (200, 150, 40)),
                                      (["putri"], (40, 120, 80))]):
        jar(p, cx + (k - 1) * w * 0.3, base - h * 0.5, w * 0.26, p.Y(0.42), kinds, lid, "", s=p.X(0.02))
    poly = [(cx - w / 2, base - h), (cx + w / 2, base - h), (cx + w * 0.42, base), (cx - w * 0.42, base)]
    m = p.mask()
    ImageDraw.Draw(m).polygon(poly, fill=255)
    p.fill(weave(p.rng, (p.W, p.H), p.X(0.018), (196, 150, 90), (170, 124, 70), angle=0), m)
    d = ImageDraw.Draw(p.img)
    d.rounded_rectangle([cx - w * 0.52, base - h * 1.05, cx + w * 0.52, base - h * 0.93], radius=p.X(0.01), fill=(150, 105, 55))
    bow(d, cx + w * 0.3, base - h * 0.7, p.X(0.05), (210, 40, 60))


def d_sticks(p):
    studio(p, (228, 220, 200), (120, 130, 90), surface="mat")
    pouch(p, p.X(0.62), p.Y(0.92), p.X(0.32), p.Y(0.7), (30, 110, 70), ["stick"], "Stick Bawang", "150 g", window="rect")
    pile(p, "stick", (p.X(0.06), p.Y(0.74), p.X(0.42), p.Y(0.94)), p.X(0.02), 1.2)


def d_jamu_duo(p):
    d_bottle((240, 170, 30), (150, 80, 20), "Kunyit Asam 250 ml", second="Kunyit Asam 1 liter", side="kunyit")(p)


def d_cloth_flat(p):
    # a flat, drawn-looking picture, like a scan: a PNG with few colours stays small
    img = ecoprint(p.rng, (p.W, p.H), (236, 222, 196), ECO_INKS, density=1.3, blur=0, flat=True)
    p.img.paste(img, (0, 0))


def d_cloth_folded(p):
    studio(p, (226, 224, 216), (120, 90, 70))
    big = ecoprint(p.rng, (p.W + 900, p.H + 700), (228, 206, 170), ECO_INKS, density=1.6, blur=SS * 2)
    for k, (y, h) in enumerate([(0.44, 0.2), (0.62, 0.2), (0.8, 0.16)]):
        x0, x1 = p.X(0.14 + k * 0.03), p.X(0.86 - k * 0.02)
        y0, y1 = p.Y(y), p.Y(y + h)
        p.shadow([x0, y1 - p.Y(0.02), x1 + p.X(0.02), y1 + p.Y(0.03)], 90)
        m = p.mask()
        ImageDraw.Draw(m).rounded_rectangle([x0, y0, x1, y1], radius=p.X(0.02), fill=255)
        p.fill(big.crop((k * 400, k * 300, k * 400 + p.W, k * 300 + p.H)), m)
        sh = p.layer()
        ImageDraw.Draw(sh).rectangle([x0, y1 - p.Y(0.03), x1, y1], fill=(0, 0, 0, 45))
        p.put(sh)


def d_tote(p):
    studio(p, (230, 228, 220), (200, 180, 150), surface="plain")
    pat = ecoprint(p.rng, (p.W, p.H), (226, 208, 176), ECO_INKS, density=1.8, blur=SS * 2)
    tote(p, p.X(0.5), p.Y(0.93), p.X(0.5), p.Y(0.55), pat)


def d_sling(p):
    studio(p, (230, 228, 220), (90, 70, 60))
    pat = ecoprint(p.rng, (p.W, p.H), (150, 96, 60), [(90, 50, 30), (60, 40, 20), (120, 90, 50)], density=1.6, blur=SS * 2)
    cx, base, w, h = p.X(0.5), p.Y(0.9), p.X(0.4), p.Y(0.34)
    d = ImageDraw.Draw(p.img)
    top = base - h
    strap = [(cx - w * 0.46 * math.cos(math.radians(a)), top + h * 0.1 - h * 1.75 * math.sin(math.radians(a)))
             for a in range(8, 173, 4)]
    d.line(strap, fill=(70, 45, 30), width=p.X(0.014), joint="curve")
    p.shadow([cx - w / 2, base - p.Y(0.03), cx + w * 0.6, base + p.Y(0.04)])
    m = p.mask()
    ImageDraw.Draw(m).rounded_rectangle([cx - w / 2, base - h, cx + w / 2, base], radius=p.X(0.03), fill=255)
    p.fill(pat, m)
    m = p.mask()
    ImageDraw.Draw(m).rounded_rectangle([cx - w / 2, base - h, cx + w / 2, base - h * 0.35], radius=p.X(0.03), fill=255)
    p.fill(ImageChops.multiply(pat, Image.new("RGB", pat.size, (225, 225, 225))), m)
    d = ImageDraw.Draw(p.img)
    d.ellipse([cx - p.X(0.015), base - h * 0.42, cx + p.X(0.015), base - h * 0.42 + p.X(0.03)], fill=(200, 170, 80))


def d_shoes(p):
    studio(p, (226, 222, 214), LIGHTWOOD)
    pat = ecoprint(p.rng, (p.W, p.H), (210, 190, 160), ECO_INKS, density=2.2, blur=SS * 2)
    shoe(p, p.X(0.08), p.Y(0.76), p.X(0.5), pat)
    shoe(p, p.X(0.42), p.Y(0.93), p.X(0.52), pat.rotate(180), flip=True)


def d_coffee(p):
    studio(p, (214, 206, 190), (110, 80, 60))
    pouch(p, p.X(0.6), p.Y(0.92), p.X(0.32), p.Y(0.72), (170, 130, 90), None, "Kopi Robusta Lereng Ijen", "200 g",
          kraft=True)
    pile(p, "bean", (p.X(0.06), p.Y(0.72), p.X(0.42), p.Y(0.94)), p.X(0.022), 1.4, mound=True)


def d_anyaman_bag(p):
    studio(p, (224, 230, 222), LIGHTWOOD)
    cx, base, w, h = p.X(0.5), p.Y(0.92), p.X(0.5), p.Y(0.5)
    d = ImageDraw.Draw(p.img)
    for hx in (cx - w * 0.2, cx + w * 0.2):
        d.arc([hx - w * 0.14, base - h * 1.5, hx + w * 0.14, base - h * 0.75], 180, 360, fill=(120, 130, 60), width=p.X(0.018))
    p.shadow([cx - w / 2, base - p.Y(0.04), cx + w * 0.65, base + p.Y(0.05)])
    poly = [(cx - w * 0.5, base - h), (cx + w * 0.5, base - h), (cx + w * 0.42, base), (cx - w * 0.42, base)]
    m = p.mask()
    ImageDraw.Draw(m).polygon(poly, fill=255)
    p.fill(weave(p.rng, (p.W, p.H), p.X(0.028), (200, 190, 120), (170, 150, 90),
                 stripes=[(7, 2, 1, (60, 110, 70))]), m)
    d = ImageDraw.Draw(p.img)
    d.rectangle([cx - w * 0.5, base - h, cx + w * 0.5, base - h * 0.92], fill=(150, 130, 80))


def d_weave_close(p):
    img = weave(p.rng, (p.W, p.H), p.X(0.08), (206, 192, 128), (176, 154, 92), angle=38,
                stripes=[(6, 0, 1, (150, 50, 50)), (9, 4, 1, (60, 110, 70))])
    p.img.paste(img, (0, 0))


def d_tikar(p):
    studio(p, (230, 226, 214), (150, 140, 120), horizon=0.42, surface="plain")
    pat = weave(p.rng, (p.X(0.9), p.Y(0.9)), p.X(0.02), (214, 196, 130), (190, 170, 108), angle=0,
                stripes=[(12, 0, 2, (170, 50, 50)), (12, 5, 1, (50, 110, 70))])
    p.shadow([p.X(0.18), p.Y(0.46), p.X(0.86), p.Y(1.0)], 80)
    floor(p.img, pat, p.Y(0.5), p.Y(0.98), (p.X(0.22), p.X(0.78)), (p.X(0.02), p.X(0.98)))
    d = ImageDraw.Draw(p.img)
    d.rounded_rectangle([p.X(0.2), p.Y(0.36), p.X(0.8), p.Y(0.52)], radius=p.Y(0.08), fill=(196, 178, 116))
    for k in range(6):
        d.line([(p.X(0.2) + k * p.X(0.1), p.Y(0.37)), (p.X(0.2) + k * p.X(0.1), p.Y(0.51))], fill=(170, 50, 50) if k % 3 == 0 else (176, 156, 100), width=p.X(0.006))
    d.ellipse([p.X(0.76), p.Y(0.36), p.X(0.84), p.Y(0.52)], fill=(180, 160, 100))
    for r in range(1, 6):
        d.arc([p.X(0.8) - r * p.X(0.007), p.Y(0.44) - r * p.Y(0.014), p.X(0.8) + r * p.X(0.007), p.Y(0.44) + r * p.Y(0.014)],
              0, 300, fill=(130, 110, 60), width=SS * 2)


def floor(img, pat, y0, y1, far, near, depth=2.2):
    """Lay a flat pattern on the floor in perspective, row by row."""
    n = y1 - y0
    for i in range(n):
        t = i / n
        z = 1 / ((1 - t) / depth + t)  # 1/z is linear down the screen
        row = int((depth - z) / (depth - 1) * (pat.height - 1))
        x0 = far[0] + (near[0] - far[0]) * t
        x1 = far[1] + (near[1] - far[1]) * t
        strip = pat.crop((0, row, pat.width, row + 1)).resize((int(x1 - x0), 1), Image.BILINEAR)
        img.paste(strip, (int(x0), y0 + i))


def d_rajut_bag(p):
    studio(p, (232, 228, 222), LIGHTWOOD, horizon=0.58)
    cx, base, w, h = p.X(0.5), p.Y(0.9), p.X(0.64), p.Y(0.42)
    d = ImageDraw.Draw(p.img)
    d.arc([cx - w * 0.36, base - h * 2.0, cx + w * 0.36, base - h * 0.5], 180, 360, fill=(200, 120, 90), width=p.X(0.03))
    p.shadow([cx - w / 2, base - p.Y(0.03), cx + w * 0.6, base + p.Y(0.04)])
    m = p.mask()
    ImageDraw.Draw(m).rounded_rectangle([cx - w / 2, base - h, cx + w / 2, base], radius=w * 0.2, fill=255)
    p.fill(knit(p.rng, (p.W, p.H), p.X(0.035), (214, 130, 96)), m)
    d = ImageDraw.Draw(p.img)
    d.rounded_rectangle([cx - w / 2, base - h, cx + w / 2, base - h * 0.88], radius=p.X(0.01), fill=(190, 110, 80))


def d_knit_close(p):
    img = knit(p.rng, (p.W, p.H), p.X(0.07), (196, 200, 170))
    p.img.paste(img, (0, 0))
    d = ImageDraw.Draw(p.img)
    d.line([(p.X(0.6), p.Y(0.0)), (p.X(0.75), p.Y(0.5)), (p.X(1.0), p.Y(0.6))], fill=(226, 160, 120), width=p.X(0.012))


def d_masks(p):
    studio(p, (226, 230, 232), (70, 90, 120), horizon=0.2, surface="plain")
    specs = [((0.3, 0.42), -0.15, kawung((p.W, p.H), (40, 60, 110), (230, 200, 120), p.X(0.05))),
             ((0.66, 0.4), 0.12, kawung((p.W, p.H), (150, 60, 40), (240, 220, 190), p.X(0.04))),
             ((0.48, 0.72), 0.05, Image.new("RGB", (p.W, p.H), (60, 130, 110)))]
    for (fx, fy), ang, pat in specs:
        cx, cy, w, h = p.X(fx), p.Y(fy), p.X(0.34), p.Y(0.26)
        d = ImageDraw.Draw(p.img)
        for side in (-1, 1):
            loop = rotate_pts(ellipse_pts(cx + side * w * 0.56, cy, w * 0.14, h * 0.42, 0, 30), cx, cy, ang)
            d.line(loop + loop[:1], fill=(245, 245, 245), width=p.X(0.006))
        body = rotate_pts([(cx - w / 2, cy - h * 0.42), (cx, cy - h / 2), (cx + w / 2, cy - h * 0.42),
                           (cx + w / 2, cy + h * 0.42), (cx, cy + h / 2), (cx - w / 2, cy + h * 0.42)], cx, cy, ang)
        p.shadow([cx - w / 2, cy - h * 0.3, cx + w * 0.6, cy + h * 0.65], 90)
        m = p.mask()
        ImageDraw.Draw(m).polygon(body, fill=255)
        p.fill(pat, m)
        d = ImageDraw.Draw(p.img)
        for k in (-1, 0, 1):
            pl = rotate_pts([(cx - w * 0.48, cy + k * h * 0.22), (cx + w * 0.48, cy + k * h * 0.22)], cx, cy, ang)
            d.line(pl, fill=(0, 0, 0), width=SS * 2)


def d_bucket(paper, ribbon):
    def draw(p):
        studio(p, (240, 232, 230), (220, 200, 190), horizon=0.78, surface="plain")
        cx = p.X(0.5)
        rng = p.rng
        d = ImageDraw.Draw(p.img)
        snacks = [((30, 110, 70), "Stick"), ((200, 60, 40), "Keripik"), ((240, 190, 40), "Wafer"),
                  ((60, 90, 170), "Coklat"), ((150, 80, 40), "Tiwul"), ((230, 120, 160), "Permen"), ((250, 250, 245), "Susu")]
        for k in range(11):
            col, name = snacks[k % len(snacks)]
            a = -math.pi / 2 + (k - 5) * 0.16
            sx, sy = cx + math.cos(a) * p.X(0.28) * 0.9, p.Y(0.46) + math.sin(a) * p.Y(0.22)
            pts = rotate_pts([(sx - p.X(0.07), sy - p.Y(0.09)), (sx + p.X(0.07), sy - p.Y(0.09)),
                              (sx + p.X(0.07), sy + p.Y(0.12)), (sx - p.X(0.07), sy + p.Y(0.12))], sx, sy, a + math.pi / 2)
            d.polygon(pts, fill=jitter(rng, col, 10), outline=darker(col, 0.3))
            d.line(pts[:2], fill=lighter(col, 0.5), width=SS * 3)
        top_y, tip_y = p.Y(0.48), p.Y(0.92)
        cone = [(cx - p.X(0.44), top_y), (cx - p.X(0.2), top_y + p.Y(0.05)), (cx, top_y - p.Y(0.02)),
                (cx + p.X(0.2), top_y + p.Y(0.05)), (cx + p.X(0.44), top_y), (cx + p.X(0.06), tip_y), (cx - p.X(0.06), tip_y)]
        p.shadow([cx - p.X(0.2), tip_y - p.Y(0.03), cx + p.X(0.3), tip_y + p.Y(0.03)])
        m = p.mask()
        ImageDraw.Draw(m).polygon(cone, fill=255)
        p.fill(hshade((p.W, p.H), paper, 0.25), m)
        d = ImageDraw.Draw(p.img)
        for fx in (-0.22, 0.0, 0.22):
            d.line([(cx + p.X(fx), top_y + p.Y(0.03)), (cx + p.X(fx) * 0.15, tip_y)], fill=darker(paper, 0.15), width=SS * 3)
        bow(d, cx, p.Y(0.72), p.X(0.12), ribbon)
        tw = p.X(0.3)
        d.rounded_rectangle([cx - tw / 2, p.Y(0.56), cx + tw / 2, p.Y(0.64)], radius=p.X(0.01), fill=(255, 255, 255))
        centered_text(d, cx, p.Y(0.6), "Selamat Wisuda!", tw * 0.9, p.Y(0.03), (120, 60, 90))
    return draw


def d_carica(p):
    studio(p, (230, 236, 224), LIGHTWOOD)
    for k in range(3):
        cx, base, w, h = p.X(0.25 + k * 0.25), p.Y(0.9 - (k % 2) * 0.05), p.X(0.2), p.Y(0.3)
        poly = [(cx - w * 0.5, base - h), (cx + w * 0.5, base - h), (cx + w * 0.4, base), (cx - w * 0.4, base)]
        p.shadow([cx - w / 2, base - p.Y(0.03), cx + w * 0.7, base + p.Y(0.04)])
        m = p.mask()
        ImageDraw.Draw(m).polygon(poly, fill=255)
        syrup = (cx - w * 0.5, base - h * 0.85, cx + w * 0.5, base)
        lay = p.layer()
        ImageDraw.Draw(lay).rectangle(syrup, fill=(250, 210, 110, 235))
        p.img.paste(lay, (0, 0), ImageChops.multiply(m, lay.getchannel("A")))
        fill_pieces(p, ["carica"], (cx - w * 0.5, base - h * 0.8, cx + w * 0.5, base), p.X(0.025), m)
        gl = p.layer()
        gd = ImageDraw.Draw(gl)
        gd.polygon(poly, fill=(255, 255, 255, 45), outline=(255, 255, 255, 180))
        gd.polygon([(cx - w * 0.38, base - h * 0.95), (cx - w * 0.3, base - h * 0.95), (cx - w * 0.26, base - h * 0.08),
                    (cx - w * 0.32, base - h * 0.08)], fill=(255, 255, 255, 80))
        p.put(gl)
        d = ImageDraw.Draw(p.img)
        d.ellipse([cx - w * 0.52, base - h - h * 0.06, cx + w * 0.52, base - h + h * 0.06], fill=(240, 240, 235),
                  outline=(200, 170, 60), width=SS * 2)
        centered_text(d, cx, base - h, "CARICA", w * 0.6, int(h * 0.07), (190, 120, 30))


PHOTOS = [
    # ---- Dukuhdempok (Jember)
    scene("dukuhdempok/cover.jpg", LAND, d_cover("paddy"), "Desa Dukuhdempok"),
    scene("dukuhdempok/sagon/IMG_20240312_101512.jpg", LAND, d_jar(["sagon"], (180, 40, 40), "Sagon Kelapa"), "Sagon Kelapa"),
    scene("dukuhdempok/sagon/IMG_20240312_101530.jpg", LAND, d_plate(["sagon"]), "Sagon Kelapa"),
    scene("dukuhdempok/abon-kelapa-krispi/IMG_20240312_104208.jpg", PORT,
          d_pouch((120, 60, 40), ["abon"], "Abon Kelapa Krispi", "100 g"), "Abon Kelapa Krispi"),
    scene("dukuhdempok/abon-kelapa-krispi/IMG_20240312_104233.jpg", LAND, d_plate(["abon"], mound=True, s=0.03), "Abon Kelapa Krispi"),
    scene("dukuhdempok/stick-bawang/DSC_0107.JPG", LAND, d_sticks, "Stick Bawang"),
    scene("dukuhdempok/kue-kering-hampers/hampers-depan.jpg", LAND, d_hampers, "Hampers Kue Kering"),
    scene("dukuhdempok/kue-kering-hampers/IMG_20240320_131045.jpg", LAND,
          d_plate(["nastar", "kastengel", "putri"], s=0.03), "Nastar, Kastengel, Putri Salju"),
    # ---- Wonoasri (Jember)
    scene("wonoasri/cover.jpg", LAND, d_cover("forest"), "Desa Wonoasri"),
    scene("wonoasri/keripik-pare/IMG_20240215_083311.jpg", LAND,
          d_pouch((50, 120, 60), ["pare"], "Keripik Pare", "100 g", side="pare"), "Keripik Pare"),
    scene("wonoasri/rengginang-ketela/IMG_20240215_090102.jpg", LAND,
          d_plate(["rengginang"], on="tampah", s=0.04), "Rengginang Ketela", grain=1),
    scene("wonoasri/jamu-kunyit-asam/botol.jpg", PORT, d_bottle((240, 170, 30), (150, 80, 20), "Jamu Kunyit Asam"),
          "Jamu Kunyit Asam"),
    scene("wonoasri/jamu-kunyit-asam/DSC_0042.JPG", LAND, d_jamu_duo, "Jamu Kunyit Asam"),
    scene("wonoasri/jamu-beras-kencur/botol-beras-kencur.jpg", PORT,
          d_bottle((236, 226, 196), (60, 110, 60), "Jamu Beras Kencur", side="ginger"), "Jamu Beras Kencur"),
    scene("wonoasri/wedang-jahe-merah/IMG_20240216_141502.jpg", LAND,
          d_pouch((150, 40, 40), None, "Wedang Jahe Merah Instan", "250 g", side="ginger"), "Wedang Jahe Merah"),
    # ---- Sabrang (Jember)
    scene("sabrang/tiwul-instan/IMG_20240110_075522.jpg", LAND,
          d_pouch((200, 140, 50), ["tiwul"], "Tiwul Instan", "500 g", window="rect", s=None), "Tiwul Instan"),
    scene("sabrang/tiwul-instan/IMG_20240110_075610.jpg", LAND,
          d_plate(["tiwul", "tiwulmanis"], mound=True, s=0.02), "Tiwul Instan"),
    scene("sabrang/tiwul-instan/IMG_20240110_080004.jpg", PORT,
          d_pouch((110, 60, 40), ["tiwulmanis"], "Tiwul Gula Merah", "500 g", window="rect"), "Tiwul Gula Merah"),
    scene("sabrang/manggleng/manggleng.jpg", LAND, d_plate(["manggleng"], on="tampah", s=0.04), "Manggleng Singkong", grain=1),
    scene("sabrang/sirup-jahe-sereh/DSC_0215.JPG", PORT, d_bottle((170, 100, 40), (30, 80, 50), "Sirup Jahe Sereh"),
          "Sirup Jahe Sereh"),
    scene("sabrang/sirup-jahe-sereh/DSC_0216.JPG", LAND,
          d_bottle((170, 100, 40), (30, 80, 50), "Sirup Jahe Sereh", glass=(200, 140, 70), side="ginger"), "Sirup Jahe Sereh"),
    scene("sabrang/masker-kain/IMG_20200415_101010.jpg", LAND, d_masks, "Masker Kain 3 Lapis"),
    scene("sabrang/bucket-snack/IMG_20240201_190233.jpg", PORT, d_bucket((236, 170, 190), (200, 40, 80)), "Bucket Snack"),
    scene("sabrang/bucket-snack/IMG_20240201_190301.jpg", PORT, d_bucket((180, 200, 230), (40, 70, 150)), "Bucket Snack"),
    # ---- Tamansari (Banyuwangi)
    scene("tamansari/IMG_20231120_154501.jpg", LAND, d_cover("ijen"), "Desa Tamansari"),
    scene("tamansari/kain-batik-ecoprint/motif-daun.png", LAND, d_cloth_flat, "Kain Ecoprint, motif daun", fmt="PNG"),
    scene("tamansari/kain-batik-ecoprint/IMG_20231118_142233.jpg", LAND, d_cloth_folded, "Kain Batik Ecoprint"),
    scene("tamansari/tas-ecoprint/IMG_20231118_150012.jpg", PORT, d_tote, "Tas Ecoprint"),
    scene("tamansari/tas-ecoprint/IMG_20231118_150047.jpg", LAND, d_sling, "Tas Selempang Ecoprint"),
    scene("tamansari/sepatu-ecoprint/DSC_0311.JPG", LAND, d_shoes, "Sepatu Ecoprint"),
    scene("tamansari/kopi-robusta/IMG_20231120_160230.jpg", LAND, d_coffee, "Kopi Robusta Lereng Ijen"),
    # ---- Lipursari (Wonosobo)
    scene("lipursari/balai-desa.jpg", LAND, d_cover("terraces"), "Desa Lipursari"),
    scene("lipursari/tas-anyaman-pandan/IMG_20240222_110245.jpg", LAND, d_anyaman_bag, "Tas Anyaman Pandan"),
    scene("lipursari/tas-anyaman-pandan/IMG_20240222_110301.jpg", LAND, d_weave_close, "Anyaman Pandan", grain=1),
    scene("lipursari/tikar-pandan/tikar.jpg", LAND, d_tikar, "Tikar Pandan Motif", grain=1),
    # Portrait, but stored sideways as a phone does: EXIF Orientation 6 says "turn 90° clockwise".
    scene("lipursari/tas-rajut/IMG_20240305_093012.jpg", PORT, d_rajut_bag, "Tas Rajut", orientation=6),
    scene("lipursari/tas-rajut/IMG_20240305_093140.jpg", LAND, d_knit_close, "Tas Rajut, detail rajutan", grain=1),
    scene("lipursari/manisan-carica/carica.jpg", LAND, d_carica, "Manisan Carica"),
]


def exif_for(name, orientation):
    """Camera-like EXIF (make, model, time from the file name), never GPS."""
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "Contoh"  # Make
    exif[0x0110] = "Ponsel Contoh A1"  # Model
    digits = "".join(ch for ch in name if ch.isdigit())
    if name.startswith("IMG_") and len(digits) >= 14:
        exif[0x0132] = f"{digits[0:4]}:{digits[4:6]}:{digits[6:8]} {digits[8:10]}:{digits[10:12]}:{digits[12:14]}"
    return exif.tobytes()


def render(spec):
    seed = zlib.crc32(spec["path"].encode("utf-8"))
    pic = Pic(spec["size"], seed)
    spec["draw"](pic)
    if not spec["path"].endswith("cover.jpg") and "/" in spec["path"].split("/", 1)[1]:
        tag(pic, spec["title"])
    else:
        tag(pic, spec["title"], "gambar contoh", corner="bl")
    if spec["fmt"] == "PNG":
        img = pic.img.convert("RGB").resize((pic.w, pic.h), Image.LANCZOS)
        return img.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    return pic.finish(grain=spec["grain"])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--content", default=os.path.join(here, "..", "content"), help="catalog root (default: content/)")
    ap.add_argument("--only", help="draw only the photos whose path contains this text")
    a = ap.parse_args()
    total = 0
    for spec in PHOTOS:
        if a.only and a.only not in spec["path"]:
            continue
        out = os.path.join(a.content, *spec["path"].split("/"))
        if not os.path.isdir(os.path.dirname(out)):
            sys.exit(f"{out}: folder missing (is --content the catalog root?)")
        img = render(spec)
        if spec["fmt"] == "PNG":
            img.save(out, "PNG", optimize=True)
        else:
            if spec["orientation"] == 6:
                img = img.rotate(90, expand=True)  # stored turned left; Orientation 6 turns it back
            img.save(out, "JPEG", quality=80, optimize=True, exif=exif_for(os.path.basename(out), spec["orientation"]))
        size = os.path.getsize(out)
        total += size
        print(f"{size // 1024:4d} KB  {img.size[0]}x{img.size[1]}  {spec['path']}")
    print(f"{total // 1024} KB in all")


if __name__ == "__main__":
    main()
