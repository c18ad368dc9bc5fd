#pragma once
/// @file export_menu.h
/// File > Export: every plot as a figure (PNG, PDF or SVG by the file suffix), the curves and
/// heat maps as CSV or JSON, the repaired model B' as Keras .h5 or TorchScript .pt and the
/// goodnet G(B, B') as TorchScript. Figures and data are written here, atomically (the widgets'
/// exportTo() and writeTextFileAtomically(): a failed export leaves an older file intact);
/// models are written by the worker (Controller::exportRepaired/exportGoodnet).
///
/// The export functions take a path and need no dialog, so tests and scripts call them
/// directly; the menu's actions ask for the path with a file dialog, then call them.
///
/// Data that follows ranking or fine-tuning (the curve, the paper's steps, the sweep's heat
/// maps) carries the open workspace's in-sample flag (WorkspaceInfo::inSample): an `in_sample`
/// member in JSON, an `in_sample` column in the curve and steps CSVs.
///
/// Thread: GUI thread only. Errors: functions return false and emit errorMessage() with a text
/// naming the file and the problem.
#include <QtCore/QByteArray>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace bdl::widgets {
class PlotWidget;
}

namespace bdl::app {

class Controller;

class ExportMenu : public QObject {
    Q_OBJECT

public:
    /// Renders a data export for a suffix ("csv" or "json"; lower case).
    using DataRenderer = std::function<QByteArray(const QString& suffix)>;

    /// Fills `menu` (owned by the caller) as entries are added. `dialogParent` parents the file
    /// dialogs. `controller` must outlive this object.
    ExportMenu(Controller* controller, QMenu* menu, QWidget* dialogParent);

    /// A figure export of `plot` under `id` ("curve", "cca-heatmap", ...).
    void addFigure(const QString& id, const QString& title, widgets::PlotWidget* plot);
    /// A data export under `id`, offered in `suffixes` ("csv", "json").
    void addData(const QString& id, const QString& title, const QStringList& suffixes,
                 DataRenderer render);
    /// The model exports (B' and G(B, B')), after the figures and data.
    void addModelActions();

    /// Writes figure `id` to `path` (format by suffix). False (errorMessage()) on failure.
    bool exportFigure(const QString& id, const QString& path);
    /// Writes data `id` to `path` (.csv or .json as offered). False (errorMessage()) on failure.
    bool exportData(const QString& id, const QString& path);
    /// Asks the worker to write B' (.h5/.hdf5 Keras weights, .pt TorchScript); exported() or
    /// failed() follow from the Controller. False when there is no B', the suffix is not one of
    /// those, or a job runs.
    bool exportRepaired(const QString& path);
    /// Asks the worker to write G(B, B') as TorchScript (.pt). As exportRepaired().
    bool exportGoodnet(const QString& path);

    QStringList figureIds() const;
    QStringList dataIds() const;

    /// The suffixes a B' export takes: "h5", "hdf5" (Keras weights), "pt" (TorchScript).
    static QStringList repairedSuffixes();
    /// The save dialog of every export: asks for a path under `title`, starting in *lastDir with
    /// `baseName` and the first suffix, one filter per suffix (the chosen filter completes a path
    /// typed without a suffix); *lastDir follows the choice. Empty when cancelled.
    static QString askSavePath(QWidget* parent, QString* lastDir, const QString& title,
                               const QString& baseName, const QStringList& suffixes);

Q_SIGNALS:
    void errorMessage(const QString& message);
    /// A figure or data file was written (model exports report through the Controller).
    void fileWritten(const QString& path);

private:
    struct Figure {
        QString id, title;
        widgets::PlotWidget* plot = nullptr;
    };
    struct Data {
        QString id, title;
        QStringList suffixes;
        DataRenderer render;
    };

    /// Asks for a save path (the suffix completed from the chosen filter); empty when cancelled.
    QString askPath(const QString& title, const QString& baseName, const QStringList& suffixes);
    bool fail(const QString& message);
    void updateModelActions();

    Controller* m_controller;
    QMenu* m_menu;
    QMenu* m_figures = nullptr;
    QMenu* m_data = nullptr;
    QWidget* m_dialogParent;
    QVector<Figure> m_figureList;
    QVector<Data> m_dataList;
    QAction* m_repairedAction = nullptr;
    QAction* m_goodnetAction = nullptr;
    QString m_lastDir;
    bool m_inSample = false; ///< the open workspace's (WorkspaceInfo::inSample)
};

} // namespace bdl::app
