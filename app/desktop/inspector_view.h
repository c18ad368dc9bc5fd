#pragma once
/// @file inspector_view.h
/// The "Inspector" tab (objectName "inspectorView"): one input under every model of the session.
/// The input is an image file ("Open image..." with a file dialog, or dropped on the view) or an
/// image of a workspace set (set combo "inspectSet", index spin "inspectIndex", "Inspect"
/// button). The worker (Controller::inspect()) resizes it to the model's input; the view shows
/// the image as fed to the model, the note on its conversion, the top 5 classes of B
/// ("topBTable") and of B' ("topBPrimeTable", or a note without a repaired model), the verdict
/// of G(B, B') ("goodnetVerdict": a class, or N: poisoned when B and B' disagree) and STRIP's
/// ("stripVerdict": the entropy, the threshold of the STRIP tab and "flagged as trojaned" or
/// "passes"; no verdict before a STRIP threshold exists).
///
/// Failures (unreadable or unsupported files) are reported by the Controller's failed(), which
/// the main window shows in its banner; the view keeps the previous result.
///
/// Thread: GUI thread only. `controller` must outlive the view.
#include "app/gui/analysis_types.h"

#include <QtWidgets/QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QDragEnterEvent;
class QDropEvent;
class QLabel;
class QMimeData;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace bdl::widgets {
class ImageTiles;
}

namespace bdl::app {

class Controller;

class InspectorView : public QWidget {
    Q_OBJECT

public:
    /// Image files the view offers and accepts when dropped (lower-case suffixes).
    static const QStringList& imageSuffixes();
    /// Edge of the displayed image, pixels.
    static constexpr int kImageSize = 224;

    explicit InspectorView(Controller* controller, QWidget* parent = nullptr);

    /// Where the STRIP threshold of the verdict comes from (the STRIP tab's threshold; NaN:
    /// none). Without a source, no threshold is sent (no STRIP verdict).
    void setThresholdSource(std::function<double()> source);

    /// Inspects an image file. False when the request was not made (a job runs, no workspace, or
    /// an empty path); the Controller reports unreadable files through failed().
    bool inspectFile(const QString& path);
    /// Inspects image `index` of workspace set `setIndex` (into WorkspaceInfo::sets). False as
    /// inspectFile().
    bool inspectSetImage(int setIndex, qint64 index);

    /// The last result shown (nullopt before the first).
    const std::optional<InspectResult>& lastResult() const { return m_result; }
    /// The image shown (objectName "inspectImage").
    widgets::ImageTiles* imageTiles() const { return m_image; }
    QTableWidget* topBTable() const { return m_topB; }
    QTableWidget* topBPrimeTable() const { return m_topBPrime; }
    /// The verdict texts ("goodnetVerdict", "stripVerdict").
    QString goodnetText() const;
    QString stripText() const;

    /// "flagged as trojaned" / "passes" / the reason there is no verdict, for `result`.
    static QString stripVerdictText(const InspectResult& result);
    /// G's verdict for `result`: "3 (cat)" or "N: poisoned (B and B' disagree)".
    static QString goodnetVerdictText(const InspectResult& result);

public Q_SLOTS:
    /// File dialog (PNG, JPEG, BMP), then inspectFile().
    void openImage();

Q_SIGNALS:
    /// A request could not be made (e.g. an index outside the set); for the banner.
    void errorMessage(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildInputs();
    QWidget* buildResults();
    void connectController();
    void onWorkspaceOpened(const bdl::app::WorkspaceInfo& info);
    void onInspected(const bdl::app::InspectResult& result);
    void onSetChanged();
    void updateEnabled();
    bool request(InspectRequest request);
    double currentThreshold() const;
    /// The first local image file among dropped URLs; empty when none.
    static QString droppedImage(const QMimeData* mime);
    static void fillTop(QTableWidget* table, const QVector<ClassScore>& scores);

    Controller* m_controller;
    std::function<double()> m_thresholdSource;
    QPushButton* m_openButton = nullptr;
    QComboBox* m_set = nullptr;
    QSpinBox* m_index = nullptr;
    QPushButton* m_inspectButton = nullptr;
    QLabel* m_dropHint = nullptr;
    QLabel* m_source = nullptr;
    QLabel* m_note = nullptr;
    widgets::ImageTiles* m_image = nullptr;
    QTableWidget* m_topB = nullptr;
    QTableWidget* m_topBPrime = nullptr;
    QLabel* m_noBPrime = nullptr;
    QLabel* m_goodnet = nullptr;
    QLabel* m_strip = nullptr;

    QVector<DataSetInfo> m_sets;
    std::optional<InspectResult> m_result;
    QString m_lastDir;
};

} // namespace bdl::app
