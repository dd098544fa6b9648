"""exp, log1p and tanh that give the same bits on every platform.

math.exp, math.log1p and math.tanh call the C library, and two C libraries may
round the same result differently in its last bit: CPython on Linux calls
glibc, Pyodide calls Emscripten's musl. The versions here use only +, -, *, /,
comparisons, math.floor and exact exponent handling (math.ldexp, math.frexp),
each of which IEEE 754 defines to the bit, so the build and the browser compute
the same doubles. They are accurate to within 1 ulp (tests/test_exact.py
measures the largest error over 100,000 inputs against math.*).

>>> exp(1.0), log1p(1.0), tanh(0.5)
(2.718281828459045, 0.6931471805599453, 0.46211715726000974)

Edges, as math.* has them: exp overflows (OverflowError) above 709.78 and
gives 0.0 below -745.13 (results below 2^-1022 are subnormal and rounded twice,
so they may be off by one unit of the subnormal); log1p(-1) and below raise
ValueError; tanh is exactly ±1.0 beyond |x| = 22 and keeps the sign of -0.0.
"""

import math

# --- Exact double-double building blocks (Dekker, Knuth) ------------------------

SPLITTER = 134217729.0  # 2^27 + 1: splits a double into two halves of 26 bits


def split(a: float) -> tuple[float, float]:
    """a = high + low exactly, each half short enough that products of halves are exact."""
    c = SPLITTER * a
    high = c - (c - a)
    return high, a - high


def two_product(a: float, b: float) -> tuple[float, float]:
    """a·b = p + e exactly, e the rounding error of p: two_product(0.1, 0.1)[1] != 0."""
    p = a * b
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


# --- exp -------------------------------------------------------------------------

# x = n·ln2/32 + r: ln2/32 in two parts, the first with 36 significant bits so that
# n·LN2_32_HIGH is exact for every |n| < 2^17.
INV_LN2_32 = 46.16624130844683
LN2_32_HIGH = 0.021660849392446835
LN2_32_LOW = 5.145609244655338e-14

# 2^(j/32) for j = 0..31 as high + low (low = the rest, to 2^-106), from 60-digit
# decimal arithmetic.
POWERS = (
    (1.0, 0.0), (1.0218971486541166, 5.109225028973444e-17),
    (1.0442737824274138, 8.551889705537965e-17), (1.0671404006768237, -7.899853966841582e-17),
    (1.0905077326652577, -3.046782079812471e-17), (1.1143867425958924, 1.0410278456845571e-16),
    (1.1387886347566916, 8.912812676025408e-17), (1.1637248587775775, 3.8292048369240935e-17),
    (1.189207115002721, 3.982015231465646e-17), (1.215247359980469, -7.712630692681488e-17),
    (1.241857812073484, 4.658027591836937e-17), (1.2690509571917332, 2.667932131342186e-18),
    (1.2968395546510096, 2.5382502794888315e-17), (1.3252366431597413, -2.8587312100388614e-17),
    (1.3542555469368927, 7.70094837980299e-17), (1.383909881963832, -6.770511658794786e-17),
    (1.4142135623730951, -9.667293313452913e-17), (1.4451808069770467, -3.0237581349939873e-17),
    (1.4768261459394993, -3.483994556892796e-17), (1.5091644275934228, -1.016455327754295e-16),
    (1.5422108254079407, 7.949834809697621e-17), (1.5759808451078865, -1.0136916471278304e-17),
    (1.6104903319492543, 2.4707192569797888e-17), (1.645755478153965, -1.0125679913674773e-16),
    (1.681792830507429, 8.199010020581497e-17), (1.718619298122478, -1.851380418263111e-17),
    (1.7562521603732995, 2.960140695448873e-17), (1.7947090750031072, 1.8227458427912087e-17),
    (1.8340080864093424, 3.283107224245627e-17), (1.8741676341103, -6.122763413004143e-17),
    (1.9152065613971474, -1.0619946056195963e-16), (1.9571441241754002, 8.960767791036668e-17),
)
# e^r - 1 - r = r²·(1/2 + r/6 + ...) for |r| <= ln2/64: the r^8 term left out is below 2^-66.
C2, C3, C4, C5, C6, C7 = 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040
EXP_OVERFLOW = 709.782712893384    # above: the result is beyond the largest double
EXP_UNDERFLOW = -745.1332191019412  # below: the result rounds to 0


