// File > Open's dialog: the request it builds from its fields (with the hold-out it offers when
// there is no train set), what it refuses, and its data fields, which take an HDF5 file, an IDX
// file or an image folder through a file and a folder picker (injected here in place of the
// native dialogs).
#include "desktop_test_util.h"

#include "app/desktop/open_dialog.h"
#include "app/desktop/path_field.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtGui/QImage>
#include <QtTest/QTest>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QRadioButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QToolButton>

namespace bdl::app::test {

namespace {

/// Files the dialog can check: a model and data as HDF5 (named only; the dialog does not read
/// them), an IDX file, an image folder, an empty folder and a text file.
struct Files {
    Files() {
        touch(model = dir.filePath(QStringLiteral("model.h5")));
        touch(clean = dir.filePath(QStringLiteral("clean.h5")));
        touch(train = dir.filePath(QStringLiteral("train.h5")));
        touch(poisoned = dir.filePath(QStringLiteral("poisoned.h5")));
        touch(idx = dir.filePath(QStringLiteral("t10k-images-idx3-ubyte.gz")));
        touch(text = dir.filePath(QStringLiteral("notes.txt")));
        QDir(dir.path()).mkdir(QStringLiteral("sunglasses"));
        images = dir.filePath(QStringLiteral("sunglasses"));
        QImage image(4, 4, QImage::Format_Grayscale8);
        image.fill(0);
        image.save(QDir(images).filePath(QStringLiteral("0_1.png")));
        image.save(QDir(images).filePath(QStringLiteral("1_2.PNG")));
        QDir(dir.path()).mkdir(QStringLiteral("empty"));
        empty = dir.filePath(QStringLiteral("empty"));
    }
    static void touch(const QString& path) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    WorkspaceRequest fileRequest() const {
        WorkspaceRequest r;
        r.modelPath = model;
        r.cleanTestPath = clean;
        return r;
    }
    QTemporaryDir dir;
    QString model, clean, train, poisoned, idx, text, images, empty;
};

/// A picker that answers `folder` to folder picks and `file` to file picks, and counts them.
struct FakePicker {
    QString file, folder;
    int files = 0, folders = 0;
    PathField::Picker picker() {
        return
            [this](QWidget*, PathField::Pick what, const QString&, const QString&, const QString&) {
                if (what == PathField::Pick::Folder) {
                    ++folders;
                    return folder;
                }
                ++files;
                return file;
            };
    }
};

QAction* menuAction(QToolButton* button, const char* name) {
    return button && button->menu() ? button->menu()->findChild<QAction*>(QLatin1String(name))
                                    : nullptr;
}

} // namespace

class OpenDialogTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsToTheDemoZoo() {
        OpenDialog dialog;
        const WorkspaceRequest r = dialog.request();
        QCOMPARE(r.zooModel, QStringLiteral("patch"));
        QVERIFY(r.modelPath.isEmpty());
        QVERIFY(r.scale.isEmpty());    // the zoo's own scale
        QCOMPARE(r.holdOutPercent, 0); // the zoo has its own train set
        QVERIFY(dialog.problem().isEmpty());
    }

    void roundTripsAFileRequest() {
        Files f;
        WorkspaceRequest in = f.fileRequest();
        in.architecture = QStringLiteral("csaw-badnet");
        in.scale = QStringLiteral("raw");
        in.cleanTestPath = f.images;
        in.trainPath = f.train;
        in.poisoned = {PoisonedSource{f.poisoned, -1}, PoisonedSource{f.idx, 3}};
        OpenDialog dialog;
        dialog.setRequest(in);
        const WorkspaceRequest out = dialog.request();
        QVERIFY(out.zooModel.isEmpty());
        QCOMPARE(out.modelPath, in.modelPath);
        QCOMPARE(out.architecture, in.architecture);
        QCOMPARE(out.scale, in.scale);
        QCOMPARE(out.cleanTestPath, in.cleanTestPath);
        QCOMPARE(out.trainPath, in.trainPath);
        QCOMPARE(out.holdOutPercent, 0); // a train set: nothing held out
        QCOMPARE(out.poisoned.size(), 2);
        QCOMPARE(out.poisoned[0].path, in.poisoned[0].path);
        QCOMPARE(out.poisoned[0].target, -1);
        QCOMPARE(out.poisoned[1].target, 3);
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    }

