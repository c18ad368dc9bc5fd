// FeatureMapGrid: maps stored and drawn in their tiles, one shared colour range, pruned
// outlines, hit testing and tooltips, and 60 channels x 4 panels redrawn round after round (how
// fast: FeatureMapGridBench in bench_feature_map_grid.cpp).
#include "widget_test_util.h"

#include "widgets/feature_map_grid.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

using namespace bdl::widgets;
using bdl::widgets::test::renderImage;
using bdl::widgets::test::sameColor;

namespace {

// channels x h x w values; value = offset + channel + (y * w + x) / 100, all distinct.
QVector<float> maps(int channels, int h, int w, float offset) {
    QVector<float> data;
    data.reserve(channels * h * w);
    for (int c = 0; c < channels; ++c)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                data.append(offset + static_cast<float>(c) +
                            static_cast<float>(y * w + x) / 100.0f);
    return data;
}

} // namespace

class FeatureMapGridTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void storesMapsExactly() {
        FeatureMapGrid grid;
        QVERIFY(grid.setMaps(0, QStringLiteral("before, clean"), 60, 3, 3, maps(60, 3, 3, 0.0f)));
        QVERIFY(grid.hasMaps(0));
        QVERIFY(!grid.hasMaps(1));
        QCOMPARE(grid.tileColumns(0), 8);
        QCOMPARE(grid.mapValue(0, 17, 2, 1), static_cast<double>(17.0f + 7.0f / 100.0f));
        QVERIFY(std::isnan(grid.mapValue(0, 60, 0, 0)));
        QVERIFY(std::isnan(grid.mapValue(1, 0, 0, 0)));
        QCOMPARE(grid.panelTitle(0), QStringLiteral("before, clean"));
        auto* map = grid.customPlot()->findChild<QCPColorMap*>(QStringLiteral("colorMap0"));
        QVERIFY(map && !map->interpolate());
    }

    void rejectsBadInput() {
        FeatureMapGrid grid;
        QVERIFY(!grid.setMaps(4, QString(), 2, 2, 2, maps(2, 2, 2, 0)));
        QVERIFY(!grid.setMaps(-1, QString(), 2, 2, 2, maps(2, 2, 2, 0)));
        QVERIFY(!grid.setMaps(0, QString(), 2, 2, 2, maps(2, 2, 1, 0)));
        QVERIFY(!grid.setMaps(0, QString(), 0, 2, 2, {}));
        QVERIFY(!grid.hasMaps(0));
    }

    void sharedColorRange() {
        FeatureMapGrid grid;
        QCOMPARE(grid.colorRange(), std::make_pair(0.0, 1.0));
        QVERIFY(grid.setMaps(0, QString(), 4, 2, 2, maps(4, 2, 2, 0.0f)));  // 0 .. 3.03
        QVERIFY(grid.setMaps(3, QString(), 4, 2, 2, maps(4, 2, 2, -2.0f))); // -2 .. 1.03
        const auto range = grid.colorRange();
        QCOMPARE(range.first, -2.0);
        QCOMPARE(range.second, static_cast<double>(3.0f + 0.03f));
        auto* scale = grid.customPlot()->findChild<QCPColorScale*>(QStringLiteral("colorScale"));
        QVERIFY(scale);
        QCOMPARE(scale->dataRange(), QCPRange(range.first, range.second));
        for (int p : {0, 3}) {
            auto* map =
                grid.customPlot()->findChild<QCPColorMap*>(QStringLiteral("colorMap%1").arg(p));
            QCOMPARE(map->dataRange(), scale->dataRange());
        }
        grid.clearPanel(3);
        QCOMPARE(grid.colorRange().first, 0.0);
    }

    void defaultTitles() {
        FeatureMapGrid grid;
        QCOMPARE(grid.panelTitle(1), QStringLiteral("before, poisoned"));
        QCOMPARE(grid.panelTitle(3), QStringLiteral("after, poisoned"));
    }

    void prunedOutlines() {
        FeatureMapGrid grid;
        QVERIFY(grid.setMaps(0, QString(), 60, 3, 3, maps(60, 3, 3, 0)));
        QVERIFY(grid.setMaps(2, QString(), 10, 3, 3, maps(10, 3, 3, 0)));
        grid.setPrunedChannels({59, 0, 5, 100, 5});
        QCOMPARE(grid.prunedChannels(), (QVector<int>{0, 5, 59, 100}));
        QCOMPARE(grid.prunedMarkCount(0), 3);
        QCOMPARE(grid.prunedMarkCount(1), 0);
        QCOMPARE(grid.prunedMarkCount(2), 2);
        grid.setPrunedChannels({});
        QCOMPARE(grid.prunedMarkCount(0), 0);
        QVERIFY(grid.toolTipForCell(0, 5, 0, 0).contains(QStringLiteral("channel 5")));
        grid.setPrunedChannels({5});
        QVERIFY(grid.toolTipForCell(0, 5, 0, 0).contains(QStringLiteral("channel 5 (pruned)")));
    }

    void hitTestAndRendering() {
        FeatureMapGrid grid;
        grid.resize(1200, 420);
        for (int p = 0; p < FeatureMapGrid::kPanelCount; ++p)
            QVERIFY(grid.setMaps(p, QString(), 60, 5, 4, maps(60, 5, 4, p * 10.0f)));
        grid.replotNow();
        const QImage image = renderImage(grid.customPlot());
        auto* scale = grid.customPlot()->findChild<QCPColorScale*>(QStringLiteral("colorScale"));
        for (auto [panel, channel, y, x] : {std::tuple{0, 0, 0, 0}, std::tuple{1, 17, 4, 3},
                                            std::tuple{3, 59, 2, 1}, std::tuple{2, 33, 1, 2}}) {
            const QPoint centre = grid.cellCenter(panel, channel, y, x);
            const std::optional<FeatureMapHit> hit = grid.hitAt(centre);
            QVERIFY(hit.has_value());
            QCOMPARE(hit->panel, panel);
            QCOMPARE(hit->channel, channel);
            QCOMPARE(hit->y, y);
            QCOMPARE(hit->x, x);
            const double v = grid.mapValue(panel, channel, y, x);
            QCOMPARE(grid.toolTipAt(centre), grid.toolTipForCell(panel, channel, y, x));
            QVERIFY(grid.toolTipAt(centre).contains(
                QStringLiteral("mean activation %1").arg(v, 0, 'g', 6)));
            const QColor expected = QColor::fromRgb(scale->gradient().color(v, scale->dataRange()));
            const QColor drawn = image.pixelColor(centre);
            QVERIFY2(sameColor(drawn, expected),
                     qPrintable(drawn.name() + QStringLiteral(" vs ") + expected.name()));
        }
        QVERIFY(!grid.hitAt(QPoint(1, 1)).has_value());
    }

    void redrawsSixtyChannelsFourPanelsRoundAfterRound() {
        FeatureMapGrid grid;
        grid.resize(1400, 500);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        QVector<QVector<float>> data;
        for (int p = 0; p < FeatureMapGrid::kPanelCount; ++p)
            data.append(maps(60, 5, 4, p * 1.0f));
        for (int round = 0; round < 10; ++round) {
            for (int p = 0; p < FeatureMapGrid::kPanelCount; ++p)
                QVERIFY(grid.setMaps(p, QString(), 60, 5, 4, data[p]));
            grid.setPrunedChannels({round, round + 1, round + 20});
            grid.replotNow();
            QCOMPARE(grid.prunedChannels(), (QVector<int>{round, round + 1, round + 20}));
            for (int p = 0; p < FeatureMapGrid::kPanelCount; ++p)
                QCOMPARE(grid.prunedMarkCount(p), 3);
        }
        for (int p = 0; p < FeatureMapGrid::kPanelCount; ++p)
            QCOMPARE(grid.mapValue(p, 59, 4, 3), static_cast<double>(data[p].back()));
    }

    void exportsPdf() {
        FeatureMapGrid grid;
        for (int p = 0; p < FeatureMapGrid::kPanelCount; ++p)
            QVERIFY(grid.setMaps(p, QString(), 60, 3, 3, maps(60, 3, 3, 0)));
        grid.setPrunedChannels({1, 2, 3});
        QTemporaryDir dir;
        QString error;
        QVERIFY2(grid.exportTo(dir.filePath(QStringLiteral("maps.pdf")), &error),
                 qPrintable(error));
        QVERIFY(bdl::widgets::test::readAll(dir.filePath(QStringLiteral("maps.pdf")))
                    .startsWith("%PDF"));
    }
};

BDL_REGISTER_WIDGET_TEST(FeatureMapGridTest);
#include "test_feature_map_grid.moc"
