#include "app/desktop/path_field.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QToolButton>

namespace bdl::app {

namespace {

/// The images an image folder load takes (core::isImageFileName): any case.
const QStringList kImagePatterns{QStringLiteral("*.png"), QStringLiteral("*.jpg"),
                                 QStringLiteral("*.jpeg")};

bool hasSuffix(const QString& name, const QStringList& suffixes) {
    for (const QString& s : suffixes)
        if (name.endsWith(s, Qt::CaseInsensitive))
            return true;
    return false;
}

/// The HDF5 signature at offset 0 (core::isHdf5File also looks at 512, 1024, ...: rare, and
/// the loader still takes such files when named .h5).
bool startsWithHdf5Signature(const QString& path) {
    QFile f(path);
    static const QByteArray kSignature("\x89HDF\r\n\x1a\n", 8);
    return f.open(QIODevice::ReadOnly) && f.read(8) == kSignature;
}

bool startsWithZipSignature(const QString& path) {
    QFile f(path);
    static const QByteArray kSignature("PK\x03\x04", 4);
    return f.open(QIODevice::ReadOnly) && f.read(4) == kSignature;
}

int imageCount(const QString& folder) {
    return static_cast<int>(
        QDir(folder).entryList(kImagePatterns, QDir::Files | QDir::Readable).size());
}

} // namespace

PathField::PathField(const QString& filter, Mode mode, QWidget* parent)
    : QWidget(parent), m_filter(filter), m_mode(mode), m_picker(defaultPicker()) {
    m_edit = new QLineEdit(this);
    m_edit->setClearButtonEnabled(true);
    m_kind = new QLabel(this);
    m_kind->setObjectName(QStringLiteral("pathKind"));
    m_kind->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_browse = new QToolButton(this);
    m_browse->setObjectName(QStringLiteral("pathBrowse"));
    if (mode == Mode::Data) {
        m_browse->setText(tr("Browse"));
        m_browse->setToolTip(tr("An HDF5 file, an IDX file or an image folder"));
        m_browse->setPopupMode(QToolButton::InstantPopup);
        auto* menu = new QMenu(m_browse);
        QAction* file = menu->addAction(tr("File (HDF5, IDX, image)..."));
        file->setObjectName(QStringLiteral("pickFile"));
        QAction* folder = menu->addAction(tr("Image folder..."));
        folder->setObjectName(QStringLiteral("pickFolder"));
        connect(file, &QAction::triggered, this, [this] { pick(Pick::File); });
        connect(folder, &QAction::triggered, this, [this] { pick(Pick::Folder); });
        m_browse->setMenu(menu);
    } else {
        const Pick what = mode == Mode::Folder ? Pick::Folder : Pick::File;
        m_browse->setText(what == Pick::Folder ? tr("Folder...") : tr("File..."));
        connect(m_browse, &QToolButton::clicked, this, [this, what] { pick(what); });
    }
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_kind);
    layout->addWidget(m_browse);
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        updateKind();
        Q_EMIT pathChanged(path());
    });
    updateKind();
}

QString PathField::path() const { return m_edit->text().trimmed(); }

void PathField::setPath(const QString& path) { m_edit->setText(path); }

PathField::Kind PathField::kindOf(const QString& path) {
    if (path.trimmed().isEmpty())
        return Kind::Empty;
    const QFileInfo info(path.trimmed());
    if (!info.exists())
        return Kind::Missing;
    if (info.isDir())
        return imageCount(info.filePath()) > 0 ? Kind::ImageFolder : Kind::EmptyFolder;
    const QString name = info.fileName();
    if (hasSuffix(name, {QStringLiteral(".h5"), QStringLiteral(".hdf5")}))
        return Kind::Hdf5;
    if (hasSuffix(name, {QStringLiteral("-idx3-ubyte"), QStringLiteral("-idx3-ubyte.gz")}))
        return Kind::Idx;
    if (hasSuffix(name, {QStringLiteral(".png"), QStringLiteral(".jpg"), QStringLiteral(".jpeg")}))
        return Kind::Image;
    if (hasSuffix(name, {QStringLiteral(".pt"), QStringLiteral(".pth"), QStringLiteral(".ts")}))
        return Kind::TorchScript;
    if (startsWithHdf5Signature(info.filePath()))
        return Kind::Hdf5;
    return startsWithZipSignature(info.filePath()) ? Kind::TorchScript : Kind::Unknown;
}