def exp_parts(x: float) -> tuple[int, float, float]:
    """exp(x) = 2^k · (high + low), |low| < 2^-6·high, accurate to about 2^-59; |x| <= 746.

    The worked example: x = 1 is n = 46 steps of ln2/32, so k = 1, j = 14 and
    r = 1 - 46·ln2/32 = 0.003598; 2 · 2^(14/32) · e^r = 2.71828...

    >>> k, high, low = exp_parts(1.0)
    >>> k, round(high, 6), math.ldexp(high + low, k)
    (1, 1.359132, 2.718281828459045)
    """
    n = math.floor(x * INV_LN2_32 + 0.5)
    r_high = x - n * LN2_32_HIGH  # exact: x and n·ln2/32 are within a factor 2
    r_low = -n * LN2_32_LOW
    r = r_high + r_low
    p = r * r * (C2 + r * (C3 + r * (C4 + r * (C5 + r * (C6 + r * C7)))))
    t_high, t_low = POWERS[n & 31]
    # T·e^r = t_high + t_high·r_high + [t_high·(r_low + p) + t_low·(1 + r)]; the rounding of
    # t_high·r_high (below 2^-59 of the result) is the largest error left.
    p1 = t_high * r_high
    high = t_high + p1
    low = ((t_high - high) + p1) + (t_high * (r_low + p) + t_low * (1.0 + r))
    return n >> 5, high, low


def exp(x: float) -> float:
    """e^x, within 1 ulp and nearly always correctly rounded: exp(-0.69) = 0.5015760690660556."""
    if not EXP_UNDERFLOW <= x <= EXP_OVERFLOW:
        if x != x:
            return x
        if x > 0:
            raise OverflowError("math range error")
        return 0.0
    k, high, low = exp_parts(x)
    return math.ldexp(high + low, k)


# --- tanh ------------------------------------------------------------------------

# tanh x = x - x³/3 + 2x^5/15 - 17x^7/315 + ...; below 1/16 the x^15 term left out is under 2^-65·x.
TANH_SERIES_TERMS = (21844 / 6081075, -1382 / 155925, 62 / 2835, -17 / 315, 2 / 15, -1 / 3)  # x^13 ... x^3
TANH_SERIES = 1 / 16
POW2 = tuple(math.ldexp(1.0, k) for k in range(64))
TANH_ONE = 22.0  # beyond, tanh rounds to ±1 (1 - tanh x < 2e^-44)


def tanh(x: float) -> float:
    """The hyperbolic tangent, within 1 ulp: tanh(0.5) = 0.46211715726000974.

    Near 0 by its series; elsewhere as (E - 1)/(E + 1) with E = e^(2|x|) carried
    in double-double, so nothing cancels and the division is corrected once.
    """
    a = -x if x < 0 else x
    if a < TANH_SERIES:
        if x == 0.0:
            return x  # keeps the sign of -0.0
        z = x * x
        r = 0.0
        for coefficient in TANH_SERIES_TERMS:
            r = z * (coefficient + r)
        return x + x * r
    if not a < TANH_ONE:
        if x != x:
            return x
        return -1.0 if x < 0 else 1.0
    # E = e^(2|x|) = 2^k · (high + low): exp_parts(2|x|), written out (this is the hot path of training)
    x2 = 2.0 * a
    n = math.floor(x2 * INV_LN2_32 + 0.5)
    r_high = x2 - n * LN2_32_HIGH
    r_low = -n * LN2_32_LOW
    r = r_high + r_low
    p = r * r * (C2 + r * (C3 + r * (C4 + r * (C5 + r * (C6 + r * C7)))))
    t_high, t_low = POWERS[n & 31]
    p1 = t_high * r_high
    high = t_high + p1
    low = ((t_high - high) + p1) + (t_high * (r_low + p) + t_low * (1.0 + r))
    e = high + low
    scale = POW2[n >> 5]  # 2^k, k < 64: multiplying by it is exact
    eh = e * scale
    el = (low - (e - high)) * scale
    # E - 1 and E + 1 as double-doubles (E >= 1, so each first sum is a Fast2Sum)
    nh = eh - 1.0
    nl = (-1.0 - (nh - eh)) + el
    dh = eh + 1.0
    dl = (1.0 - (dh - eh)) + el
    q = nh / dh
    # q·dh = m1 + m2 exactly (two_product, written out: this is the hot path of training)
    m1 = q * dh
    c = SPLITTER * q
    qh = c - (c - q)
    ql = q - qh
    c = SPLITTER * dh
    dhh = c - (c - dh)
    dhl = dh - dhh
    m2 = ((qh * dhh - m1) + qh * dhl + ql * dhh) + ql * dhl
    t = q + (((nh - m1) - m2) + nl - q * dl) / dh
    return -t if x < 0 else t


# --- log1p -----------------------------------------------------------------------

