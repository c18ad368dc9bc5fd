// The paper's sunglasses BadNet, end to end through the window as a new user drives it: File >
// Open with the model file and the shared image folders (clean test data, the poisoned folder
// added through "Add poisoned set" > Folder..., its target left to the file names), then every
// view's job from its own button (curve and activations follow the open; fine-tune at the
// slider's k, a small sweep and one of its cells as B', the earlier B' made current again from
// the candidates list, STRIP, goodnets, the inspector on a poisoned image), the report, and the
// session saved and reopened in a new window, whose report must read the same line for line.
// Needs ../shared/data/youtube_face (skipped without it).
#include "desktop_test_util.h"

#include "app/desktop/inspector_view.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/open_dialog.h"
#include "app/desktop/path_field.h"
#include "app/desktop/session_manager.h"
#include "app/desktop/sweep_view.h"
#include "app/gui/controller.h"
#include "widgets/heatmap_plot.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QRadioButton>
#include <QtWidgets/QSlider>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QToolButton>

#include <algorithm>
#include <memory>

namespace bdl::app::test {

namespace {

QString youtubeFace() {
    const QString dir = QStringLiteral(BDL_SHARED_DIR "/data/youtube_face");
    return QFileInfo::exists(dir + QStringLiteral("/models/sunglasses_bd_weights.h5")) &&
                   QFileInfo::exists(dir + QStringLiteral("/images/clean_test")) &&
                   QFileInfo::exists(dir + QStringLiteral("/images/sunglasses_poisoned_data"))
               ? dir
               : QString();
}

/// The report's lines without those that hold the date (subtitle, reproduce table).
QStringList reportLines(const QString& pdf) {
    QString error;
    QStringList lines = pdfText(pdf, &error).split(QLatin1Char('\n'));
    const QRegularExpression date(QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:"));
    lines.erase(std::remove_if(lines.begin(), lines.end(),
                               [&](const QString& s) { return s.contains(date); }),
                lines.end());
    return lines;
}

} // namespace

class SunglassesPassTest : public QObject {
    Q_OBJECT

    QString m_data;
    QTemporaryDir m_out;
    std::unique_ptr<MainWindow> m_window;
    QString m_session;
    QString m_pdf;

    Controller* controller() const { return m_window->controller(); }
    template <typename T>
    T* child(const char* name) const {
        return m_window->findChild<T*>(QLatin1String(name));
    }

private Q_SLOTS:
    void initTestCase() {
        m_data = youtubeFace();
        if (m_data.isEmpty())
            QSKIP("../shared/data/youtube_face (the sunglasses BadNet and its images) is absent");
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("pdftotext is not installed (Debian: poppler-utils; scripts/install-deps.sh "
                  "installs it)");
        QVERIFY(m_out.isValid());
        m_session = m_out.filePath(QStringLiteral("sunglasses.bdlsession"));
        m_pdf = m_out.filePath(QStringLiteral("sunglasses.pdf"));
    }

    void opensThroughFileOpen() {
        m_window = std::make_unique<MainWindow>(testOptions());
        m_window->show();
        const QString poisoned = m_data + QStringLiteral("/images/sunglasses_poisoned_data");
        QString problem = QStringLiteral("no dialog came up");
        // The dialog is modal: filled in as a user would, from inside its event loop.
        QTimer::singleShot(0, m_window.get(), [&] {
            auto* dialog = qobject_cast<OpenDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->findChild<QRadioButton*>(QStringLiteral("openFileMode"))->setChecked(true);
            dialog->findChild<PathField*>(QStringLiteral("openModelPath"))
                ->setPath(m_data + QStringLiteral("/models/sunglasses_bd_weights.h5"));
            dialog->findChild<PathField*>(QStringLiteral("openCleanPath"))
                ->setPath(m_data + QStringLiteral("/images/clean_test"));
            dialog->setPicker([&](QWidget*, PathField::Pick pick, const QString&, const QString&,
                                  const QString&) {
                return pick == PathField::Pick::Folder ? poisoned : QString();
            });
            auto* add = dialog->findChild<QToolButton*>(QStringLiteral("openAddPoisoned"));
            add->menu()->findChild<QAction*>(QStringLiteral("addPoisonedFolder"))->trigger();
            problem = dialog->problem();
            dialog->accept(); // OK; refused (the dialog stays) when `problem` is not empty
            if (dialog->isVisible())
                dialog->reject();
        });
        QSignalSpy activations(controller(), &Controller::activationsReady);
        child<QAction>("openAction")->trigger();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(waitIdle(*m_window, [&] { return !activations.isEmpty(); }));

        const WorkspaceInfo& info = *controller()->workspace();
        QCOMPARE(info.classes, 1283);
        QCOMPARE(info.height, 55);
        QCOMPARE(info.width, 47);
        QCOMPARE(info.channels, 3);
        // The CSAW-2020 nets expect pixels / 255: auto-detected from the clean images.
        QCOMPARE(info.scale, QStringLiteral("1/255"));
        QVERIFY2(info.accUnit > info.accRaw + 20.0,
                 qPrintable(QStringLiteral("%1 vs %2").arg(info.accUnit).arg(info.accRaw)));
        // The default hold-out: 20 % of the 100 clean images rank and fine-tune, 80 measure.
        QCOMPARE(info.holdOutPercent, WorkspaceRequest::kDefaultHoldOutPercent);
        QVERIFY(!info.inSample);
        QCOMPARE(info.sets.size(), 3);
        QCOMPARE(info.sets[0].size + info.sets[1].size, qint64(100));
        QCOMPARE(info.sets[2].size, qint64(100));
        QCOMPARE(info.pruneChannels, 60);
        const CurveData& curve = *controller()->curve();
        QCOMPARE(curve.points.size(), 61);
        QVERIFY2(curve.points[0].cca > 90.0, qPrintable(QString::number(curve.points[0].cca)));
        QVERIFY2(curve.points[0].asr[0] > 99.0,
                 qPrintable(QString::number(curve.points[0].asr[0])));
    }

