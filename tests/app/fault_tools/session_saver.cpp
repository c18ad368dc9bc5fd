// session_saver: saves sessions the way the desktop app does (writeVerifiedSessionFile, what File
// > Save Session and the autosave call), for KillDuringWrite (tests/app/test_kill_during_write.cpp)
// to SIGKILL mid-save, and checks what a kill left.
//
//   session_saver write PATH [--start G] [--count N] [--weights-kb K]
//       saves generation G, G+1, ... (N of them; default: until killed) onto PATH; after each
//       save prints "wrote G MS" (ms since start) on stdout and flushes. Exit 1 on a failed save.
//   session_saver check PATH... [--weights-kb K]
//       reads each PATH with readSessionFile (Open's reader) and prints a line for it: "ok G" when
//       it is, byte for byte, the session of generation G; else "bad: REASON". Exit 0 when all
//       are ok, else 1.
//
// A generation is a whole analysis (workspace, pruning curve, B' with K KiB of weights, view
// state) whose every value depends on G, so a file mixing two saves, or cut short, never passes.
#include "app/gui/session.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonObject>
#include <QtCore/QStringList>

#include <cstdio>
#include <random>

using namespace bdl::app;

namespace {

constexpr int kChannels = 60;            // pool_3 of csaw-badnet
constexpr int kDefaultWeightsKiB = 2048; // B' of a real model is MiBs: the save takes a while

WorkspaceInfo workspaceOf(const WorkspaceRequest& r) {
    WorkspaceInfo w;
    w.modelPath = r.modelPath;
    w.format = QStringLiteral("weights-only");
    w.architecture = QStringLiteral("csaw-badnet:32x32x1:4");
    w.classes = 4;
    w.height = 32;
    w.width = 32;
    w.channels = 1;
    w.scale = QStringLiteral("1/255");
    w.detectedScale = QStringLiteral("1/255");
    w.pruneLayer = QStringLiteral("pool_3");
    w.pruneChannels = kChannels;
    w.sets = {
        DataSetInfo{
            QStringLiteral("clean_test"), r.cleanTestPath, DataSetInfo::CleanTest, 96, {}, false},
        DataSetInfo{
            QStringLiteral("clean_train"), r.trainPath, DataSetInfo::CleanTrain, 80, {}, false},
        DataSetInfo{
            QStringLiteral("patch"), r.poisoned[0].path, DataSetInfo::Poisoned, 64, {0}, false}};
    w.poisonedNames = {QStringLiteral("patch")};
    return w;
}

/// The session of generation g: every number and the weights depend on g.
SessionState generation(qint64 g, int weightsKiB) {
    std::mt19937_64 rng(static_cast<uint64_t>(g) * 7919u + 1u);
    std::uniform_real_distribution<double> pct(0.0, 100.0);
    SessionState s;
    s.request.modelPath = QStringLiteral("/fault/tiny.h5");
    s.request.scale = QStringLiteral("1/255");
    s.request.cleanTestPath = QStringLiteral("/fault/clean_test.h5");
    s.request.trainPath = QStringLiteral("/fault/clean_train.h5");
    s.request.poisoned = {PoisonedSource{QStringLiteral("/fault/patch.h5"), -1}};
    s.modelSha256 = QByteArray(32, static_cast<char>(g & 0x7f));
    s.results.workspace = workspaceOf(s.request);
    s.results.workspace->accUnit = pct(rng);
    CurveData c;
    c.layer = QStringLiteral("pool_3");
    c.cleanName = QStringLiteral("clean_test");
    c.poisonedNames = {QStringLiteral("patch")};
    for (int i = 0; i < kChannels; ++i) {
        c.order << (i * 7 + static_cast<int>(g)) % kChannels;
        c.channelMeans << pct(rng);
    }
    for (int k = 0; k <= kChannels; ++k)
        c.points << CurvePoint{k, k == 0 ? -1 : c.order[k - 1], pct(rng), {pct(rng)}};
    s.results.curve = c;
    RepairResult rep;
    rep.method = QStringLiteral("fine-tune");
    rep.description = QStringLiteral("generation %1").arg(g);
    rep.k = static_cast<int>(g % kChannels);
    rep.lr = 1e-3;
    rep.epochs = 2;
    rep.batchSize = 16;
    rep.ccaBefore = pct(rng);
    rep.asrBefore = {pct(rng)};
    rep.ccaAfter = pct(rng);
    rep.asrAfter = {pct(rng)};
    rep.epochLoss = {pct(rng), pct(rng)};
    rep.prunedChannels = c.order.mid(0, rep.k);
    s.results.repaired = rep;
    QByteArray weights(weightsKiB * 1024, Qt::Uninitialized);
    for (char& b : weights)
        b = static_cast<char>(rng() & 0xff);
    s.results.repairedWeights = weights;
    s.tune = TuneSettings{1e-3, 2, 16, 0};
    s.view = QJsonObject{{QStringLiteral("generation"), g}};
    return s;
}

qint64 option(const QStringList& args, const QString& name, qint64 fallback) {
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toLongLong() : fallback;
}

int write(const QString& path, const QStringList& args) {
    const qint64 start = option(args, QStringLiteral("--start"), 0);
    const qint64 count = option(args, QStringLiteral("--count"), -1);
    const int kib =
        static_cast<int>(option(args, QStringLiteral("--weights-kb"), kDefaultWeightsKiB));
    QElapsedTimer clock;
    clock.start();
    for (qint64 g = start; count < 0 || g < start + count; ++g) {
        QString error;
        if (!writeVerifiedSessionFile(path, generation(g, kib), &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::printf("wrote %lld %lld\n", static_cast<long long>(g),
                    static_cast<long long>(clock.elapsed()));
        std::fflush(stdout);
    }
    return 0;
}

/// One line for one file: "ok G" or "bad: REASON".
bool checkOne(const QString& path, int kib) {
    SessionState read;
    QString error;
    if (!readSessionFile(path, &read, &error)) {
        std::printf("bad: %s\n", qPrintable(error));
        return false;
    }
    const QJsonValue g = read.view.value(QStringLiteral("generation"));
    if (!g.isDouble()) {
        std::printf("bad: %s: no generation in the view state\n", qPrintable(path));
        return false;
    }
    const qint64 gen = g.toInteger();
    if (sessionToBytes(read) != sessionToBytes(generation(gen, kib))) {
        std::printf("bad: %s: generation %lld differs from what was saved\n", qPrintable(path),
                    static_cast<long long>(gen));
        return false;
    }
    std::printf("ok %lld\n", static_cast<long long>(gen));
    return true;
}

int check(const QStringList& args) {
    const int kib =
        static_cast<int>(option(args, QStringLiteral("--weights-kb"), kDefaultWeightsKiB));
    bool all = true;
    for (qsizetype i = 2; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--weights-kb")) {
            ++i;
            continue;
        }
        all = checkOne(args.at(i), kib) && all;
    }
    return all ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: session_saver write|check PATH [options]\n");
        return 2;
    }
    if (args.at(1) == QLatin1String("write"))
        return write(args.at(2), args);
    if (args.at(1) == QLatin1String("check"))
        return check(args);
    std::fprintf(stderr, "unknown mode %s\n", qPrintable(args.at(1)));
    return 2;
}
