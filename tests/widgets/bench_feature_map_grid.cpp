// FeatureMapGridBench (bench_qt, not CTest): the time to show new activations in the feature-map
// grid, four panels of 60 channels of 5x4 (setMaps x 4, setPrunedChannels, replot), on a
// 1400x500 grid. What it draws: FeatureMapGridTest.
#include "widget_test_util.h"

#include "widgets/feature_map_grid.h"

#include <QtTest/QtTest>

using namespace bdl::widgets;

class FeatureMapGridBench : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void setFourPanelsAndReplot() {
        constexpr int kChannels = 60, kHeight = 5, kWidth = 4;
        FeatureMapGrid grid;
        grid.resize(1400, 500);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        QVector<QVector<float>> data(FeatureMapGrid::kPanelCount);
        for (int p = 0; p < FeatureMapGrid::kPanelCount; ++p)
            for (int i = 0; i < kChannels * kHeight * kWidth; ++i)
                data[p].append(static_cast<float>(p + i % 97) / 10.0f);
        int round = 0;
        QBENCHMARK {
            for (int p = 0; p < FeatureMapGrid::kPanelCount; ++p)
                grid.setMaps(p, QString(), kChannels, kHeight, kWidth, data[p]);
            grid.setPrunedChannels({round % kChannels, (round + 1) % kChannels, 20});
            grid.replotNow();
            ++round;
        }
        QVERIFY(grid.hasMaps(FeatureMapGrid::kPanelCount - 1));
    }
};

BDL_REGISTER_WIDGET_TEST(FeatureMapGridBench);
#include "bench_feature_map_grid.moc"