    void torchScriptFieldsRoundTripAndAreRememberedPerFile() {
        Files f;
        const QString pt = f.dir.filePath(QStringLiteral("resnet.pt"));
        Files::touch(pt);
        WorkspaceRequest in = f.fileRequest();
        in.modelPath = pt;
        in.inputShape = QStringLiteral("32,32,3");
        in.normalization = QStringLiteral("cifar10");
        OpenDialog dialog;
        dialog.setRequest(in);
        auto* shape = dialog.findChild<QLineEdit*>(QStringLiteral("openInputShape"));
        auto* norm = dialog.findChild<QComboBox*>(QStringLiteral("openNormalization"));
        auto* arch = dialog.findChild<QLineEdit*>(QStringLiteral("openArchitecture"));
        QVERIFY(shape && norm && arch);
        QVERIFY(shape->isEnabled());
        QVERIFY(!arch->isEnabled()); // weights-only architectures are for Keras files
        WorkspaceRequest out = dialog.request();
        QCOMPARE(out.inputShape, in.inputShape);
        QCOMPARE(out.normalization, in.normalization);
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        shape->setText(QStringLiteral("32,32"));
        QVERIFY(dialog.problem().contains(QStringLiteral("H,W,C")));
        shape->setText(QStringLiteral("28,28,1"));
        norm->setCurrentText(QStringLiteral("mean=0.5;std=0.25"));
        dialog.accept(); // remembers both for this file

        OpenDialog again;
        again.findChild<QRadioButton*>(QStringLiteral("openFileMode"))->setChecked(true);
        again.findChild<PathField*>(QStringLiteral("openModelPath"))->edit()->setText(pt);
        QCOMPARE(again.findChild<QLineEdit*>(QStringLiteral("openInputShape"))->text(),
                 QStringLiteral("28,28,1"));
        QCOMPARE(again.findChild<QComboBox*>(QStringLiteral("openNormalization"))->currentText(),
                 QStringLiteral("mean=0.5;std=0.25"));

        // A Keras file: no input shape (the file fixes it), "none" is no normalization.
        OpenDialog keras;
        keras.setRequest(f.fileRequest());
        QVERIFY(!keras.findChild<QLineEdit*>(QStringLiteral("openInputShape"))->isEnabled());
        out = keras.request();
        QVERIFY(out.inputShape.isEmpty());
        QVERIFY(out.normalization.isEmpty());
    }

    void precisionRoundTripsForFilesAndZooModels() {
        Files f;
        for (WorkspaceRequest in : {f.fileRequest(), WorkspaceRequest::zoo()}) {
            OpenDialog dialog;
            dialog.setRequest(in); // no precision: float32, left empty
            auto* box = dialog.findChild<QComboBox*>(QStringLiteral("openPrecision"));
            QVERIFY(box && box->isEnabled());
            QCOMPARE(box->currentData().toString(), QStringLiteral("fp32"));
            QVERIFY(dialog.request().precision.isEmpty());
            in.precision = QStringLiteral("bf16");
            dialog.setRequest(in);
            QCOMPARE(box->currentData().toString(), QStringLiteral("bf16"));
            QCOMPARE(dialog.request().precision, QStringLiteral("bf16"));
            box->setCurrentIndex(box->findData(QStringLiteral("fp32")));
            QVERIFY(dialog.request().precision.isEmpty());
        }
    }

