// File > Open's dialog: the request it builds from its fields, and what it refuses.
#include "desktop_test_util.h"

#include "app/desktop/open_dialog.h"

#include <QtTest/QTest>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QRadioButton>
#include <QtWidgets/QTableWidget>

namespace bdl::app::test {

class OpenDialogTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsToTheDemoZoo() {
        OpenDialog dialog;
        const WorkspaceRequest r = dialog.request();
        QCOMPARE(r.zooModel, QStringLiteral("patch"));
        QVERIFY(r.modelPath.isEmpty());
        QVERIFY(r.scale.isEmpty()); // the zoo's own scale
        QVERIFY(dialog.problem().isEmpty());
    }

    void roundTripsAFileRequest() {
        WorkspaceRequest in;
        in.modelPath = QStringLiteral("/data/model.h5");
        in.architecture = QStringLiteral("csaw-badnet");
        in.scale = QStringLiteral("raw");
        in.cleanTestPath = QStringLiteral("/data/clean");
        in.trainPath = QStringLiteral("/data/train.h5");
        in.poisoned = {PoisonedSource{QStringLiteral("/data/a.h5"), -1},
                       PoisonedSource{QStringLiteral("/data/b.h5"), 3}};
        OpenDialog dialog;
        dialog.setRequest(in);
        const WorkspaceRequest out = dialog.request();
        QVERIFY(out.zooModel.isEmpty());
        QCOMPARE(out.modelPath, in.modelPath);
        QCOMPARE(out.architecture, in.architecture);
        QCOMPARE(out.scale, in.scale);
        QCOMPARE(out.cleanTestPath, in.cleanTestPath);
        QCOMPARE(out.trainPath, in.trainPath);
        QCOMPARE(out.poisoned.size(), 2);
        QCOMPARE(out.poisoned[0].path, in.poisoned[0].path);
        QCOMPARE(out.poisoned[0].target, -1);
        QCOMPARE(out.poisoned[1].target, 3);
        QVERIFY(dialog.problem().isEmpty());
    }

    void refusesIncompleteFileRequests() {
        OpenDialog dialog;
        dialog.findChild<QRadioButton*>(QStringLiteral("openFileMode"))->setChecked(true);
        QVERIFY(dialog.problem().contains(QStringLiteral("model")));
        WorkspaceRequest r;
        r.modelPath = QStringLiteral("/data/model.h5");
        dialog.setRequest(r);
        QVERIFY(dialog.problem().contains(QStringLiteral("clean test data")));
        r.cleanTestPath = QStringLiteral("/data/clean.h5");
        r.poisoned = {PoisonedSource{QStringLiteral("/data/a.h5"), 1}};
        dialog.setRequest(r);
        QVERIFY(dialog.problem().isEmpty());
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("openPoisoned"));
        table->item(0, 1)->setText(QStringLiteral("cat"));
        QVERIFY(dialog.problem().contains(QStringLiteral("target")));
    }
};

BDL_REGISTER_DESKTOP_TEST(OpenDialogTest);

} // namespace bdl::app::test

#include "test_open_dialog.moc"