bool PathField::isLoadable(Kind kind) {
    return kind == Kind::Hdf5 || kind == Kind::Idx || kind == Kind::Image ||
           kind == Kind::ImageFolder;
}

QString PathField::kindText(const QString& path) {
    switch (kindOf(path)) {
    case Kind::Empty:
        return QString();
    case Kind::Missing:
        return tr("not found");
    case Kind::Hdf5:
        return tr("HDF5 file");
    case Kind::Idx:
        return tr("IDX file");
    case Kind::Image:
        return tr("one image");
    case Kind::ImageFolder: {
        const int n = imageCount(path.trimmed());
        return tr("image folder, %n image(s)", nullptr, n);
    }
    case Kind::EmptyFolder:
        return tr("folder without PNG/JPEG images");
    case Kind::Unknown:
        return tr("not HDF5, IDX or an image");
    case Kind::TorchScript:
        return tr("TorchScript file");
    }
    return QString();
}

QString PathField::problem() const {
    const QString p = path();
    const Kind k = kindOf(p);
    if (k == Kind::Empty)
        return QString();
    if (k == Kind::Missing)
        return tr("%1 is not found").arg(p);
    switch (m_mode) {
    case Mode::Data:
        return isLoadable(k) ? QString()
                             : tr("%1 is not an HDF5 file, an IDX file, an image or an image "
                                  "folder (%2)")
                                   .arg(p, kindText(p));
    case Mode::File:
        return k == Kind::Hdf5 || k == Kind::TorchScript
                   ? QString()
                   : tr("%1 is neither a Keras HDF5 nor a PyTorch TorchScript file").arg(p);
    case Mode::Folder:
        return QFileInfo(p).isDir() ? QString() : tr("%1 is not a folder").arg(p);
    }
    return QString();
}

void PathField::updateKind() {
    const QString p = path();
    const QString why = problem();
    QString text = kindText(p);
    if (m_mode == Mode::Folder && QFileInfo(p).isDir())
        text = tr("folder"); // the zoo folder: its images do not matter
    else if (m_mode == Mode::File && !why.isEmpty() && kindOf(p) != Kind::Missing)
        text = tr("not an HDF5 file");
    m_kind->setText(text);
    m_kind->setVisible(!p.isEmpty());
    m_kind->setStyleSheet(why.isEmpty() ? QString() : QStringLiteral("QLabel { color: #b02a37; }"));
    m_kind->setToolTip(why.isEmpty() ? p : why);
}

void PathField::setPicker(Picker picker) { m_picker = picker ? picker : defaultPicker(); }

PathField::Picker PathField::defaultPicker() {
    return [](QWidget* parent, Pick what, const QString& title, const QString& start,
              const QString& filter) {
        return what == Pick::Folder ? QFileDialog::getExistingDirectory(parent, title, start)
                                    : QFileDialog::getOpenFileName(parent, title, start, filter);
    };
}

void PathField::pick(Pick what) {
    const QString current = path();
    const QFileInfo info(current);
    const QString start = current.isEmpty() ? QString()
                          : info.isDir()    ? info.absoluteFilePath()
                                            : info.absolutePath();
    const QString title = what == Pick::Folder ? tr("Choose an image folder") : tr("Choose a file");
    const QString p = m_picker(this, what, title, start, m_filter);
    if (!p.isEmpty())
        setPath(QDir::toNativeSeparators(p));
}

} // namespace bdl::app
