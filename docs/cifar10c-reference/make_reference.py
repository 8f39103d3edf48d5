#!/usr/bin/python3
"""Reference pixels for GapLab's cifar10-c corruption set (tests/GapLab.Core.Tests/Quality/Cifar10CReferenceTests.cs).

Re-states the steps of Hendrycks & Dietterich's make_cifar_c.py (github.com/hendrycks/robustness, ImageNet-C/create_c/make_cifar_c.py) with the
libraries that script calls: OpenCV's GaussianBlur and filter2D (defocus_blur), scipy.ndimage.zoom (zoom_blur's clipped_zoom), skimage.filters.gaussian (glass_blur), ImageMagick's motion blur
(through the `convert` program instead of Wand; both call MotionBlurImage), PIL's BOX resize (pixelate) and JPEG encoder (jpeg_compression),
skimage's HSV conversion (brightness) and numpy (contrast). Random draws are replaced by fixed
angles (motion blur) or recorded (glass-blur offsets from numpy.random.RandomState(1); elastic_transform's affine moves and uniform
fields from numpy.random.RandomState(2); fog's plasma-fractal draws from RandomState(3); snow's
normal layer and angle from RandomState(4); the Gaussian and shot noise from RandomState(5); impulse noise's two Bernoulli draws from
numpy.random.default_rng(100 + severity), as skimage's random_noise(seed=...) draws them), so GapLab can replay them.

Run:  /usr/bin/python3 docs/cifar10c-reference/make_reference.py > docs/cifar10c-reference/reference.json
Needs: Debian python3-numpy python3-scipy python3-skimage python3-pil python3-opencv imagemagick.
"""
import base64
import io
import json
import subprocess
import sys

import cv2
import numpy as np
import PIL
import scipy
import skimage
import skimage.color
import skimage.util
from PIL import Image
from scipy.ndimage import map_coordinates
from scipy.ndimage import zoom as scizoom
from skimage.filters import gaussian

SIZE = 32


def test_image():
    """A 32x32 RGB uint8 image: smooth colour waves, a sharp-edged block and Gaussian noise (numpy seed 0)."""
    rs = np.random.RandomState(0)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    img = np.stack([128 + 100 * np.sin(xx / 5.0 + c) * np.cos(yy / 7.0 - c) for c in range(3)], -1)
    img[8:20, 10:24] = [230, 40, 60]
    img += rs.normal(0, 12, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def clipped_zoom(img, z):
    h = img.shape[0]
    ch = int(np.ceil(h / z))
    top = (h - ch) // 2
    out = scizoom(img[top:top + ch, top:top + ch], (z, z, 1), order=1)
    trim = (out.shape[0] - h) // 2
    return out[trim:trim + h, trim:trim + h]


ZOOM_STOPS = [1.06, 1.11, 1.16, 1.21, 1.26]


def zoom_blur(img, severity):
    zooms = np.arange(1, ZOOM_STOPS[severity - 1], 0.01)
    x = (np.array(img) / 255.).astype(np.float32)
    out = np.zeros_like(x)
    for z in zooms:
        out += clipped_zoom(x, z)
    return np.clip((x + out) / (len(zooms) + 1), 0, 1), zooms


MOTION = [(6, 1), (6, 1.5), (6, 2), (8, 2), (9, 2.5)]
MOTION_ANGLES = [23.7, -41.2, 8.5, -12.9, 37.4]


def motion_blur(img, severity):
    radius, sigma = MOTION[severity - 1]
    angle = MOTION_ANGLES[severity - 1]
    ppm = b"P6 %d %d 255\n" % (SIZE, SIZE) + img.tobytes()
    out = subprocess.run(["/usr/bin/convert", "ppm:-", "-motion-blur", f"{radius}x{sigma}+{angle}", "ppm:-"],
                         input=ppm, capture_output=True, check=True).stdout
    pixels = np.frombuffer(out[-SIZE * SIZE * 3:], dtype=np.uint8)
    return pixels.reshape(SIZE, SIZE, 3), angle


GLASS = [(0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2)]


def glass_blur(img, severity, rs):
    sigma, delta, iterations = GLASS[severity - 1]
    x = np.uint8(gaussian(np.array(img) / 255., sigma=sigma, channel_axis=-1) * 255)
    offsets = []
    for _ in range(iterations):
        for h in range(SIZE - delta, delta, -1):
            for w in range(SIZE - delta, delta, -1):
                dx, dy = rs.randint(-delta, delta, size=(2,))
                offsets.append((int(h), int(w), int(dx), int(dy)))
                h2, w2 = h + dy, w + dx
                x[h, w], x[h2, w2] = x[h2, w2], x[h, w]   # as the reference writes it (numpy views: a copy, not a swap)
    return np.clip(gaussian(x / 255., sigma=sigma, channel_axis=-1), 0, 1), offsets


PIXELATE = [0.95, 0.9, 0.85, 0.75, 0.65]


def pixelate(img, severity):
    c = PIXELATE[severity - 1]
    x = Image.fromarray(img).resize((int(SIZE * c), int(SIZE * c)), Image.BOX)
    return np.array(x.resize((SIZE, SIZE), Image.BOX))


CONTRAST = [.75, .5, .4, .3, 0.15]
BRIGHTNESS = [.05, .1, .15, .2, .3]
JPEG = [80, 65, 58, 50, 40]


def contrast(img, severity):
    x = np.array(img) / 255.
    means = np.mean(x, axis=(0, 1), keepdims=True)
    return np.clip((x - means) * CONTRAST[severity - 1] + means, 0, 1)


def brightness(img, severity):
    x = skimage.color.rgb2hsv(np.array(img) / 255.)
    x[:, :, 2] = np.clip(x[:, :, 2] + BRIGHTNESS[severity - 1], 0, 1)
    return np.clip(skimage.color.hsv2rgb(x), 0, 1)


def jpeg(img, severity):
    out = io.BytesIO()
    Image.fromarray(img).save(out, "JPEG", quality=JPEG[severity - 1])
    return np.array(Image.open(out))


DEFOCUS = [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1)]


