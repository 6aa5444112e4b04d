// Cosine-similarity neighbours on the GPU (issue 15), the device half of
// dev.augur.neighbours.CudaSimilarity. The host uploads the SAE's vectors already scaled to unit
// length (row-major, width x d) once; then, a sub-block of query rows at a time:
//   similarity_scores: scores[r][c] = dot(row0 + r, c) for every column c, a tiled matrix product
//     (64 x 64 outputs per block, 16-wide slices of d through shared memory, 4 x 4 per thread);
//   row_topk: one block per row keeps the k best columns (self and zero rows left out), each
//     thread over its strided share of the columns, then k rounds of a block-wide arg-max merge.
// Every dot product is acc = fmaf(a[j], b[j], acc) for j = 0 .. d-1 in that order, starting at 0,
// as CpuSimilarity.dot sums it, so values are bit-identical to the CPU path (no fast-math, no
// flush-to-zero: nvcc's defaults). Order: larger value first, ties to the lower column index.
//
// Regenerate the shipped PTX with bench/build-ptx.sh after editing this file; keep to features
// of PTX ISA 8.0. Grids are one-dimensional: the host launches BLOCK threads per block.

#define BLOCK 256
#define TILE 64
#define SLICE 16
#define KMAX 64

extern "C" __global__ void similarity_scores(const float* unit, int width, int d, int row0,
                                             int rows, float* scores)
{
    __shared__ float as[SLICE][TILE + 1];
    __shared__ float bs[SLICE][TILE + 1];
    const int col_blocks = (width + TILE - 1) / TILE;
    const int r_base = (blockIdx.x / col_blocks) * TILE;
    const int c_base = (blockIdx.x % col_blocks) * TILE;
    const int tx = threadIdx.x % 16;
    const int ty = threadIdx.x / 16;
    float acc[4][4];
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            acc[i][j] = 0.0f;
        }
    }
    for (int j0 = 0; j0 < d; j0 += SLICE) {
        const int n = min(SLICE, d - j0);
        for (int e = threadIdx.x; e < TILE * SLICE; e += BLOCK) {
            const int t = e / SLICE;
            const int s = e % SLICE;
            const int r = r_base + t;
            const int c = c_base + t;
            as[s][t] = (r < rows && s < n) ? unit[(size_t)(row0 + r) * d + j0 + s] : 0.0f;
            bs[s][t] = (c < width && s < n) ? unit[(size_t)c * d + j0 + s] : 0.0f;
        }
        __syncthreads();
        for (int s = 0; s < n; s++) { // only j < d: padding would turn an acc of -0 into +0
            float a[4];
            float b[4];
            for (int i = 0; i < 4; i++) {
                a[i] = as[s][ty + 16 * i];
                b[i] = bs[s][tx + 16 * i];
            }
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }
    for (int i = 0; i < 4; i++) {
        const int r = r_base + ty + 16 * i;
        for (int j = 0; j < 4; j++) {
            const int c = c_base + tx + 16 * j;
            if (r < rows && c < width) {
                scores[(size_t)r * width + c] = acc[i][j];
            }
        }
    }
}

__device__ __forceinline__ bool better(float v, int i, float w, int j)
{
    return v > w || (v == w && i < j);
}

extern "C" __global__ void row_topk(const float* scores, int width, int row0, const int* alive,
                                    int k, int* out_idx, float* out_val)
{
    __shared__ float sv[BLOCK];
    __shared__ int si[BLOCK];
    __shared__ int st[BLOCK];
    const int r = blockIdx.x;
    const int t = threadIdx.x;
    const int self = row0 + r;
    const float* row = scores + (size_t)r * width;
    float lv[KMAX];
    int li[KMAX];
    int n = 0;
    for (int c = t; c < width; c += BLOCK) {
        if (c == self || !alive[c]) {
            continue;
        }
        const float v = row[c];
        if (n == k && !better(v, c, lv[k - 1], li[k - 1])) {
            continue;
        }
        int p = n < k ? n++ : k - 1;
        while (p > 0 && better(v, c, lv[p - 1], li[p - 1])) {
            lv[p] = lv[p - 1];
            li[p] = li[p - 1];
            p--;
        }
        lv[p] = v;
        li[p] = c;
    }
    int head = 0;
    for (int out = 0; out < k; out++) {
        sv[t] = head < n ? lv[head] : -INFINITY;
        si[t] = head < n ? li[head] : 0x7FFFFFFF;
        st[t] = t;
        __syncthreads();
        for (int s = BLOCK / 2; s > 0; s >>= 1) {
            if (t < s && better(sv[t + s], si[t + s], sv[t], si[t])) {
                sv[t] = sv[t + s];
                si[t] = si[t + s];
                st[t] = st[t + s];
            }
            __syncthreads();
        }
        const int win = st[0];
        const int wi = si[0];
        const float wv = sv[0];
        __syncthreads(); // everyone has read the winner before the next round overwrites it
        if (t == 0) {
            out_idx[(size_t)r * k + out] = wi == 0x7FFFFFFF ? -1 : wi;
            out_val[(size_t)r * k + out] = wv;
        }
        if (t == win) {
            head++;
        }
    }
}
