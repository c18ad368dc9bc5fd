#pragma once
/// @file path_field.h
/// A path entry: a line edit with "File..." and (optionally) "Folder..." buttons, for the open
/// dialog's model and data fields (data may be a CSAW .h5 file, an IDX file or an image folder).
///
/// Thread: GUI thread only.
#include <QtWidgets/QWidget>

class QLineEdit;

namespace bdl::app {

class PathField : public QWidget {
    Q_OBJECT

public:
    /// `filter`: the file dialog's name filter; `folders`: offer a folder button as well.
    PathField(const QString& filter, bool folders, QWidget* parent = nullptr);

    QString path() const;
    void setPath(const QString& path);
    QLineEdit* edit() const { return m_edit; }

private:
    QLineEdit* m_edit = nullptr;
    QString m_filter;
};

} // namespace bdl::app