def disk(radius, alias_blur=0.1, dtype=np.float32):
    if radius <= 8:
        L = np.arange(-8, 8 + 1)
        ksize = (3, 3)
    else:
        L = np.arange(-radius, radius + 1)
        ksize = (5, 5)
    X, Y = np.meshgrid(L, L)
    aliased_disk = np.array((X ** 2 + Y ** 2) <= radius ** 2, dtype=dtype)
    aliased_disk /= np.sum(aliased_disk)
    return cv2.GaussianBlur(aliased_disk, ksize=ksize, sigmaX=alias_blur)


def defocus_blur(img, severity):
    c = DEFOCUS[severity - 1]
    x = np.array(img) / 255.
    kernel = disk(radius=c[0], alias_blur=c[1])
    channels = [cv2.filter2D(x[:, :, d], -1, kernel) for d in range(3)]
    return np.clip(np.array(channels).transpose((1, 2, 0)), 0, 1), kernel


ELASTIC = [(SIZE * 0, SIZE * 0, SIZE * 0.08), (SIZE * 0.05, SIZE * 0.2, SIZE * 0.07), (SIZE * 0.08, SIZE * 0.06, SIZE * 0.06),
           (SIZE * 0.1, SIZE * 0.04, SIZE * 0.05), (SIZE * 0.1, SIZE * 0.03, SIZE * 0.03)]


def elastic_transform(img, severity, rs):
    """make_cifar_c.py's elastic_transform with its three draws taken from rs and returned: the affine moves (3 x 2, float32) and
    the two uniform fields (dx's, then dy's; 32 x 32 float64)."""
    c = ELASTIC[severity - 1]
    image = np.array(img, dtype=np.float32) / 255.
    shape = image.shape
    shape_size = shape[:2]
    center_square = np.float32(shape_size) // 2
    square_size = min(shape_size) // 3
    pts1 = np.float32([center_square + square_size,
                       [center_square[0] + square_size, center_square[1] - square_size],
                       center_square - square_size])
    moves = rs.uniform(-c[2], c[2], size=pts1.shape).astype(np.float32)
    pts2 = pts1 + moves
    M = cv2.getAffineTransform(pts1, pts2)
    image = cv2.warpAffine(image, M, shape_size[::-1], borderMode=cv2.BORDER_REFLECT_101)
    ux = rs.uniform(-1, 1, size=shape[:2])
    uy = rs.uniform(-1, 1, size=shape[:2])
    dx = (gaussian(ux, c[1], mode='reflect', truncate=3) * c[0]).astype(np.float32)
    dy = (gaussian(uy, c[1], mode='reflect', truncate=3) * c[0]).astype(np.float32)
    dx, dy = dx[..., np.newaxis], dy[..., np.newaxis]
    x, y, z = np.meshgrid(np.arange(shape[1]), np.arange(shape[0]), np.arange(shape[2]))
    indices = np.reshape(y + dy, (-1, 1)), np.reshape(x + dx, (-1, 1)), np.reshape(z, (-1, 1))
    out = np.clip(map_coordinates(image, indices, order=1, mode='reflect').reshape(shape), 0, 1)
    return out, moves, ux, uy


