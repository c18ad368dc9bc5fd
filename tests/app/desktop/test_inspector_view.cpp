// The Inspector tab on a tiny workspace: an image file written here (resized by the worker), the
// top classes of B (sorted), B' and G's verdict once a repaired model exists, STRIP's verdict
// consistent with the threshold, an image picked from a set, a dropped file, and bad input
// (a broken file, an index outside the set) reported in the banner while the window stays
// usable. The functions run in order on one window.
#include "desktop_test_util.h"

#include "app/desktop/inspector_view.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/gui/controller.h"
#include "widgets/image_tiles.h"

#include <QtCore/QMimeData>
#include <QtCore/QUrl>
#include <QtGui/QDragEnterEvent>
#include <QtGui/QDropEvent>
#include <QtGui/QImage>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>

#include <cmath>
#include <limits>
#include <memory>

namespace bdl::app::test {

class InspectorViewTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    QString m_png;
    double m_threshold = std::numeric_limits<double>::quiet_NaN();

    Controller* controller() const { return m_window->controller(); }
    InspectorView* view() const { return m_window->inspectorView(); }

    /// Runs one inspection started by `start` and returns its result (fails the test when the
    /// job does not report one).
    bool inspect(const std::function<bool()>& start, InspectResult* out) {
        QSignalSpy inspected(controller(), &Controller::inspected);
        if (!start())
            return false;
        if (!waitIdle(*m_window, [&] { return !inspected.isEmpty(); }))
            return false;
        *out = inspected.takeFirst().at(0).value<InspectResult>();
        return view()->lastResult().has_value();
    }

    /// The top table shows `scores`: min(5, classes) rows, probabilities descending.
    void checkTop(QTableWidget* table, const QVector<ClassScore>& scores, int classes) {
        QCOMPARE(scores.size(), std::min(5, classes));
        QCOMPARE(table->rowCount(), scores.size());
        double sum = 0.0;
        for (int i = 0; i < scores.size(); ++i) {
            const double p = table->item(i, 1)->data(Qt::UserRole).toDouble();
            QCOMPARE(p, scores[i].probability);
            QVERIFY(p >= 0.0 && p <= 1.0);
            if (i > 0)
                QVERIFY2(p <= scores[i - 1].probability, "top classes not sorted");
            QVERIFY(table->item(i, 0)->text().startsWith(QString::number(scores[i].label)));
            sum += p;
        }
        QVERIFY(sum <= 1.0 + 1e-6);
    }

    void checkStripVerdict(const InspectResult& r, double threshold) {
        const QString text = view()->stripText();
        if (std::isnan(threshold)) {
            QVERIFY(!r.hasVerdict);
            QVERIFY2(text.contains(QStringLiteral("no threshold")), qPrintable(text));
            return;
        }
        QVERIFY(r.hasVerdict);
        QCOMPARE(r.request.threshold, threshold);
        QCOMPARE(r.flagged, r.entropy < threshold);
        QVERIFY(std::isfinite(r.entropy) && r.entropy >= 0.0);
        QVERIFY(r.stripN > 0);
        QCOMPARE(text.contains(QStringLiteral("flagged as trojaned")), r.flagged);
        QCOMPARE(text.contains(QStringLiteral("passes")), !r.flagged);
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        m_window->tabs()->setCurrentWidget(view());
        // A colour picture of another size than the model's input (32x32 grey).
        QImage image(48, 40, QImage::Format_RGB32);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                image.setPixel(x, y, qRgb(x * 5, y * 6, (x * y) % 256));
        m_png = m_ws->file(QStringLiteral("digit.png"));
        QVERIFY(image.save(m_png, "PNG"));
        view()->setThresholdSource([this] { return m_threshold; });
    }

