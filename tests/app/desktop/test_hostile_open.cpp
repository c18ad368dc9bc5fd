// The hostile-file corpus (tests/app/hostile) through the desktop app: a window with a good
// workspace open is asked to open every hostile file, as File > Open would, as the model, the
// clean data or a poisoned set. Each must end in the error banner naming the file, with the
// window still showing the good workspace and every job button usable; no file of the corpus or
// of the good workspace is written or changed. The CLI's side of the same files is
// bdl_hostile_tests.
#include "desktop_test_util.h"

#include "hostile_corpus.h"

#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/workspace_panel.h"
#include "app/gui/controller.h"

#include <QtCore/QDir>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QPushButton>

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <tuple>

namespace bdl::app::test {

namespace {

namespace fs = std::filesystem;

/// The corpus seed of bdl_hostile_tests: the same files.
constexpr uint64_t kSeed = 0x5eed2024;
/// One open of a hostile file: the helper's own limits end a hang long before this.
constexpr int kOpenTimeoutMs = 150000;

/// Size, modification time and inode of every entry under `root` (symlinks not followed).
using Listing = std::map<std::string, std::tuple<int64_t, int64_t, int64_t>>;

Listing listing(const std::string& root) {
    Listing out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
         !ec && it != end; it.increment(ec)) {
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) == 0)
            out[it->path().string()] = {
                int64_t(st.st_size), int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                int64_t(st.st_ino)};
    }
    return out;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

} // namespace

class HostileOpenTest : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    hostile::GoodFiles m_good;
    std::unique_ptr<MainWindow> m_window;

    Controller* controller() const { return m_window->controller(); }

    WorkspaceRequest goodRequest() const {
        WorkspaceRequest r;
        r.modelPath = q(m_good.model);
        r.cleanTestPath = q(m_good.csaw);
        r.poisoned = {PoisonedSource{q(m_good.csaw), 0}};
        r.scale = QStringLiteral("1/255");
        return r;
    }

    std::string root() const { return m_dir->path().toStdString(); }

private Q_SLOTS:
    void initTestCase() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_good = hostile::writeGoodFiles(root() + "/good");
        m_window = std::make_unique<MainWindow>(testOptions());
        m_window->show();
        QSignalSpy opened(controller(), &Controller::workspaceOpened);
        QVERIFY(m_window->openWorkspace(goodRequest()));
        QVERIFY(waitIdle(*m_window, [&] { return !opened.isEmpty(); }));
    }

    void everyHostileFileIsRefusedAndTheWorkspaceStays_data() {
        QTest::addColumn<QString>("category");
        for (const std::string& c : hostile::categoryNames())
            QTest::newRow(c.c_str()) << q(c);
    }

    void everyHostileFileIsRefusedAndTheWorkspaceStays() {
        QFETCH(QString, category);
        const std::string dir = root() + "/corpus/" + category.toStdString();
        const std::vector<hostile::HostileFile> files =
            hostile::writeCategory(category.toStdString(), dir, m_good, kSeed);
        QVERIFY(!files.empty());
        const Listing before = listing(root());
        for (const hostile::HostileFile& f : files) {
            WorkspaceRequest r = goodRequest();
            if (f.openAs == hostile::OpenAs::Model)
                r.modelPath = q(f.path);
            else if (f.openAs == hostile::OpenAs::CleanData)
                r.cleanTestPath = q(f.path);
            else
                r.poisoned = {PoisonedSource{q(f.path), -1}};
            QSignalSpy failed(controller(), &Controller::failed);
            QSignalSpy opened(controller(), &Controller::workspaceOpened);
            QVERIFY(m_window->openWorkspace(r));
            QVERIFY2(waitIdle(
                         *m_window, [&] { return !failed.isEmpty() || !opened.isEmpty(); },
                         kOpenTimeoutMs),
                     qPrintable(q(f.path + ": no answer (" + f.what + ")")));
            QVERIFY2(opened.isEmpty(), qPrintable(q(f.path + " was opened: " + f.what)));
            auto* banner = m_window->findChild<NotificationBanner*>(QStringLiteral("errorBanner"));
            QVERIFY(banner);
            QVERIFY(banner->isVisible() && banner->isError());
            // Symlinks and folders are named by the path given; files by their name at least.
            const QString name = QDir(q(f.path)).dirName();
            QVERIFY2(banner->text().contains(name),
                     qPrintable(banner->text() + QStringLiteral(" does not name ") + name));
            QVERIFY(controller()->workspace().has_value());
            QCOMPARE(controller()->workspace()->modelPath, q(m_good.model));
            QVERIFY(m_window->workspacePanel()->summaryText().contains(
                QStringLiteral("File: ") + QDir(q(m_good.model)).dirName()));
            QVERIFY(!controller()->busy());
            for (const char* button : {"curveButton", "fineTuneButton", "sweepButton"}) {
                auto* b = m_window->findChild<QPushButton*>(QLatin1String(button));
                QVERIFY(b);
                QVERIFY2(b->isEnabled(), button);
            }
        }
        QVERIFY2(listing(root()) == before, "a file of the corpus or the workspace changed");
    }

    void cleanupTestCase() {
        m_window.reset(); // cancels and joins the worker
        m_dir.reset();
    }
};

BDL_REGISTER_DESKTOP_TEST(HostileOpenTest);

} // namespace bdl::app::test

#include "test_hostile_open.moc"