LN2_HIGH = 0.6931471805598903  # 42 significant bits: e·LN2_HIGH is exact for |e| < 2^11
LN2_LOW = 5.497923018708371e-14
SQRT_HALF = 0.7071067811865476
# 2·atanh(s) = 2s + s·R, R = 2s²/3 + 2s^4/5 + ...; with s <= 0.1716 the s^22 term is under 2^-60.
L3, L5, L7, L9, L11, L13, L15, L17, L19, L21 = (2 / (2 * i + 1) for i in range(1, 11))


def log1p(x: float) -> float:
    """log(1 + x), within 1 ulp also where x is tiny: log1p(1e-10) = 9.999999999500001e-11.

    1 + x = 2^e · m with m in [1/√2, √2) and f = m - 1 exact; then
    log(1 + f) = f - f²/2 + s·(f²/2 + R), s = f/(2 + f) (the series of 2·atanh s),
    with f²/2 and the sums carried in double-double.
    """
    if not x > -1.0:
        if x != x:
            return x
        raise ValueError("math domain error")
    if x == math.inf or x == 0.0:
        return x  # log1p(±0) keeps the sign
    if -0.2928 < x < 0.4142:  # 1 + x already lies in [1/√2, √2): f is x itself
        e, f, c = 0, x, 0.0
    else:
        u = 1.0 + x
        err = x - (u - 1.0) if x < 1.0 else 1.0 - (u - x)  # 1 + x = u + err exactly
        c = err / u  # log(u + err) = log(u) + err/u
        m, e = math.frexp(u)
        if m < SQRT_HALF:
            m, e = 2.0 * m, e - 1
        f = m - 1.0
    return log_reduced(e, f, c)


def log(x: float) -> float:
    """The natural logarithm of x > 0, within 1 ulp: log(10.0) = 2.302585092994046."""
    if x != x or x == math.inf:
        return x
    if not x > 0.0:
        raise ValueError("math domain error")
    m, e = math.frexp(x)
    if m < SQRT_HALF:
        m, e = 2.0 * m, e - 1
    return log_reduced(e, m - 1.0, 0.0)


def log_reduced(e: int, f: float, c: float) -> float:
    """log(2^e · (1 + f) · (1 + c)) for 1 + f in [1/√2, √2) and a tiny correction c."""
    s = f / (2.0 + f)
    z = s * s
    r = z * (L3 + z * (L5 + z * (L7 + z * (L9 + z * (L11 + z * (L13 + z * (L15 + z * (L17 + z * (L19 + z * L21)))))))))
    # f² = fsq + fsq_err exactly (two_product of f with itself, written out)
    fsq = f * f
    g = SPLITTER * f
    fh = g - (g - f)
    fl = f - fh
    fsq_err = ((fh * fh - fsq) + 2.0 * (fh * fl)) + fl * fl
    hfsq = 0.5 * fsq
    a = f - hfsq
    tail = (((f - a) - hfsq) - 0.5 * fsq_err) + s * (hfsq + r) + c
    if e == 0:
        return a + tail
    high = e * LN2_HIGH
    total = high + a
    return total + ((a - (total - high)) + (tail + e * LN2_LOW))


# --- sin and cos (the spiral dataset's angles) ------------------------------------

TWO_OVER_PI = 0.6366197723675814
HALF_PI_HIGH = 1.5707963267341256  # 33 significant bits: n·HALF_PI_HIGH is exact for |n| < 2^20
HALF_PI_LOW = 6.077100506506192e-11
SIN = tuple((-1) ** i / math.factorial(2 * i + 1) for i in range(8, 0, -1))  # r^17/17! ... r^3/3!
COS = tuple((-1) ** i / math.factorial(2 * i) for i in range(8, 0, -1))      # r^16/16! ... r^2/2!


def sin_cos(t: float) -> tuple[float, float]:
    """(sin t, cos t), within about 1e-16 for |t| < 10^5: sin_cos(0.5) = (0.479425538604203, 0.8775825618903728).

    t = n·π/2 + r with |r| <= π/4, then the Taylor series of sin r and cos r
    (to r^17; the next term is under 3e-17), turned to the quadrant n mod 4.
    """
    n = math.floor(t * TWO_OVER_PI + 0.5)
    r = (t - n * HALF_PI_HIGH) - n * HALF_PI_LOW
    z = r * r
    s = c = 0.0
    for a, b in zip(SIN, COS):
        s = z * (a + s)
        c = z * (b + c)
    s, c = r + r * s, 1.0 + c
    return ((s, c), (c, -s), (-s, -c), (-c, s))[n & 3]
