package dev.augur.cache;

/** IEEE 754 half precision (F16) and bfloat16 conversions; Java 17 has neither built in. */
public final class Half {
    private static final float[] F16_TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < F16_TO_FLOAT.length; h++) {
            F16_TO_FLOAT[h] = compute(h);
        }
    }

    private Half() {
    }

    /** Widens F16 bits to float (exact; a table lookup, as this runs per activation). */
    public static float toFloat(short bits) {
        return F16_TO_FLOAT[bits & 0xFFFF];
    }

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    private static float compute(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        float value;
        if (exp == 0) {
            value = mant * 0x1p-24f; // subnormal
        } else if (exp == 31) {
            value = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            value = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 1 ? -value : value;
    }

    /** Rounds a float to the nearest F16 (ties to even), as numpy's astype(float16). */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) { // inf or NaN
            return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 : 0));
        }
        if (abs >= 0x477FF000) { // rounds to >= 65520: overflow to infinity
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x38800000) { // below the smallest normal half: subnormal or zero
            if (abs < 0x33000000) {
                return (short) sign; // rounds to zero (ties at 2^-25 go to even zero)
            }
            int e = abs >>> 23;
            int m = (abs & 0x7FFFFF) | 0x800000;
            int shift = 126 - e; // 113 -> 13 ... 102 -> 24
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int e = (abs >>> 23) - 127 + 15;
        int m = abs & 0x7FFFFF;
        int half = (e << 10) | (m >>> 13);
        int rem = m & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
            half++; // may carry into the exponent, which is still correct
        }
        return (short) (sign | half);
    }
}
