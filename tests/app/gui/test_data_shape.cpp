// Issue 11, point 14: opening a workspace whose data do not have the model's input shape fails
// with a message (the desktop app's banner) that names the data file and both shapes, and keeps
// the workspace that was open.
#include "gui_test_util.h"

#include "core/io/data_io.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <torch/types.h>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;

class DataShapeTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TinyWorkspace> m_ws;

    /// A 28x28 grey set (Fashion-MNIST's shape) in the CSAW layout, written by the core.
    QString writeSmallSet(const QString& name, bool poisoned) const {
        core::Dataset d;
        d.images = torch::zeros({5, 1, 28, 28});
        d.labels = torch::arange(5, torch::kLong) % 4;
        if (poisoned)
            d.targets = torch::zeros({5}, torch::kLong);
        d.itemNames = {"a", "b", "c", "d", "e"};
        const QString file = m_ws->file(name);
        core::saveCsawH5(d, file.toStdString());
        return file;
    }

    /// The message of an open that must fail.
    QString openFailure(Controller& c, const WorkspaceRequest& r) {
        QSignalSpy failed(&c, &Controller::failed);
        QSignalSpy opened(&c, &Controller::workspaceOpened);
        if (!c.openWorkspace(r))
            return QStringLiteral("<refused>");
        if (!QTest::qWaitFor([&] { return !c.busy(); }, kJobTimeoutMs))
            return QStringLiteral("<timeout>");
        if (!opened.isEmpty() || failed.isEmpty())
            return QStringLiteral("<opened>");
        return failed.at(0).at(1).toString();
    }

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void messageNamesTheDataFileAndBothShapes_data() {
        QTest::addColumn<QString>("role");
        QTest::newRow("clean test") << QStringLiteral("clean");
        QTest::newRow("train") << QStringLiteral("train");
        QTest::newRow("poisoned") << QStringLiteral("poisoned");
    }

    void messageNamesTheDataFileAndBothShapes() {
        QFETCH(QString, role);
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        const QString file =
            writeSmallSet(role + QStringLiteral("_28x28.h5"), role == QLatin1String("poisoned"));
        WorkspaceRequest r = m_ws->request();
        if (role == QLatin1String("clean"))
            r.cleanTestPath = file;
        else if (role == QLatin1String("train"))
            r.trainPath = file;
        else
            r.poisoned = {PoisonedSource{file, -1}};
        const QString message = openFailure(c, r);
        QVERIFY2(message.contains(file), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("28x28x1")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("32x32x1")), qPrintable(message));
        // The workspace that was open stays.
        QVERIFY(c.workspace().has_value());
        QCOMPARE(c.workspace()->sets.size(), 4);
    }
};

BDL_REGISTER_GUI_TEST(DataShapeTest);
#include "test_data_shape.moc"