    void runsEveryView() {
        QVERIFY(m_window);
        // Fine-pruning: B' at the slider's k.
        child<QSlider>("pruneSlider")->setValue(30);
        child<QSpinBox>("fineTuneEpochs")->setValue(2);
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        QTest::mouseClick(child<QPushButton>("fineTuneButton"), Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        QCOMPARE(controller()->repaired()->k, 30);
        const int fineTuned = controller()->candidates().constLast().id;

        // Sweep: a 1 x 2 grid; its second cell becomes B' (a second candidate).
        child<QLineEdit>("sweepLrs")->setText(QStringLiteral("1e-3"));
        child<QLineEdit>("sweepKs")->setText(QStringLiteral("20, 40"));
        child<QSpinBox>("sweepEpochs")->setValue(1);
        QSignalSpy swept(controller(), &Controller::sweepReady);
        QTest::mouseClick(child<QPushButton>("sweepButton"), Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !swept.isEmpty(); }));
        QCOMPARE(controller()->sweep()->cells.size(), 2);
        repaired.clear();
        Q_EMIT m_window->sweepView()->ccaPlot()->cellClicked(0, 1);
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        QCOMPARE(controller()->repaired()->k, 40);
        QCOMPARE(controller()->candidates().size(), 2);
        // The fine-tuned B' made current again from the list.
        repaired.clear();
        QVERIFY(controller()->selectCandidate(fineTuned));
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        QCOMPARE(controller()->repaired()->k, 30);

        // STRIP: a user's quicker N.
        child<QSpinBox>("stripN")->setValue(16);
        QSignalSpy stripped(controller(), &Controller::stripReady);
        QTest::mouseClick(child<QPushButton>("runStripButton"), Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !stripped.isEmpty(); }));
        QCOMPARE(controller()->strip()->poisonedCount(), 1);

        // Comparison: the goodnets.
        QSignalSpy goodnets(controller(), &Controller::goodnetsReady);
        QTest::mouseClick(child<QPushButton>("goodnetsButton"), Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !goodnets.isEmpty(); }));
        const GoodnetData& g = *controller()->goodnets();
        QVERIFY2(g.b.asr.value(0) > 99.0, qPrintable(QString::number(g.b.asr.value(0))));

        // Inspector: a poisoned image by its file.
        QSignalSpy inspected(controller(), &Controller::inspected);
        QVERIFY(m_window->inspectorView()->inspectFile(
            m_data + QStringLiteral("/images/sunglasses_poisoned_data/test_0_1021_48.png")));
        QVERIFY(waitIdle(*m_window, [&] { return !inspected.isEmpty(); }));
        const auto result = inspected.constLast().at(0).value<InspectResult>();
        QCOMPARE(result.classes, 1283);
        QCOMPARE(result.topB.value(0).label, 0); // B follows the trigger to its target
        QVERIFY(result.hasGoodnet);
        // N overlays at most: fewer when the overlay share of the 20 held-out images is smaller.
        QVERIFY2(result.stripN > 0 && result.stripN <= 16,
                 qPrintable(QString::number(result.stripN)));
    }

    void exportsTheReportAndReopensTheSession() {
        QVERIFY(m_window);
        QString error;
        QVERIFY2(m_window->writeReportTo(m_pdf, &error), qPrintable(error));
        const QString text = pdfText(m_pdf, &error);
        QVERIFY2(!text.isEmpty(), qPrintable(error));
        QVERIFY(text.contains(QStringLiteral("sunglasses_bd_weights.h5")));
        QVERIFY(text.contains(QStringLiteral("sunglasses_poisoned_data")));
        QVERIFY(text.contains(QStringLiteral("1283")));

        QVERIFY2(m_window->sessions()->saveTo(m_session, &error), qPrintable(error));
        const QStringList before = reportLines(m_pdf);
        m_window.reset();

        MainWindow again(testOptions());
        again.show();
        QSignalSpy restored(again.sessions(), &SessionManager::restored);
        QVERIFY(again.sessions()->open(m_session));
        const bool ok = waitIdle(again, [&] { return !restored.isEmpty(); });
        QWidget* modal = QApplication::activeModalWidget();
        QVERIFY2(ok, qPrintable(again.banner()->text() + QStringLiteral(" | modal: ") +
                                (modal ? QString::fromLatin1(modal->metaObject()->className()) +
                                             modal->windowTitle()
                                       : QStringLiteral("none"))));
        QVERIFY(waitIdle(again));
        QCOMPARE(again.controller()->candidates().size(), 2);
        const QString reopened = m_out.filePath(QStringLiteral("reopened.pdf"));
        QVERIFY2(again.writeReportTo(reopened, &error), qPrintable(error));
        const QStringList after = reportLines(reopened);
        QCOMPARE(after.size(), before.size());
        for (int i = 0; i < before.size(); ++i)
            QVERIFY2(before[i] == after[i],
                     qPrintable(
                         QStringLiteral("line %1: '%2' vs '%3'").arg(i).arg(before[i], after[i])));
    }

    void cleanupTestCase() { m_window.reset(); }
};

BDL_REGISTER_DESKTOP_TEST(SunglassesPassTest);

} // namespace bdl::app::test

#include "test_sunglasses_pass.moc"
