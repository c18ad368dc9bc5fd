#pragma once
/// @file argmax_certifier.h
/// Internal to the pruning code: keeps the arg-max of a final dense layer y = W h + b up to date
/// while its input h changes step by step, without recomputing all logits every step.
///
/// For each row we keep a reference input h_ref whose logits were computed exactly, the K largest
/// of them and the (K+1)-th largest value. With d = |h - h_ref| (Euclidean) every logit moves by at
/// most |W_j| d (Cauchy-Schwarz). So if the exact logit of the current best class t beats
/// thr + max_j |W_j| d, the arg-max is among the reference top K (or t), and each of those only
/// needs an exact dot product when its bound can still reach the best value. Rows where the
/// bound fails get exact logits (one GEMM) and a new reference. The result equals the exact
/// arg-max; values within a small slack of a tie are always computed exactly.
#include <torch/types.h>

#include <cstdint>

namespace bdl::core::detail {

/// Whether dense layers should run through oneDNN (torch::mkldnn_linear) rather than the BLAS
/// behind torch::linear. oneDNN's JIT uses AVX-512 where the CPU has it; OpenBLAS 0.3.21 (Debian
/// 12) does not recognise recent AMD CPUs and falls back to its AVX2 kernels, which run these
/// GEMMs about 1.8x slower. When OpenBLAS already runs AVX-512 kernels (e.g. started with
/// OPENBLAS_CORETYPE=SkylakeX) it is used directly, saving oneDNN's layout conversions.
bool preferOneDnnGemm();

class ArgmaxCertifier {
public:
    /// Reference data for every row of one data set.
    struct Rows {
        torch::Tensor href;   ///< (N, D) float
        torch::Tensor topIdx; ///< (N, K) int64, the reference top-K classes
        torch::Tensor topVal; ///< (N, K) float, their reference logits
        torch::Tensor thr;    ///< (N) float, the (K+1)-th largest reference logit (-inf if none)
    };

    /// weight (C, D), bias (C) or undefined; k = candidates kept per row.
    ArgmaxCertifier(const torch::Tensor& weight, const torch::Tensor& bias, int64_t k = 8);

    /// Exact logits (R, C) of inputs h (R, D).
    torch::Tensor logits(const torch::Tensor& h) const;
    /// References for all rows from their inputs h (N, D).
    Rows initial(const torch::Tensor& h) const;
    /// New inputs h (R, D) for the given rows: updates pred[rows] (and the references of rows
    /// that needed exact logits). pred: (N) int64, the current arg-max of every row.
    void update(Rows& state, const torch::Tensor& rows, const torch::Tensor& h,
                torch::Tensor& pred) const;

private:
    void refresh(Rows& state, const torch::Tensor& rows, const torch::Tensor& h,
                 torch::Tensor& pred) const;

    torch::Tensor m_weight;       ///< (C, D) float, contiguous
    torch::Tensor m_bias;         ///< (C) float (zeros when the layer has none)
    torch::Tensor m_mkldnnWeight; ///< oneDNN copies (undefined without oneDNN)
    torch::Tensor m_mkldnnBias;
    torch::Tensor m_norms; ///< (C) float, |W_j|
    float m_maxNorm = 0.0f;
    int64_t m_k = 8;
};

} // namespace bdl::core::detail
