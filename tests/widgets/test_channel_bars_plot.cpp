// ChannelBarsPlot: bars in rank order split into kept and pruned, input checks, tooltips.
#include "widget_test_util.h"

#include "widgets/channel_bars_plot.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace bdl::widgets;
using bdl::widgets::test::barPoints;
using bdl::widgets::test::parseCsv;

namespace {

// Channels 0..3 ranked 2, 0, 3, 1 (ascending clean mean).
const QVector<int> kRank{2, 0, 3, 1};
const QVector<double> kClean{0.5, 2.25, 0.125, 1.0};
const QVector<double> kPoisoned{0.75, 2.0, 3.5, 0.0};

} // namespace

class ChannelBarsPlotTest : public QObject {
    Q_OBJECT

private:
    QCPBars* bars(ChannelBarsPlot& plot, const char* name) {
        return plot.customPlot()->findChild<QCPBars*>(QLatin1String(name));
    }

private Q_SLOTS:
    void barsFollowRankAndPrunedCount() {
        ChannelBarsPlot plot;
        QVERIFY(plot.setData(kRank, kClean, kPoisoned));
        QCOMPARE(plot.channelCount(), 4);
        QCOMPARE(barPoints(bars(plot, "cleanBars")),
                 (QVector<QPointF>{{-0.2, 0.125}, {0.8, 0.5}, {1.8, 1.0}, {2.8, 2.25}}));
        QCOMPARE(bars(plot, "cleanPrunedBars")->dataCount(), 0);

        plot.setPrunedCount(2);
        QCOMPARE(plot.prunedCount(), 2);
        QCOMPARE(barPoints(bars(plot, "cleanPrunedBars")),
                 (QVector<QPointF>{{-0.2, 0.125}, {0.8, 0.5}}));
        QCOMPARE(barPoints(bars(plot, "poisonedPrunedBars")),
                 (QVector<QPointF>{{0.2, 3.5}, {1.2, 0.75}}));
        QCOMPARE(barPoints(bars(plot, "cleanBars")), (QVector<QPointF>{{1.8, 1.0}, {2.8, 2.25}}));
        QCOMPARE(barPoints(bars(plot, "poisonedBars")), (QVector<QPointF>{{2.2, 0.0}, {3.2, 2.0}}));
        QVERIFY(plot.isChannelPruned(2) && plot.isChannelPruned(0));
        QVERIFY(!plot.isChannelPruned(3) && !plot.isChannelPruned(1));

        auto* divider =
            plot.customPlot()->findChild<QCPItemStraightLine*>(QStringLiteral("prunedDivider"));
        QVERIFY(divider && divider->visible());
        QCOMPARE(divider->point1->coords().x(), 1.5);
        plot.setPrunedCount(99); // clamped
        QCOMPARE(plot.prunedCount(), 4);
        plot.setPrunedCount(0);
        QVERIFY(!divider->visible());
    }

    void tickLabelsAreChannelIds() {
        ChannelBarsPlot plot;
        QVERIFY(plot.setData(kRank, kClean, kPoisoned));
        auto ticks = plot.customPlot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticks);
        QCOMPARE(ticks->ticks().value(0.0), QStringLiteral("2"));
        QCOMPARE(ticks->ticks().value(3.0), QStringLiteral("1"));
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QVector<int>>("rank");
        QTest::addColumn<QVector<double>>("clean");
        QTest::addColumn<QVector<double>>("poisoned");
        QTest::newRow("duplicate id") << QVector<int>{0, 0, 1, 2} << kClean << kPoisoned;
        QTest::newRow("id out of range") << QVector<int>{0, 1, 2, 4} << kClean << kPoisoned;
        QTest::newRow("clean size") << kRank << QVector<double>{1, 2, 3} << kPoisoned;
        QTest::newRow("poisoned size") << kRank << kClean << QVector<double>{1, 2};
    }

    void rejectsBadInput() {
        QFETCH(QVector<int>, rank);
        QFETCH(QVector<double>, clean);
        QFETCH(QVector<double>, poisoned);
        ChannelBarsPlot plot;
        QVERIFY(plot.setData(kRank, kClean, kPoisoned));
        QVERIFY(!plot.setData(rank, clean, poisoned));
        QCOMPARE(plot.rankOrder(), kRank); // previous data kept
        QCOMPARE(bars(plot, "cleanBars")->dataCount(), 4);
    }

    void cleanOnly() {
        ChannelBarsPlot plot;
        QVERIFY(plot.setData(kRank, kClean, {}));
        QCOMPARE(bars(plot, "poisonedBars")->dataCount(), 0);
        QVERIFY(!plot.toolTipForRank(0).contains(QStringLiteral("poisoned")));
    }

    void toolTipHasExactValues() {
        ChannelBarsPlot plot;
        QVERIFY(plot.setData(kRank, kClean, kPoisoned));
        plot.setPrunedCount(1);
        QCOMPARE(
            plot.toolTipForRank(0),
            QStringLiteral("channel 2 (rank 0 of 4)\nclean mean 0.125\npoisoned mean 3.5\npruned"));
        QCOMPARE(plot.toolTipForRank(3),
                 QStringLiteral("channel 1 (rank 3 of 4)\nclean mean 2.25\npoisoned mean 2\nkept"));
        QVERIFY(plot.toolTipForRank(4).isEmpty());
        plot.resize(600, 400);
        plot.replotNow();
        QCustomPlot* cp = plot.customPlot();
        const QPoint onRank2(static_cast<int>(cp->xAxis->coordToPixel(2.1)),
                             static_cast<int>(cp->yAxis->coordToPixel(0.1)));
        QCOMPARE(plot.rankAt(onRank2), 2);
        QCOMPARE(plot.toolTipAt(onRank2), plot.toolTipForRank(2));
    }

    void csvRows() {
        ChannelBarsPlot plot;
        QVERIFY(plot.setData(kRank, kClean, kPoisoned));
        plot.setPrunedCount(2);
        const QVector<QStringList> rows = parseCsv(plot.toCsv());
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows[1],
                 (QStringList{QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("0.125"),
                              QStringLiteral("3.5"), QStringLiteral("1")}));
        QCOMPARE(rows[4],
                 (QStringList{QStringLiteral("3"), QStringLiteral("1"), QStringLiteral("2.25"),
                              QStringLiteral("2"), QStringLiteral("0")}));
    }

    void exportsSvg() {
        ChannelBarsPlot plot;
        QVector<int> rank(60);
        QVector<double> clean(60), poisoned(60);
        for (int i = 0; i < 60; ++i) {
            rank[i] = (i * 7) % 60;
            clean[rank[i]] = i * 0.1;
            poisoned[rank[i]] = i < 10 ? 5.0 : i * 0.09;
        }
        QVERIFY(plot.setData(rank, clean, poisoned));
        plot.setPrunedCount(20);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(plot.exportTo(dir.filePath(QStringLiteral("bars.svg")), &error),
                 qPrintable(error));
        const QByteArray svg =
            bdl::widgets::test::readAll(dir.filePath(QStringLiteral("bars.svg")));
        QVERIFY(svg.contains("<svg") && svg.size() > 5000);
    }
};

BDL_REGISTER_WIDGET_TEST(ChannelBarsPlotTest);
#include "test_channel_bars_plot.moc"
