// The workspace panel's list of prunable layers: every convolution with where it is masked and
// its channel count, the layer in use selected, and a pick reported for reopening.
#include "desktop_test_util.h"

#include "app/desktop/workspace_panel.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QComboBox>

namespace bdl::app::test {

namespace {

WorkspaceInfo resnetLike() {
    WorkspaceInfo info;
    info.modelPath = QStringLiteral("/models/resnet.pt");
    info.format = QStringLiteral("torchscript");
    info.architecture = QStringLiteral("ResNet");
    info.height = info.width = 32;
    info.channels = 3;
    info.classes = 10;
    info.pruneLayer = QStringLiteral("layer2.1.relu_2"); // a block output, not a convolution's
    info.pruneChannels = 32;
    info.normalization = QStringLiteral("cifar10");
    info.prunable = {{QStringLiteral("conv1"), QStringLiteral("relu"), 16},
                     {QStringLiteral("layer2.1.conv1"), QStringLiteral("layer2.1.relu"), 32},
                     {QStringLiteral("layer2.1.conv2"), QStringLiteral("layer2.1.bn2"), 32}};
    return info;
}

} // namespace

class WorkspacePanelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsEveryConvolutionAndReportsAPick() {
        WorkspacePanel panel;
        WorkspaceInfo info = resnetLike();
        panel.setWorkspace(info);
        QComboBox* box = panel.pruneLayerBox();
        QVERIFY(box);
        // The default (the last block output) first, then every convolution.
        QCOMPARE(box->count(), 4);
        QCOMPARE(box->currentIndex(), 0);
        QVERIFY(box->itemText(0).contains(QStringLiteral("layer2.1.relu_2")));
        QVERIFY(box->itemText(3).contains(QStringLiteral("layer2.1.conv2")));
        QVERIFY(box->itemText(3).contains(QStringLiteral("layer2.1.bn2")));
        QVERIFY(box->itemText(3).contains(QStringLiteral("32 channels")));
        QVERIFY(panel.summaryText().contains(QStringLiteral("cifar10")));
        QSignalSpy picked(&panel, &WorkspacePanel::pruneLayerChosen);
        box->setCurrentIndex(2);
        Q_EMIT box->activated(2);
        QCOMPARE(picked.count(), 1);
        QCOMPARE(picked.at(0).at(0).toString(), QStringLiteral("layer2.1.conv1"));

        // Pruning a convolution's block output selects that convolution.
        info.pruneLayer = QStringLiteral("layer2.1.relu");
        panel.setWorkspace(info);
        QCOMPARE(panel.pruneLayerBox()->count(), 3);
        QCOMPARE(panel.pruneLayerBox()->currentData().toString(), QStringLiteral("layer2.1.conv1"));

        // One convolution: nothing to choose.
        info.prunable.resize(1);
        panel.setWorkspace(info);
        QVERIFY(!panel.pruneLayerBox());
    }

    void saysWhichPrecisionRuns() {
        WorkspacePanel panel;
        WorkspaceInfo info = resnetLike();
        panel.setWorkspace(info);
        QVERIFY(panel.summaryText().contains(QStringLiteral("  Inference: float32\n")));
        info.precisionRequested = info.precision = QStringLiteral("bf16");
        info.precisionNote = QStringLiteral("bf16: same top-1 on 2000/2000 check images");
        panel.setWorkspace(info);
        QVERIFY(panel.summaryText().contains(QStringLiteral("Inference: bfloat16 (checked)")));
        info.precision = QStringLiteral("fp32");
        info.precisionNote = QStringLiteral("fp32: this CPU has no AVX512-BF16; batch 256");
        panel.setWorkspace(info);
        QVERIFY(panel.summaryText().contains(QStringLiteral("float32 (bfloat16 refused)")));
    }
};

BDL_REGISTER_DESKTOP_TEST(WorkspacePanelTest);

} // namespace bdl::app::test

#include "test_workspace_panel.moc"