FOG = [(.2, 3), (.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75)]


def plasma_fractal(rs, draws, mapsize=32, wibbledecay=3):
    """make_cifar_c.py's plasma_fractal with np.random.uniform replaced by rs.uniform, each call's output appended to draws."""
    assert (mapsize & (mapsize - 1) == 0)
    maparray = np.empty((mapsize, mapsize), dtype=np.float_)
    maparray[0, 0] = 0
    stepsize = mapsize
    wibble = 100

    def wibbledmean(array):
        u = rs.uniform(-wibble, wibble, array.shape)
        draws.append(u)
        return array / 4 + wibble * u

    def fillsquares():
        cornerref = maparray[0:mapsize:stepsize, 0:mapsize:stepsize]
        squareaccum = cornerref + np.roll(cornerref, shift=-1, axis=0)
        squareaccum += np.roll(squareaccum, shift=-1, axis=1)
        maparray[stepsize // 2:mapsize:stepsize, stepsize // 2:mapsize:stepsize] = wibbledmean(squareaccum)

    def filldiamonds():
        mapsize = maparray.shape[0]
        drgrid = maparray[stepsize // 2:mapsize:stepsize, stepsize // 2:mapsize:stepsize]
        ulgrid = maparray[0:mapsize:stepsize, 0:mapsize:stepsize]
        ldrsum = drgrid + np.roll(drgrid, 1, axis=0)
        lulsum = ulgrid + np.roll(ulgrid, -1, axis=1)
        ltsum = ldrsum + lulsum
        maparray[0:mapsize:stepsize, stepsize // 2:mapsize:stepsize] = wibbledmean(ltsum)
        tdrsum = drgrid + np.roll(drgrid, 1, axis=1)
        tulsum = ulgrid + np.roll(ulgrid, -1, axis=0)
        ttsum = tdrsum + tulsum
        maparray[stepsize // 2:mapsize:stepsize, 0:mapsize:stepsize] = wibbledmean(ttsum)

    while stepsize >= 2:
        fillsquares()
        filldiamonds()
        stepsize //= 2
        wibble /= wibbledecay

    maparray -= maparray.min()
    return maparray / maparray.max()


def fog(img, severity, rs):
    """make_cifar_c.py's fog; returns the output, the plasma map and every uniform draw in call order (one flat list)."""
    c = FOG[severity - 1]
    x = np.array(img) / 255.
    max_val = x.max()
    draws = []
    plasma = plasma_fractal(rs, draws, wibbledecay=c[1])
    x += c[0] * plasma[:32, :32][..., np.newaxis]
    out = np.clip(x * max_val / (max_val + c[0]), 0, 1)
    return out, plasma, np.concatenate([d.reshape(-1) for d in draws])


SNOW = [(0.1, 0.2, 1, 0.6, 8, 3, 0.95), (0.1, 0.2, 1, 0.5, 10, 4, 0.9), (0.15, 0.3, 1.75, 0.55, 10, 4, 0.9),
        (0.25, 0.3, 2.25, 0.6, 12, 6, 0.85), (0.3, 0.3, 1.25, 0.65, 14, 12, 0.8)]


def snow(img, severity, rs):
    """make_cifar_c.py's snow with its draws from rs (the normal layer as loc + scale z, as numpy's legacy normal computes it, then the angle)
    and Wand's motion blur through `convert` on an 8-bit grey image (PGM instead of PNG: both 8-bit, lossless); returns the output, z and the angle."""
    c = SNOW[severity - 1]
    x = np.array(img, dtype=np.float32) / 255.
    z = rs.standard_normal(size=x.shape[:2])
    snow_layer = c[0] + c[1] * z
    snow_layer = clipped_zoom(snow_layer[..., np.newaxis], c[2])
    snow_layer[snow_layer < c[3]] = 0
    layer = (np.clip(snow_layer.squeeze(), 0, 1) * 255).astype(np.uint8)
    angle = float(rs.uniform(-135, -45))
    pgm = b"P5 %d %d 255\n" % (SIZE, SIZE) + layer.tobytes()
    out = subprocess.run(["/usr/bin/convert", "pgm:-", "-motion-blur", f"{c[4]}x{c[5]}+{angle}", "pgm:-"],
                         input=pgm, capture_output=True, check=True).stdout
    snow_layer = (np.frombuffer(out[-SIZE * SIZE:], dtype=np.uint8).reshape(SIZE, SIZE) / 255.)[..., np.newaxis]
    x = c[6] * x + (1 - c[6]) * np.maximum(x, cv2.cvtColor(x, cv2.COLOR_RGB2GRAY).reshape(32, 32, 1) * 1.5 + 0.5)
    return np.clip(x + snow_layer + np.rot90(snow_layer, k=2), 0, 1), z, angle


GAUSSIAN_NOISE = [0.04, 0.06, .08, .09, .10]
SHOT_NOISE = [500, 250, 100, 75, 50]
IMPULSE_NOISE = [.01, .02, .03, .05, .07]


def gaussian_noise(img, severity, rs):
    """make_cifar_c.py's gaussian_noise; np.random.normal(scale=c) is c times numpy's legacy standard normal, so z is recorded."""
    x = np.array(img) / 255.
    z = rs.standard_normal(size=x.shape)
    return np.clip(x + GAUSSIAN_NOISE[severity - 1] * z, 0, 1), z


def shot_noise(img, severity, rs):
    c = SHOT_NOISE[severity - 1]
    x = np.array(img) / 255.
    counts = rs.poisson(x * c)
    return np.clip(counts / c, 0, 1), counts


def impulse_noise(img, severity, seed):
    """make_cifar_c.py's impulse_noise (skimage random_noise 's&p'); its two Bernoulli draws (Generator.random(shape) <= p, then <= 0.5)
    are re-drawn from the same seed and recorded, and the rebuilt output is checked against skimage's."""
    c = IMPULSE_NOISE[severity - 1]
    x = np.array(img) / 255.
    out = skimage.util.random_noise(x, mode='s&p', amount=c, seed=seed)
    rng = np.random.default_rng(seed)
    hit, salt = rng.random(x.shape), rng.random(x.shape)
    hit, salt = hit.astype(np.float32), salt.astype(np.float32)  # as recorded; the comparisons below use the recorded values
    rebuilt = x.copy()
    rebuilt[(hit <= c) & (salt <= 0.5)] = 1
    rebuilt[(hit <= c) & ~(salt <= 0.5)] = 0
    assert np.array_equal(np.clip(rebuilt, 0, 1), out), 'float32 rounding moved a draw across the threshold'
    return out, hit, salt


def float32_b64(a):
    """float32 little-endian, row-major, base64."""
    return base64.b64encode(np.asarray(a, dtype="<f4").tobytes()).decode()


def float64_b64(a):
    """float64 little-endian, row-major, base64."""
    return base64.b64encode(np.asarray(a, dtype="<f8").tobytes()).decode()


def uint8_b64(a):
    """uint8 pixels, HWC row-major, base64."""
    return base64.b64encode(np.asarray(a, dtype=np.uint8).tobytes()).decode()


def unit_b64(a):
    """Floats in [0,1] as little-endian uint16 round(v * 65535) (error <= 7.7e-6), HWC row-major, base64."""
    return base64.b64encode(np.round(np.asarray(a, dtype=np.float64) * 65535).astype("<u2").tobytes()).decode()


def offsets_text(offsets):
    """One letter per (dx, dy) draw in the reference's loop order: 'a' + 2 (dx + 1) + (dy + 1), so a = (-1,-1), b = (-1,0), c = (0,-1), d = (0,0)."""
    return "".join(chr(ord("a") + 2 * (dx + 1) + (dy + 1)) for _, _, dx, dy in offsets)


def main():
    img = test_image()
    version = subprocess.run(["/usr/bin/convert", "-version"], capture_output=True, text=True).stdout.splitlines()[0]
    rs = np.random.RandomState(1)
    rs_elastic = np.random.RandomState(2)
    rs_fog = np.random.RandomState(3)
    rs_snow = np.random.RandomState(4)
    rs_noise = np.random.RandomState(5)
    result = {
        "generated_by": "docs/cifar10c-reference/make_reference.py",
        "versions": {"opencv": cv2.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "skimage": skimage.__version__, "PIL": PIL.__version__, "imagemagick": version},
        "layout": "images are 32 x 32 x 3 (HWC, row-major), base64: *_uint8 = bytes; *_unit16 = little-endian uint16 round(v * 65535) of floats in [0,1]",
        "image_uint8": uint8_b64(img),
        "gaussian_noise": {}, "shot_noise": {}, "impulse_noise": {}, "defocus_blur": {}, "elastic_transform": {}, "fog": {}, "snow": {}, "zoom_blur": {}, "motion_blur": {}, "glass_blur": {}, "pixelate": {}, "contrast": {}, "brightness": {}, "jpeg_compression": {},
    }
    for s in range(1, 6):
        out, kernel = defocus_blur(img, s)
        result["defocus_blur"][str(s)] = {"radius": DEFOCUS[s - 1][0], "alias_blur": DEFOCUS[s - 1][1],
                                          "kernel": [float(v) for v in kernel.reshape(-1)], "output_unit16": unit_b64(out)}
        out, moves, ux, uy = elastic_transform(img, s, rs_elastic)
        result["elastic_transform"][str(s)] = {"alpha": ELASTIC[s - 1][0], "sigma": ELASTIC[s - 1][1], "affine": ELASTIC[s - 1][2],
                                               "moves": [float(v) for v in moves.reshape(-1)], "uniform_dx_float64": float64_b64(ux),
                                               "uniform_dy_float64": float64_b64(uy), "output_unit16": unit_b64(out)}
        out, plasma, draws = fog(img, s, rs_fog)
        result["fog"][str(s)] = {"thickness": FOG[s - 1][0], "decay": FOG[s - 1][1], "uniform_draws_float64": float64_b64(draws),
                                 "plasma_float64": float64_b64(plasma), "output_unit16": unit_b64(out)}
        out, z, angle = snow(img, s, rs_snow)
        result["snow"][str(s)] = {"params": list(SNOW[s - 1]), "normal_float64": float64_b64(z), "angle_degrees": angle, "output_unit16": unit_b64(out)}
        out, z = gaussian_noise(img, s, rs_noise)
        result["gaussian_noise"][str(s)] = {"sigma": GAUSSIAN_NOISE[s - 1], "normal_float32": float32_b64(z), "output_unit16": unit_b64(out)}
        out, counts = shot_noise(img, s, rs_noise)
        result["shot_noise"][str(s)] = {"lambda": SHOT_NOISE[s - 1], "counts_uint16": base64.b64encode(np.asarray(counts, dtype="<u2").tobytes()).decode(), "output_unit16": unit_b64(out)}
        out, hit, salt = impulse_noise(img, s, 100 + s)
        result["impulse_noise"][str(s)] = {"amount": IMPULSE_NOISE[s - 1], "hit_float32": float32_b64(hit), "salt_float32": float32_b64(salt), "output_unit16": unit_b64(out)}
        out, zooms = zoom_blur(img, s)
        result["zoom_blur"][str(s)] = {"zooms": [float(z) for z in zooms], "output_unit16": unit_b64(out)}
        out, angle = motion_blur(img, s)
        result["motion_blur"][str(s)] = {"radius": MOTION[s - 1][0], "sigma": MOTION[s - 1][1], "angle_degrees": angle, "output_uint8": uint8_b64(out)}
        out, offsets = glass_blur(img, s, rs)
        result["glass_blur"][str(s)] = {"offsets": offsets_text(offsets), "output_unit16": unit_b64(out)}
        result["pixelate"][str(s)] = {"factor": PIXELATE[s - 1], "output_uint8": uint8_b64(pixelate(img, s))}
        result["contrast"][str(s)] = {"factor": CONTRAST[s - 1], "output_unit16": unit_b64(contrast(img, s))}
        result["brightness"][str(s)] = {"shift": BRIGHTNESS[s - 1], "output_unit16": unit_b64(brightness(img, s))}
        result["jpeg_compression"][str(s)] = {"quality": JPEG[s - 1], "output_uint8": uint8_b64(jpeg(img, s))}
    json.dump(result, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
