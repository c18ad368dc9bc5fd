// The compute device (runtime.h) and where a Model lives: the names --device takes, the errors on
// a LibTorch without CUDA (Debian's), and, on a CUDA build with a GPU, the CPU's results there.
#include "core/base/errors.h"
#include "core/base/runtime.h"
#include "core/defenses/pruning.h"
#include "core/defenses/strip.h"
#include "core/nn/activations.h"
#include "core/nn/finetune.h"
#include "core/nn/metrics.h"

#include "tests/core/error_expect.h"
#include "tests/core/synthetic.h"

#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <gtest/gtest.h>
#include <torch/cuda.h>
#include <torch/types.h>

#include <string>

namespace bdl::core {
namespace {

/// The CPU again as the compute device when a test ends, however it ends.
struct CpuAfterwards {
    ~CpuAfterwards() { setComputeDevice("cpu"); }
};

constexpr const char* kNoCudaProblem =
    "this LibTorch build has no CUDA support (Debian's libtorch-dev is CPU-only); build "
    "BackdoorLab against a CUDA LibTorch to run on a GPU";

TEST(ComputeDevice, ParsesCpuCudaAndCudaN) {
    c10::Device d(c10::kCPU);
    ASSERT_TRUE(parseComputeDevice("cpu", &d));
    EXPECT_TRUE(d.is_cpu());
    EXPECT_EQ(d, torch::empty({1}).device()); // index -1, as a CPU tensor's
    ASSERT_TRUE(parseComputeDevice("cuda", &d));
    EXPECT_EQ(d, c10::Device(c10::kCUDA, 0));
    ASSERT_TRUE(parseComputeDevice("cuda:3", &d));
    EXPECT_EQ(d, c10::Device(c10::kCUDA, 3));
    for (const char* bad : {"", "tpu", "CPU", "cpu:0", " cpu", "cuda:", "cuda:x", "cuda0",
                            "cuda:-1", "cuda:1:2", "cuda:123", "mps"}) {
        std::string why;
        EXPECT_FALSE(parseComputeDevice(bad, &d, &why)) << bad;
        EXPECT_EQ(why, "unknown device '" + std::string(bad) + "' (cpu, cuda or cuda:N)");
    }
}

TEST(ComputeDevice, TheCpuIsTheDefaultAndModelsAreMadeThere) {
    CpuAfterwards restore;
    EXPECT_TRUE(computeDevice().is_cpu());
    EXPECT_TRUE(setComputeDevice("cpu").is_cpu());
    EXPECT_EQ(computeDeviceName(), "cpu");
    const Model m = test::tinyModel(1);
    EXPECT_TRUE(m.device().is_cpu());
    for (const auto& t : m.parameters())
        EXPECT_TRUE(t.device().is_cpu());
}

TEST(ComputeDevice, AnUnknownNameIsAnErrorNamingIt) {
    CpuAfterwards restore;
    EXPECT_ERROR_WITH(setComputeDevice("tpu"), "tpu: unknown device 'tpu' (cpu, cuda or cuda:N)");
    EXPECT_TRUE(computeDevice().is_cpu());
}

TEST(ComputeDevice, CudaWithoutCudaSaysWhyAndKeepsTheCpu) {
    if (torch::cuda::is_available())
        GTEST_SKIP() << "this LibTorch has CUDA and sees a GPU: setComputeDevice(\"cuda\") works";
    CpuAfterwards restore;
    const bool buildHasCuda = c10::impl::hasDeviceGuardImpl(c10::kCUDA);
    for (const std::string name : {"cuda", "cuda:0", "cuda:1"}) {
        try {
            setComputeDevice(name);
            ADD_FAILURE() << name << " was accepted without CUDA";
        } catch (const Error& e) {
            EXPECT_EQ(e.source(), name);
            if (buildHasCuda) // a CUDA LibTorch on a machine without a GPU
                EXPECT_EQ(e.problem().rfind("no CUDA device visible (CUDA_VISIBLE_DEVICES=", 0), 0u)
                    << e.problem();
            else
                EXPECT_EQ(e.problem(), kNoCudaProblem);
        }
        EXPECT_TRUE(computeDevice().is_cpu());
    }
}

// On the CPU, to(cpu) changes nothing and what leaves a model is on the CPU.
TEST(ComputeDevice, MovingToTheCpuKeepsEverythingAsItWas) {
    const auto& task = test::syntheticTask();
    Model m(task.model);
    m.setChannelMask("pool_3", torch::ones({m.outputShape("pool_3").channels()}));
    const auto before = predictLabels(m, task.cleanTest.images);
    const auto weight = m.parameters().front();
    m.to(torch::kCPU);
    EXPECT_TRUE(m.parameters().front().is_same(weight)); // not even a copy
    EXPECT_TRUE(torch::equal(predictLabels(m, task.cleanTest.images), before));
    EXPECT_TRUE(m.channelMask("pool_3").device().is_cpu());
    EXPECT_TRUE(m.kerasWeights("conv_1").front().device().is_cpu());
    EXPECT_TRUE(m.layerTensors("conv_1").weight.device().is_cpu());
}

// On a CUDA build with a GPU (never in Debian's CI): the same results as on the CPU, up to the
// float rounding of other kernels (cuDNN, TF32 convolutions on Ampere and later).
TEST(ComputeDevice, AGpuGivesTheCpuResults) {
    if (!torch::cuda::is_available())
        GTEST_SKIP() << "no CUDA device visible (Debian's LibTorch has no CUDA): the GPU parity "
                        "test runs on a build against a CUDA LibTorch, on a GPU";
    CpuAfterwards restore;
    const auto& task = test::syntheticTask();
    Model gpu(task.model);
    gpu.to(c10::Device(c10::kCUDA, 0));
    ASSERT_TRUE(gpu.device().is_cuda());
    for (const auto& t : gpu.parameters())
        EXPECT_TRUE(t.device().is_cuda());

    const auto cpuPred = predictLabels(task.model, task.cleanTest.images);
    const auto gpuPred = predictLabels(gpu, task.cleanTest.images);
    EXPECT_TRUE(gpuPred.device().is_cpu());
    EXPECT_GE((cpuPred == gpuPred).to(torch::kFloat64).mean().item<double>(), 0.99);

    const EvalReport a = evaluate(task.model, task.cleanTest, {task.poisonedTest});
    const EvalReport b = evaluate(gpu, task.cleanTest, {task.poisonedTest});
    EXPECT_NEAR(a.cca, b.cca, 1.0);
    EXPECT_NEAR(a.asr.at(0).asr, b.asr.at(0).asr, 1.0);

    const auto acts =
        layerActivations(gpu, task.cleanTest.images, "pool_3", ProgressScope(nullptr));
    EXPECT_TRUE(acts.device().is_cuda());
    const auto summary = summarizeActivations(acts, "pool_3", "clean");
    EXPECT_EQ(static_cast<int64_t>(summary.channelMeans.size()), acts.size(1));

    PruneConfig pc;
    pc.maxChannels = 8;
    const PruningCurve ca =
        pruningCurve(task.model, task.cleanTrain, task.cleanTest, {task.poisonedTest}, pc);
    const PruningCurve cb =
        pruningCurve(gpu, task.cleanTrain, task.cleanTest, {task.poisonedTest}, pc);
    EXPECT_FALSE(cb.fastPath);
    EXPECT_NE(cb.fastPathNote.find("runs on the CPU only"), std::string::npos) << cb.fastPathNote;
    ASSERT_EQ(ca.points.size(), cb.points.size());
    EXPECT_NEAR(ca.points.front().cca, cb.points.front().cca, 1.0);
    // Off a cut point: the frontier cache on the GPU gives the whole masked model's points there.
    PruneConfig frontier;
    frontier.layer = "conv_4";
    frontier.maxChannels = 6;
    PruneConfig masked = frontier;
    masked.frontierCacheBytes = 0;
    const PruningCurve fa =
        pruningCurve(gpu, task.cleanTrain, task.cleanTest, {task.poisonedTest}, frontier);
    const PruningCurve fb =
        pruningCurve(gpu, task.cleanTrain, task.cleanTest, {task.poisonedTest}, masked);
    ASSERT_EQ(fa.points.size(), fb.points.size());
    for (size_t i = 0; i < fa.points.size(); ++i)
        EXPECT_EQ(fa.points[i].cca, fb.points[i].cca) << "k = " << i;

    StripConfig sc;
    sc.n = 8;
    const auto inputs = task.cleanTest.images.slice(0, 0, 16);
    const auto ha = stripEntropies(task.model, inputs, task.cleanTrain.images, sc);
    const auto hb = stripEntropies(gpu, inputs, task.cleanTrain.images, sc);
    EXPECT_TRUE(hb.device().is_cpu());
    EXPECT_TRUE(torch::allclose(ha, hb, /*rtol=*/1e-2, /*atol=*/2e-2));

    // Training from scratch (a loss worth comparing): the same shuffles on both devices. On an
    // H200 (torch 2.11) the two epochs' losses were 0.894, 0.428 on the CPU, 0.893, 0.433 there.
    FineTuneConfig ft;
    ft.epochs = 2;
    ft.seed = 7;
    Model tunedCpu = test::tinyModel(2);
    Model tunedGpu(tunedCpu);
    tunedGpu.to(c10::Device(c10::kCUDA, 0));
    const auto la = fineTune(tunedCpu, task.trainMixed, ft);
    const auto lb = fineTune(tunedGpu, task.trainMixed, ft);
    EXPECT_TRUE(tunedGpu.device().is_cuda());
    for (size_t e = 0; e < 2; ++e)
        EXPECT_NEAR(la.epochLoss.at(e), lb.epochLoss.at(e), 0.05 * la.epochLoss.at(e) + 1e-3);

    // Made while CUDA is the compute device: allocated there, with the CPU's weights for a seed.
    setComputeDevice("cuda");
    const Model made = test::tinyModel(1);
    EXPECT_TRUE(made.device().is_cuda());
    setComputeDevice("cpu");
    EXPECT_TRUE(torch::equal(made.kerasWeights("conv_1").front(),
                             test::tinyModel(1).kerasWeights("conv_1").front()));
}

} // namespace
} // namespace bdl::core
