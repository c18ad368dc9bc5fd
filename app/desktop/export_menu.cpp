#include "app/desktop/export_menu.h"

#include "app/gui/controller.h"
#include "widgets/plot_export.h"
#include "widgets/plot_widget.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtGui/QAction>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QMenu>

namespace bdl::app {

namespace {

const QStringList kFigureSuffixes{QStringLiteral("png"), QStringLiteral("pdf"),
                                  QStringLiteral("svg")};
const QStringList kRepairedSuffixes{QStringLiteral("h5"), QStringLiteral("hdf5"),
                                    QStringLiteral("pt")};
const QStringList kGoodnetSuffixes{QStringLiteral("pt")};

QString suffixOf(const QString& path) { return QFileInfo(path).suffix().toLower(); }

/// Data whose CCA follows ranking or fine-tuning on the train set: in-sample when the
/// workspace has none (WorkspaceInfo::inSample). The CSVs with named columns get an `in_sample`
/// column, every JSON an "in_sample" member (the heat maps' CSV columns are the ks, so theirs
/// are left as they are).
const QStringList kTrainedData{QStringLiteral("curve"), QStringLiteral("paper-steps"),
                               QStringLiteral("cca-heatmap"), QStringLiteral("asr-heatmap")};
const QStringList kColumnCsv{QStringLiteral("curve"), QStringLiteral("paper-steps")};

/// `bytes` of data export `id` with the in-sample flag added (see kTrainedData).
QByteArray withInSampleFlag(const QString& id, const QString& suffix, const QByteArray& bytes,
                            bool inSample) {
    if (!kTrainedData.contains(id))
        return bytes;
    if (suffix == QLatin1String("json")) {
        QJsonDocument doc = QJsonDocument::fromJson(bytes);
        if (!doc.isObject())
            return bytes;
        QJsonObject root = doc.object();
        root.insert(QStringLiteral("in_sample"), inSample);
        return QJsonDocument(root).toJson(QJsonDocument::Indented);
    }
    if (suffix != QLatin1String("csv") || !kColumnCsv.contains(id))
        return bytes;
    const QByteArray value = inSample ? QByteArrayLiteral(",true") : QByteArrayLiteral(",false");
    QList<QByteArray> lines = bytes.split('\n');
    for (int i = 0; i < lines.size(); ++i)
        if (!lines[i].isEmpty())
            lines[i] += i == 0 ? QByteArrayLiteral(",in_sample") : value;
    return lines.join('\n');
}

/// "PNG image (*.png)" and the like, one filter per suffix.
QString filterFor(const QString& suffix) {
    static const QStringList known{QStringLiteral("png"),  QStringLiteral("pdf"),
                                   QStringLiteral("svg"),  QStringLiteral("csv"),
                                   QStringLiteral("json"), QStringLiteral("h5"),
                                   QStringLiteral("hdf5"), QStringLiteral("pt")};
    const QStringList names{ExportMenu::tr("PNG image"),
                            ExportMenu::tr("PDF document"),
                            ExportMenu::tr("SVG image"),
                            ExportMenu::tr("CSV table"),
                            ExportMenu::tr("JSON"),
                            ExportMenu::tr("Keras HDF5 weights"),
                            ExportMenu::tr("Keras HDF5 weights"),
                            ExportMenu::tr("TorchScript")};
    const int i = known.indexOf(suffix);
    const QString name = i >= 0 ? names[i] : suffix.toUpper();
    return QStringLiteral("%1 (*.%2)").arg(name, suffix);
}

} // namespace

ExportMenu::ExportMenu(Controller* controller, QMenu* menu, QWidget* dialogParent)
    : QObject(menu), m_controller(controller), m_menu(menu), m_dialogParent(dialogParent),
      m_lastDir(QDir::homePath()) {
    setObjectName(QStringLiteral("exportMenu"));
    m_figures = m_menu->addMenu(tr("&Figure (PNG, PDF, SVG)"));
    m_data = m_menu->addMenu(tr("&Data (CSV, JSON)"));
    connect(controller, &Controller::workspaceOpened, this,
            [this](const WorkspaceInfo& info) { m_inSample = info.inSample; });
}

void ExportMenu::addFigure(const QString& id, const QString& title, widgets::PlotWidget* plot) {
    m_figureList.push_back({id, title, plot});
    QAction* a = m_figures->addAction(tr("%1...").arg(title));
    a->setObjectName(QStringLiteral("exportFigure-") + id);
    connect(a, &QAction::triggered, this, [this, id, title] {
        const QString path = askPath(tr("Export %1").arg(title), id, kFigureSuffixes);
        if (!path.isEmpty())
            exportFigure(id, path);
    });
}

void ExportMenu::addData(const QString& id, const QString& title, const QStringList& suffixes,
                         DataRenderer render) {
    m_dataList.push_back({id, title, suffixes, std::move(render)});
    QAction* a = m_data->addAction(tr("%1...").arg(title));
    a->setObjectName(QStringLiteral("exportData-") + id);
    connect(a, &QAction::triggered, this, [this, id, title, suffixes] {
        const QString path = askPath(tr("Export %1").arg(title), id, suffixes);
        if (!path.isEmpty())
            exportData(id, path);
    });
}

void ExportMenu::addModelActions() {
    m_menu->addSeparator();
    m_repairedAction = m_menu->addAction(tr("Repaired model &B' (Keras .h5, TorchScript .pt)..."));
    m_repairedAction->setObjectName(QStringLiteral("exportRepaired"));
    m_goodnetAction = m_menu->addAction(tr("&Goodnet G(B, B') (TorchScript .pt)..."));
    m_goodnetAction->setObjectName(QStringLiteral("exportGoodnet"));
    connect(m_repairedAction, &QAction::triggered, this, [this] {
        const QString path =
            askPath(tr("Export B'"), QStringLiteral("repaired"), kRepairedSuffixes);
        if (!path.isEmpty())
            exportRepaired(path);
    });
    connect(m_goodnetAction, &QAction::triggered, this, [this] {
        const QString path =
            askPath(tr("Export G(B, B')"), QStringLiteral("goodnet"), kGoodnetSuffixes);
        if (!path.isEmpty())
            exportGoodnet(path);
    });
    connect(m_controller, &Controller::busyChanged, this, &ExportMenu::updateModelActions);
    connect(m_controller, &Controller::repairedReady, this, &ExportMenu::updateModelActions);
    connect(m_controller, &Controller::workspaceOpened, this, &ExportMenu::updateModelActions);
    updateModelActions();
}

void ExportMenu::updateModelActions() {
    const bool ready = m_controller->repaired().has_value() && !m_controller->busy();
    const QString why = ready ? QString() : tr("Needs a repaired model B' and no running job");
    for (QAction* a : {m_repairedAction, m_goodnetAction}) {
        a->setEnabled(ready);
        a->setToolTip(why);
    }
}

bool ExportMenu::fail(const QString& message) {
    Q_EMIT errorMessage(message);
    return false;
}

bool ExportMenu::exportFigure(const QString& id, const QString& path) {
    for (const Figure& f : m_figureList) {
        if (f.id != id)
            continue;
        if (!kFigureSuffixes.contains(suffixOf(path)))
            return fail(tr("Cannot export to %1: use .png, .pdf or .svg").arg(path));
        QString error;
        if (!f.plot->exportTo(path, &error))
            return fail(error);
        Q_EMIT fileWritten(path);
        return true;
    }
    return fail(tr("No figure '%1' to export").arg(id));
}

bool ExportMenu::exportData(const QString& id, const QString& path) {
    for (const Data& d : m_dataList) {
        if (d.id != id)
            continue;
        const QString suffix = suffixOf(path);
        if (!d.suffixes.contains(suffix))
            return fail(tr("Cannot export %1 to %2: use .%3")
                            .arg(d.title, path, d.suffixes.join(QStringLiteral(" or ."))));
        QString error;
        const QByteArray bytes = withInSampleFlag(id, suffix, d.render(suffix), m_inSample);
        if (!widgets::writeTextFileAtomically(path, bytes, &error))
            return fail(error);
        Q_EMIT fileWritten(path);
        return true;
    }
    return fail(tr("No data '%1' to export").arg(id));
}

bool ExportMenu::exportRepaired(const QString& path) {
    if (!m_controller->repaired())
        return fail(tr("No repaired model B' to export yet"));
    if (!kRepairedSuffixes.contains(suffixOf(path)))
        return fail(tr("Cannot export B' to %1: use .h5 (Keras) or .pt (TorchScript)").arg(path));
    return m_controller->exportRepaired(path);
}

bool ExportMenu::exportGoodnet(const QString& path) {
    if (!m_controller->repaired())
        return fail(tr("G(B, B') needs a repaired model B' first"));
    if (!kGoodnetSuffixes.contains(suffixOf(path)))
        return fail(tr("Cannot export G(B, B') to %1: use .pt (TorchScript)").arg(path));
    return m_controller->exportGoodnet(path);
}

QStringList ExportMenu::figureIds() const {
    QStringList ids;
    for (const Figure& f : m_figureList)
        ids << f.id;
    return ids;
}

QStringList ExportMenu::dataIds() const {
    QStringList ids;
    for (const Data& d : m_dataList)
        ids << d.id;
    return ids;
}

QStringList ExportMenu::repairedSuffixes() { return kRepairedSuffixes; }

QString ExportMenu::askSavePath(QWidget* parent, QString* lastDir, const QString& title,
                                const QString& baseName, const QStringList& suffixes) {
    QStringList filters;
    for (const QString& s : suffixes)
        filters << filterFor(s);
    QString selected = filters.constFirst();
    QString path = QFileDialog::getSaveFileName(
        parent, title, QDir(*lastDir).filePath(baseName + QLatin1Char('.') + suffixes[0]),
        filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return path;
    if (QFileInfo(path).suffix().isEmpty()) // the chosen filter gives the format
        path += QLatin1Char('.') + suffixes.value(filters.indexOf(selected), suffixes[0]);
    *lastDir = QFileInfo(path).absolutePath();
    return path;
}

QString ExportMenu::askPath(const QString& title, const QString& baseName,
                            const QStringList& suffixes) {
    return askSavePath(m_dialogParent, &m_lastDir, title, baseName, suffixes);
}

} // namespace bdl::app