    void refusesIncompleteFileRequests() {
        Files f;
        OpenDialog dialog;
        dialog.findChild<QRadioButton*>(QStringLiteral("openFileMode"))->setChecked(true);
        QVERIFY(dialog.problem().contains(QStringLiteral("model")));
        WorkspaceRequest r;
        r.modelPath = f.model;
        dialog.setRequest(r);
        QVERIFY(dialog.problem().contains(QStringLiteral("clean test data")));
        r.cleanTestPath = f.clean;
        r.poisoned = {PoisonedSource{f.poisoned, 1}};
        dialog.setRequest(r);
        QVERIFY(dialog.problem().isEmpty());
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("openPoisoned"));
        table->item(0, 1)->setText(QStringLiteral("cat"));
        QVERIFY(dialog.problem().contains(QStringLiteral("target")));
    }

    void refusesPathsTheLoaderCannotRead() {
        Files f;
        OpenDialog dialog;
        WorkspaceRequest r = f.fileRequest();
        r.modelPath = f.dir.filePath(QStringLiteral("gone.h5"));
        dialog.setRequest(r);
        QVERIFY(dialog.problem().contains(QStringLiteral("gone.h5 is not found")));
        r = f.fileRequest();
        r.cleanTestPath = f.text;
        dialog.setRequest(r);
        QVERIFY2(dialog.problem().contains(QStringLiteral("notes.txt")),
                 qPrintable(dialog.problem()));
        r.cleanTestPath = f.clean;
        r.trainPath = f.empty;
        dialog.setRequest(r);
        QVERIFY(dialog.problem().contains(QStringLiteral("clean train data")));
        r.trainPath.clear();
        r.poisoned = {PoisonedSource{f.empty, 1}};
        dialog.setRequest(r);
        QVERIFY2(dialog.problem().contains(QStringLiteral("Poisoned set 1")),
                 qPrintable(dialog.problem()));
    }

    void holdsOutPartOfTheCleanDataByDefault() {
        Files f;
        OpenDialog dialog;
        // As File > Open fills it before anything was opened: the empty request.
        dialog.setRequest(WorkspaceRequest());
        dialog.findChild<QRadioButton*>(QStringLiteral("openFileMode"))->setChecked(true);
        auto* model = dialog.findChild<PathField*>(QStringLiteral("openModelPath"));
        auto* clean = dialog.findChild<PathField*>(QStringLiteral("openCleanPath"));
        model->setPath(f.model);
        clean->setPath(f.clean);
        auto* holdOut = dialog.findChild<QCheckBox*>(QStringLiteral("openHoldOut"));
        auto* percent = dialog.findChild<QSpinBox*>(QStringLiteral("openHoldOutPercent"));
        auto* seed = dialog.findChild<QLineEdit*>(QStringLiteral("openHoldOutSeed"));
        auto* note = dialog.findChild<QLabel*>(QStringLiteral("openSplitNote"));
        QVERIFY(holdOut && percent && seed && note);
        QVERIFY(holdOut->isChecked() && holdOut->isEnabled());

        // No train set: the request holds out the default share with the seed shown.
        WorkspaceRequest r = dialog.request();
        QVERIFY(r.trainPath.isEmpty());
        QCOMPARE(r.holdOutPercent, WorkspaceRequest::kDefaultHoldOutPercent);
        QCOMPARE(r.holdOutSeed, quint64{0});
        QVERIFY(note->text().contains(QStringLiteral("20 % of the clean test data")));
        percent->setValue(30);
        seed->setText(QStringLiteral("42"));
        r = dialog.request();
        QCOMPARE(r.holdOutPercent, 30);
        QCOMPARE(r.holdOutSeed, quint64{42});
        QVERIFY(dialog.problem().isEmpty());

        // Turned off: the clean test set is the train set, and the note warns of it.
        holdOut->setChecked(false);
        QCOMPARE(dialog.request().holdOutPercent, 0);
        QVERIFY(note->text().contains(QStringLiteral("In-sample")));
        QVERIFY(!note->isHidden());

        // A train set: nothing to hold out, the option is disabled.
        holdOut->setChecked(true);
        dialog.findChild<PathField*>(QStringLiteral("openTrainPath"))->setPath(f.train);
        QVERIFY(!holdOut->isEnabled());
        QCOMPARE(dialog.request().holdOutPercent, 0);
    }

    void restoresTheHoldOutOfARequest() {
        Files f;
        OpenDialog dialog;
        WorkspaceRequest in = f.fileRequest();
        in.holdOutPercent = 25;
        in.holdOutSeed = 18446744073709551615ull;
        dialog.setRequest(in);
        WorkspaceRequest out = dialog.request();
        QCOMPARE(out.holdOutPercent, 25);
        QCOMPARE(out.holdOutSeed, in.holdOutSeed);
        // A file request that chose the clean test set as train set keeps that choice...
        in.holdOutPercent = 0;
        dialog.setRequest(in);
        QCOMPARE(dialog.request().holdOutPercent, 0);
        // ...while one coming from the zoo (or with a train set) turns the default back on.
        dialog.setRequest(WorkspaceRequest::zoo());
        dialog.findChild<QRadioButton*>(QStringLiteral("openFileMode"))->setChecked(true);
        dialog.findChild<PathField*>(QStringLiteral("openModelPath"))->setPath(f.model);
        dialog.findChild<PathField*>(QStringLiteral("openCleanPath"))->setPath(f.clean);
        QCOMPARE(dialog.request().holdOutPercent, WorkspaceRequest::kDefaultHoldOutPercent);
    }

    void addsAPoisonedImageFolderThroughTheFolderPicker() {
        Files f;
        FakePicker fake;
        fake.folder = f.images;
        fake.file = f.idx;
        OpenDialog dialog;
        dialog.setPicker(fake.picker());
        dialog.setRequest(f.fileRequest());
        auto* add = dialog.findChild<QToolButton*>(QStringLiteral("openAddPoisoned"));
        QAction* folder = menuAction(add, "addPoisonedFolder");
        QAction* file = menuAction(add, "addPoisonedFile");
        QVERIFY(folder && file);
        folder->trigger();
        QCOMPARE(fake.folders, 1);
        file->trigger();
        QCOMPARE(fake.files, 1);

        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("openPoisoned"));
        QCOMPARE(table->rowCount(), 2);
        // "%n image(s)": English plurals come from translations/backdoorlab_en.ts (the test's
        // main() installs the English translator, as the application does).
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("image folder, 2 images"));
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("IDX file"));
        const WorkspaceRequest r = dialog.request();
        QCOMPARE(r.poisoned.size(), 2);
        QCOMPARE(r.poisoned[0].path, QDir::toNativeSeparators(f.images));
        QCOMPARE(r.poisoned[0].target, -1);
        QCOMPARE(r.poisoned[1].path, QDir::toNativeSeparators(f.idx));
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));

        // A cancelled pick adds nothing.
        fake.folder.clear();
        folder->trigger();
        QCOMPARE(table->rowCount(), 2);
    }

    void everyDataFieldTakesAFileOrAFolder() {
        Files f;
        FakePicker fake;
        fake.folder = f.images;
        fake.file = f.idx;
        OpenDialog dialog;
        dialog.setPicker(fake.picker());
        for (const char* name : {"openCleanPath", "openTrainPath"}) {
            auto* field = dialog.findChild<PathField*>(QLatin1String(name));
            QVERIFY(field);
            QAction* folder = menuAction(field->browseButton(), "pickFolder");
            QAction* file = menuAction(field->browseButton(), "pickFile");
            QVERIFY(folder && file);
            folder->trigger();
            QCOMPARE(field->path(), QDir::toNativeSeparators(f.images));
            QCOMPARE(field->kind(), PathField::Kind::ImageFolder);
            QVERIFY(field->kindLabel()->text().startsWith(QStringLiteral("image folder, 2 image")));
            file->trigger();
            QCOMPARE(field->kind(), PathField::Kind::Idx);
            QCOMPARE(field->kindLabel()->text(), QStringLiteral("IDX file"));
        }
        QCOMPARE(fake.folders, 2);
        QCOMPARE(fake.files, 2);
        QCOMPARE(PathField::kindOf(f.clean), PathField::Kind::Hdf5);
        QCOMPARE(PathField::kindOf(f.empty), PathField::Kind::EmptyFolder);
        QCOMPARE(PathField::kindOf(f.text), PathField::Kind::Unknown);
        QCOMPARE(PathField::kindOf(f.dir.filePath(QStringLiteral("gone"))),
                 PathField::Kind::Missing);
        QVERIFY(!PathField::isLoadable(PathField::Kind::EmptyFolder));
    }
};

BDL_REGISTER_DESKTOP_TEST(OpenDialogTest);

} // namespace bdl::app::test

#include "test_open_dialog.moc"
