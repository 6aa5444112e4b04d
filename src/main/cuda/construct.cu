// Example construction on the GPU (SPEC 4), the device half of dev.augur.construct.cuda.
//
// A sub-batch of latents arrives packed: offsets[l] .. offsets[l+1] index latent l's activations
// in flat[] (flat corpus position, sorted) and values[] (float, copied bit for bit from the cache).
// Every kernel runs one block of BLOCK threads per latent, so no global scan or sort is needed.
// Window data is written at the latent's activation offsets (a latent has at most as many
// windows as activations); ranked output is written compactly at out_off[l].
//
// Regenerate the shipped PTX with bench/build-ptx.sh after editing this file; keep to features
// of PTX ISA 8.0 (the script rewrites nvcc 13's .version 9.0 to 8.0, which JCuda loads).
// Values are only compared, never computed with, so outputs equal the CPU backend's exactly.

#define BLOCK 256
#define PAD_KEY 0x7FFFFFFFFFFFFFFFLL

// Distinct active windows of each latent in corpus order, with their range of activations,
// maximum and first position of the maximum (strict '>' from the first, like the CPU backend).
extern "C" __global__ void find_windows(const int* offsets, const int* flat, const float* values,
                                        int c, int* win_id, int* win_from, int* win_to,
                                        float* win_max, int* win_argmax, int* n_win)
{
    __shared__ int scan[BLOCK];
    __shared__ int carry;
    const int l = blockIdx.x;
    const int t = threadIdx.x;
    const int begin = offsets[l];
    const int end = offsets[l + 1];
    if (t == 0) {
        carry = 0;
    }
    __syncthreads();
    for (int base = begin; base < end; base += BLOCK) {
        const int j = base + t;
        int head = 0;
        if (j < end) {
            head = (j == begin || flat[j - 1] / c != flat[j] / c) ? 1 : 0;
        }
        scan[t] = head;
        __syncthreads();
        for (int step = 1; step < BLOCK; step <<= 1) { // inclusive scan of window starts
            const int add = t >= step ? scan[t - step] : 0;
            __syncthreads();
            scan[t] += add;
            __syncthreads();
        }
        if (head) {
            const int k = begin + carry + scan[t] - 1;
            win_id[k] = flat[j] / c;
            win_from[k] = j;
        }
        __syncthreads();
        if (t == BLOCK - 1) {
            carry += scan[t];
        }
        __syncthreads();
    }
    const int n = carry;
    for (int k = t; k < n; k += BLOCK) {
        const int from = win_from[begin + k];
        const int to = k + 1 < n ? win_from[begin + k + 1] : end;
        float best = values[from];
        int arg = from;
        for (int j = from + 1; j < to; j++) {
            if (values[j] > best) {
                best = values[j];
                arg = j;
            }
        }
        win_to[begin + k] = to;
        win_max[begin + k] = best;
        win_argmax[begin + k] = arg;
    }
    if (t == 0) {
        n_win[l] = n;
    }
}

// The CPU backend's sort key: maximum descending, then window order, as one signed 64-bit int.
__device__ long long rank_key(float max, int slot)
{
    const int bits = __float_as_int(max);
    const int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
    const unsigned long long high = (unsigned long long) (unsigned int) (~sortable);
    return (long long) ((high << 32) | (unsigned long long) (unsigned int) slot);
}

// Ranks each latent's windows: a bitonic sort of its keys, padded to a power of two at
// key_off[l] .. key_off[l+1]. Keys are unique, so the result is the CPU's stable order.
extern "C" __global__ void rank_windows(const int* offsets, const int* n_win, const float* win_max,
                                        const int* key_off, long long* keys)
{
    const int l = blockIdx.x;
    const int t = threadIdx.x;
    const int n = n_win[l];
    const int base = offsets[l];
    const int p = key_off[l + 1] - key_off[l];
    long long* k = keys + key_off[l];
    for (int i = t; i < p; i += BLOCK) {
        k[i] = i < n ? rank_key(win_max[base + i], i) : PAD_KEY;
    }
    __syncthreads();
    for (int size = 2; size <= p; size <<= 1) {
        for (int stride = size >> 1; stride > 0; stride >>= 1) {
            for (int i = t; i < p; i += BLOCK) {
                const int partner = i ^ stride;
                if (partner > i) {
                    const long long a = k[i];
                    const long long b = k[partner];
                    const bool ascending = (i & size) == 0;
                    if ((a > b) == ascending) {
                        k[i] = b;
                        k[partner] = a;
                    }
                }
            }
            __syncthreads();
        }
    }
}

// First index in [lo, hi) whose flat position is >= position.
__device__ int lower_bound(const int* flat, int lo, int hi, int position)
{
    while (lo < hi) {
        const int mid = (int) (((unsigned int) lo + (unsigned int) hi) >> 1);
        if (flat[mid] < position) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

// Gathers each latent's windows in rank order: slot (index in corpus order), window id,
// activation range and maximum; with centered != 0 also the re-cut window [start, start + c)
// and its activation range, or start -1 where the window is first or last in its sequence.
// Ranges are relative to the latent's first activation.
extern "C" __global__ void gather_ranked(const int* offsets, const int* n_win, const int* out_off,
                                         const int* key_off, const long long* keys,
                                         const int* flat, const int* win_id, const int* win_from,
                                         const int* win_to, const float* win_max,
                                         const int* win_argmax, int c, int windows_per_seq,
                                         int centered, int* r_slot, int* r_window, int* r_from,
                                         int* r_to, float* r_max, int* r_start, int* r_lo,
                                         int* r_hi)
{
    const int l = blockIdx.x;
    const int n = n_win[l];
    const int base = offsets[l];
    const int end = offsets[l + 1];
    const long long* k = keys + key_off[l];
    for (int r = threadIdx.x; r < n; r += BLOCK) {
        const int slot = (int) (k[r] & 0xFFFFFFFFLL);
        const int src = base + slot;
        const int o = out_off[l] + r;
        const int window = win_id[src];
        r_slot[o] = slot;
        r_window[o] = window;
        r_from[o] = win_from[src] - base;
        r_to[o] = win_to[src] - base;
        r_max[o] = win_max[src];
        if (centered) {
            const int in_seq = window % windows_per_seq;
            if (in_seq == 0 || in_seq == windows_per_seq - 1) {
                r_start[o] = -1;
                r_lo[o] = 0;
                r_hi[o] = 0;
            } else {
                const int start = flat[win_argmax[src]] - (c - c / 4);
                r_start[o] = start;
                r_lo[o] = lower_bound(flat, base, end, start) - base;
                r_hi[o] = lower_bound(flat, base, end, start + c) - base;
            }
        }
    }
}