    void listsTheWorkspaceSets() {
        QCOMPARE(view()->objectName(), QStringLiteral("inspectorView"));
        auto* sets = view()->findChild<QComboBox*>(QStringLiteral("inspectSet"));
        const WorkspaceInfo& info = *controller()->workspace();
        QCOMPARE(sets->count(), info.sets.size()); // the tiny workspace has a train set
        // The first poisoned set is preselected, the index spin spans it.
        const int setIndex = sets->currentData().toInt();
        QCOMPARE(info.sets[setIndex].role, DataSetInfo::Poisoned);
        QCOMPARE(view()->findChild<QSpinBox*>(QStringLiteral("inspectIndex"))->maximum(),
                 static_cast<int>(info.sets[setIndex].size - 1));
        QVERIFY(view()->findChild<QPushButton*>(QStringLiteral("inspectButton"))->isEnabled());
    }

    void inspectsAnImageFile() {
        InspectResult r;
        QVERIFY(inspect([&] { return view()->inspectFile(m_png); }, &r));
        QCOMPARE(r.request.imagePath, m_png);
        QVERIFY2(r.source.contains(QStringLiteral("digit.png")), qPrintable(r.source));
        QVERIFY2(r.note.contains(QStringLiteral("resized"), Qt::CaseInsensitive),
                 qPrintable(r.note));
        QCOMPARE(r.image.width, controller()->workspace()->width);
        QCOMPARE(view()->imageTiles()->count(), 1);
        QCOMPARE(view()->imageTiles()->tiles()[0].image.width(), r.image.width);
        QCOMPARE(view()->findChild<QLabel*>(QStringLiteral("inspectNote"))->text(), r.note);
        checkTop(view()->topBTable(), r.topB, r.classes);
        // No B' yet: no B' table, no goodnet.
        QVERIFY(r.topBPrime.isEmpty());
        QVERIFY(!r.hasGoodnet);
        QVERIFY(!view()->topBPrimeTable()->isVisible());
        QVERIFY(view()->findChild<QLabel*>(QStringLiteral("noRepairedNote"))->isVisible());
        QCOMPARE(view()->goodnetText(), QStringLiteral("No repaired model yet"));
        checkStripVerdict(r, m_threshold); // NaN: no verdict
    }

    void stripVerdictFollowsTheThreshold() {
        InspectResult first;
        QVERIFY(inspect([&] { return view()->inspectFile(m_png); }, &first));
        // Above the entropy: flagged; below it: passes.
        m_threshold = first.entropy + 0.5;
        InspectResult r;
        QVERIFY(inspect([&] { return view()->inspectFile(m_png); }, &r));
        QVERIFY(std::abs(r.entropy - first.entropy) < 1e-6); // the same overlays
        checkStripVerdict(r, m_threshold);
        QVERIFY(r.flagged);
        m_threshold = first.entropy - 0.5;
        QVERIFY(inspect([&] { return view()->inspectFile(m_png); }, &r));
        checkStripVerdict(r, m_threshold);
        QVERIFY(!r.flagged);
    }

    void inspectsAnImageOfASet() {
        const WorkspaceInfo& info = *controller()->workspace();
        int poisoned = -1;
        for (int i = 0; i < info.sets.size() && poisoned < 0; ++i)
            if (info.sets[i].role == DataSetInfo::Poisoned)
                poisoned = i;
        QVERIFY(poisoned >= 0);
        auto* sets = view()->findChild<QComboBox*>(QStringLiteral("inspectSet"));
        sets->setCurrentIndex(sets->findData(poisoned));
        view()->findChild<QSpinBox*>(QStringLiteral("inspectIndex"))->setValue(3);
        InspectResult r;
        QVERIFY(inspect(
            [&] {
                QTest::mouseClick(view()->findChild<QPushButton*>(QStringLiteral("inspectButton")),
                                  Qt::LeftButton);
                return controller()->busy();
            },
            &r));
        QCOMPARE(r.request.setIndex, poisoned);
        QCOMPARE(r.request.imageIndex, qint64(3));
        QVERIFY(r.request.imagePath.isEmpty());
        QVERIFY(r.reference >= 0);
        checkTop(view()->topBTable(), r.topB, r.classes);
    }

