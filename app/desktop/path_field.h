#pragma once
/// @file path_field.h
/// A path entry of the open dialog: a line edit, a label saying what the path is, and a browse
/// button. Data fields (Mode::Data) accept what the worker's loader takes (core::loadDataset): a
/// CSAW HDF5 file, an IDX file (*-idx3-ubyte[.gz]), one PNG/JPEG image or an image folder; their
/// "Browse" button opens a menu with a file and a folder picker. A Mode::File field (the Keras
/// model) has a "File..." button, a Mode::Folder field (the zoo folder) a "Folder..." one.
///
/// The kind is decided from the path on the GUI thread without reading a data set: the name,
/// whether it is a folder (and how many PNG/JPEG files it holds), and an extension-less file's
/// first 8 bytes (the HDF5 signature). It is refreshed whenever the text changes.
///
/// The dialogs are behind a Picker, so tests can stand in for a native QFileDialog.
///
/// Thread: GUI thread only.
#include <QtWidgets/QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QToolButton;

namespace bdl::app {

class PathField : public QWidget {
    Q_OBJECT

public:
    /// What a path names, as the worker's loader would take it.
    enum class Kind {
        Empty,       ///< no path
        Missing,     ///< nothing there
        Hdf5,        ///< .h5/.hdf5, or a file starting with the HDF5 signature
        Idx,         ///< *-idx3-ubyte[.gz] (the labels file beside it is checked on loading)
        Image,       ///< one .png/.jpg/.jpeg file: a one-image set
        ImageFolder, ///< a folder with PNG/JPEG files
        EmptyFolder, ///< a folder without PNG/JPEG files: not loadable
        Unknown,     ///< a file of another format: not loadable
        TorchScript, ///< .pt/.pth/.ts, or a zip archive: a model file, not a data set
    };
    enum class Pick { File, Folder };
    enum class Mode {
        File,   ///< a file (the model): "File..."
        Data,   ///< a data set, file or folder: "Browse" with "File..." / "Folder..."
        Folder, ///< a folder: "Folder..."
    };
    /// Asks for a path (`start`: the current path's folder; `filter`: file name filters of a
    /// File pick); returns the chosen path, empty when cancelled.
    using Picker = std::function<QString(QWidget* parent, Pick pick, const QString& title,
                                         const QString& start, const QString& filter)>;

    /// `filter`: the file dialog's name filter (File and Data modes).
    PathField(const QString& filter, Mode mode, QWidget* parent = nullptr);

    QString path() const;
    void setPath(const QString& path);
    QLineEdit* edit() const { return m_edit; }
    /// The kind label (objectName "pathKind") and the browse button (objectName "pathBrowse").
    QLabel* kindLabel() const { return m_kind; }
    QToolButton* browseButton() const { return m_browse; }

    Kind kind() const { return kindOf(path()); }
    /// The kind of `path` (see the file comment).
    static Kind kindOf(const QString& path);
    /// True for the kinds core::loadDataset() reads.
    static bool isLoadable(Kind kind);
    /// A short text for the label: "HDF5 file", "image folder, 100 images", "not found", ...
    static QString kindText(const QString& path);
    /// Why the path cannot be used in this field (names the path); empty when it can or is
    /// empty. Data: a loadable kind; File: an HDF5 file; Folder: a folder.
    QString problem() const;

    /// Replaces the dialogs (null restores the QFileDialog ones); for tests and scripts.
    void setPicker(Picker picker);
    /// The QFileDialog picker every field starts with.
    static Picker defaultPicker();
    /// Asks for a file or a folder (as the button's menu does) and takes the answer.
    void pick(Pick what);

Q_SIGNALS:
    void pathChanged(const QString& path);

private:
    void updateKind();

    QLineEdit* m_edit = nullptr;
    QLabel* m_kind = nullptr;
    QToolButton* m_browse = nullptr;
    QString m_filter;
    Mode m_mode = Mode::File;
    Picker m_picker;
};

} // namespace bdl::app
