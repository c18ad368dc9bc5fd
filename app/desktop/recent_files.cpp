#include "app/desktop/recent_files.h"

#include "app/desktop/app_settings.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtGui/QAction>
#include <QtWidgets/QMenu>

namespace bdl::app {

RecentFiles::RecentFiles(QMenu* menu, QObject* parent) : QObject(parent), m_menu(menu) {
    m_menu->setObjectName(QStringLiteral("recentMenu"));
    rebuild();
}

QStringList RecentFiles::files() const { return AppSettings().recentFiles(); }

void RecentFiles::add(const QString& path) {
    if (path.isEmpty())
        return;
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    store(list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = files();
    list.removeAll(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
    list.removeAll(path);
    store(list);
}

void RecentFiles::clear() { store({}); }

void RecentFiles::store(const QStringList& files) {
    AppSettings().setRecentFiles(files);
    rebuild();
}

void RecentFiles::rebuild() {
    // Not QMenu::clear(): this may run inside one of these actions' triggered().
    const auto old = m_menu->actions();
    for (QAction* a : old) {
        m_menu->removeAction(a);
        a->deleteLater();
    }
    const QStringList list = files();
    for (int i = 0; i < list.size(); ++i) {
        const QString path = list[i];
        // &1 .. &9, then 10 without a mnemonic.
        const QString name = QFileInfo(path).fileName();
        const QString label = i < 9 ? QStringLiteral("&%1 %2").arg(i + 1).arg(name)
                                    : QStringLiteral("%1 %2").arg(i + 1).arg(name);
        auto* a = new QAction(label, m_menu);
        m_menu->addAction(a);
        a->setToolTip(path);
        a->setStatusTip(path);
        a->setData(path);
        connect(a, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
    }
    if (list.isEmpty()) {
        auto* none = new QAction(tr("No recent files"), m_menu);
        m_menu->addAction(none);
        none->setEnabled(false);
    }
    auto* separator = new QAction(m_menu);
    separator->setSeparator(true);
    m_menu->addAction(separator);
    auto* clearAction = new QAction(tr("&Clear"), m_menu);
    m_menu->addAction(clearAction);
    connect(clearAction, &QAction::triggered, this, &RecentFiles::clear);
    clearAction->setObjectName(QStringLiteral("clearRecentAction"));
    clearAction->setEnabled(!list.isEmpty());
}

} // namespace bdl::app