    void showsBPrimeAndTheGoodnetOnceRepaired() {
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        TuneSettings tune;
        tune.epochs = 1;
        QVERIFY(controller()->fineTuneAt(1, tune));
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        InspectResult r;
        QVERIFY(inspect([&] { return view()->inspectFile(m_png); }, &r));
        QVERIFY(r.hasGoodnet);
        checkTop(view()->topBPrimeTable(), r.topBPrime, r.classes);
        QVERIFY(view()->topBPrimeTable()->isVisible());
        QVERIFY(!view()->findChild<QLabel*>(QStringLiteral("noRepairedNote"))->isVisible());
        const bool poisoned = r.goodnet.label == r.classes;
        // G says N exactly when B and B' disagree on the top class.
        QCOMPARE(poisoned, r.topB[0].label != r.topBPrime[0].label);
        QCOMPARE(view()->goodnetText().startsWith(QStringLiteral("N: poisoned")), poisoned);
        if (!poisoned)
            QVERIFY(view()->goodnetText().startsWith(QString::number(r.goodnet.label)));
    }

    void acceptsADroppedImage() {
        // No file at all (the window takes other files: sessions, models, and says what it
        // cannot open).
        QMimeData text;
        text.setText(QStringLiteral("digit.png"));
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &text, Qt::LeftButton,
                                Qt::NoModifier);
        refused.setAccepted(false);
        QCoreApplication::sendEvent(view(), &refused);
        QVERIFY(!refused.isAccepted());

        QMimeData image;
        image.setUrls({QUrl::fromLocalFile(m_png)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &image, Qt::LeftButton,
                              Qt::NoModifier);
        enter.setAccepted(false);
        QCoreApplication::sendEvent(view(), &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy inspected(controller(), &Controller::inspected);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &image, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view(), &drop);
        QVERIFY(waitIdle(*m_window, [&] { return !inspected.isEmpty(); }));
        QCOMPARE(view()->lastResult()->request.imagePath, m_png);
    }

    void badInputGoesToTheBannerAndTheWindowStaysUsable() {
        NotificationBanner* banner = m_window->banner();
        banner->dismiss();
        const QString broken = m_ws->file(QStringLiteral("broken.png"));
        QVERIFY(writeAll(broken, QByteArray("this is not a PNG file")));
        const InspectResult before = *view()->lastResult();
        QSignalSpy failed(controller(), &Controller::failed);
        QVERIFY(view()->inspectFile(broken));
        QVERIFY(waitIdle(*m_window, [&] { return !failed.isEmpty(); }));
        QCOMPARE(failed.first().at(0).toString(), QString(job::kInspect));
        QVERIFY(banner->isVisible());
        QVERIFY(banner->isError());
        QVERIFY2(banner->text().contains(QStringLiteral("broken.png")), qPrintable(banner->text()));
        QCOMPARE(view()->lastResult()->request.imagePath, before.request.imagePath); // kept
        banner->dismiss();

        // An index outside the set: refused before any job, said in the banner.
        const int setIndex =
            view()->findChild<QComboBox*>(QStringLiteral("inspectSet"))->currentData().toInt();
        QVERIFY(!view()->inspectSetImage(setIndex, 1000000));
        QVERIFY(!controller()->busy());
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("1000000")), qPrintable(banner->text()));
        banner->dismiss();

        // Still usable.
        InspectResult r;
        QVERIFY(inspect([&] { return view()->inspectFile(m_png); }, &r));
        QCOMPARE(r.request.imagePath, m_png);
        QVERIFY(!banner->isVisible());
    }
};

BDL_REGISTER_DESKTOP_TEST(InspectorViewTest);

} // namespace bdl::app::test

#include "test_inspector_view.moc"
