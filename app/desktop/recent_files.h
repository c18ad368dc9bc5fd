#pragma once
/// @file recent_files.h
/// File > Open Recent: the files opened last (sessions and models, most recent first, at most
/// AppSettings::kMaxRecent), kept in the settings so they survive restarts, with "Clear".
///
/// Thread: GUI thread only.
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>

class QMenu;

namespace bdl::app {

class RecentFiles : public QObject {
    Q_OBJECT

public:
    /// Fills `menu` (objectName "recentMenu") now and on every change.
    RecentFiles(QMenu* menu, QObject* parent = nullptr);

    /// The list, most recent first (from the settings).
    QStringList files() const;
    /// Moves `path` (made absolute) to the top; the list is cut to its maximum.
    void add(const QString& path);
    /// Drops `path` (e.g. it no longer exists).
    void remove(const QString& path);
    /// Empties the list.
    void clear();

Q_SIGNALS:
    /// A file of the menu was chosen.
    void openRequested(const QString& path);

private:
    void store(const QStringList& files);
    void rebuild();

    QMenu* m_menu;
};

} // namespace bdl::app
