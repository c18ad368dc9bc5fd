#include "app/desktop/candidates_panel.h"

#include "app/desktop/comparison_view.h"
#include "app/desktop/export_menu.h"
#include "app/desktop/job_text.h"
#include "app/desktop/tune_form.h"
#include "app/gui/controller.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtGui/QFont>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace bdl::app {

namespace {

enum CandidateColumn { kNumber, kMethod, kK, kLr, kEpochs, kCca, kFirstAsr };

/// A header on two lines at its first space ("CCA %" -> "CCA" over "%"): the numbers are
/// narrower than their titles, so the columns stay narrow without cutting a title.
QString twoLines(QString header) {
    const int space = static_cast<int>(header.indexOf(QLatin1Char(' ')));
    if (space > 0)
        header[space] = QLatin1Char('\n');
    return header;
}

} // namespace

CandidatesPanel::CandidatesPanel(Controller* controller, QWidget* parent)
    : QGroupBox(tr("B' candidates"), parent), m_controller(controller),
      m_lastDir(QDir::homePath()) {
    setObjectName(QStringLiteral("candidatesPanel"));
    m_table = new QTableWidget(0, kFirstAsr + 1, this);
    m_table->setObjectName(QStringLiteral("candidatesTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->hide();
    // Every column as wide as its title and cells: none is cut (a stretched last column could
    // be narrower than its title in a small window; the table scrolls instead).
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_makeCurrent = new QPushButton(tr("Make current"), this);
    m_makeCurrent->setObjectName(QStringLiteral("makeCurrentButton"));
    m_makeCurrent->setToolTip(tr("Make the selected candidate the repaired model B' again"));
    m_export = new QPushButton(tr("Export..."), this);
    m_export->setObjectName(QStringLiteral("exportCandidateButton"));
    m_export->setToolTip(tr("Write the selected candidate as Keras .h5 weights or TorchScript "
                            ".pt; B' stays as it is"));
    keepFocusWhenDisabled(m_makeCurrent);
    keepFocusWhenDisabled(m_export);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_makeCurrent);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_makeCurrent, &QPushButton::clicked, this, &CandidatesPanel::makeSelectedCurrent);
    connect(m_export, &QPushButton::clicked, this, &CandidatesPanel::exportSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &CandidatesPanel::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] {
        if (m_makeCurrent->isEnabled())
            makeSelectedCurrent();
    });
    connect(controller, &Controller::candidatesChanged, this, &CandidatesPanel::rebuild);
    connect(controller, &Controller::workspaceOpened, this, [this](const WorkspaceInfo& info) {
        m_poisonedNames = info.poisonedNames;
        rebuild();
    });
    connect(controller, &Controller::busyChanged, this, &CandidatesPanel::updateButtons);
    rebuild();
}

int CandidatesPanel::selectedId() const {
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    if (items.isEmpty())
        return -1;
    const QTableWidgetItem* first = m_table->item(items.first()->row(), kNumber);
    return first ? first->data(Qt::UserRole).toInt() : -1;
}

void CandidatesPanel::selectId(int id) {
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, kNumber)->data(Qt::UserRole).toInt() == id) {
            m_table->selectRow(row);
            return;
        }
}

void CandidatesPanel::rebuild() {
    const int selected = selectedId();
    const QVector<RepairCandidate>& list = m_controller->candidates();
    const int current = m_controller->currentCandidate();
    const int asrColumns = static_cast<int>(m_poisonedNames.size());
    QStringList headers{tr("#"),      twoLines(tr("Made by")), tr("k"), tr("lr"),
                        tr("Epochs"), twoLines(tr("CCA %"))};
    for (const QString& set : m_poisonedNames)
        headers << tr("ASR %\n%1").arg(set);
    headers << tr("How it was made");
    {
        const QSignalBlocker block(m_table); // a rebuild is no new selection
        m_table->clearContents();
        m_table->setColumnCount(kFirstAsr + asrColumns + 1);
        m_table->setHorizontalHeaderLabels(headers);
        m_table->setRowCount(static_cast<int>(list.size()));
        for (int row = 0; row < list.size(); ++row) {
            const RepairCandidate& c = list[row];
            const RepairResult& r = c.result;
            const bool isCurrent = c.id == current;
            QStringList cells{isCurrent ? tr("%1 (current)").arg(c.id) : QString::number(c.id),
                              JobText::repairMethod(r.method),
                              QString::number(r.k),
                              QString::number(r.lr, 'g', 3),
                              QString::number(r.epochs),
                              ComparisonView::numberText(r.ccaAfter)};
            for (int i = 0; i < asrColumns; ++i)
                cells << ComparisonView::numberText(i < r.asrAfter.size() ? r.asrAfter[i]
                                                                          : ComparisonRow::kNone);
            cells << r.description;
            QString tip = tr("B' candidate #%1: %2").arg(c.id).arg(r.description);
            if (r.inSample)
                tip += tr("\nIn-sample: fine-tuned on the clean test set its CCA is measured on");
            if (isCurrent)
                tip += tr("\nThe current repaired model B'");
            for (int col = 0; col < cells.size(); ++col) {
                auto* item = new QTableWidgetItem(cells[col]);
                if (col != kMethod && col != cells.size() - 1)
                    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                item->setToolTip(tip);
                if (isCurrent) {
                    QFont font = item->font();
                    font.setBold(true);
                    item->setFont(font);
                }
                if (col == kNumber)
                    item->setData(Qt::UserRole, c.id);
                m_table->setItem(row, col, item);
            }
        }
        selectId(selected);
    }
    m_table->resizeRowsToContents();
    setVisible(!list.isEmpty()); // an empty table would only take space from the curve
    updateButtons();
}

void CandidatesPanel::updateButtons() {
    const int id = selectedId();
    const bool idle = !m_controller->busy();
    m_makeCurrent->setEnabled(idle && id >= 0 && id != m_controller->currentCandidate());
    m_export->setEnabled(idle && id >= 0);
}

void CandidatesPanel::makeSelectedCurrent() {
    const int id = selectedId();
    if (id >= 0)
        m_controller->selectCandidate(id);
}

void CandidatesPanel::exportSelected() {
    const int id = selectedId();
    if (id < 0)
        return;
    const QString path = ExportMenu::askSavePath(
        window(), &m_lastDir, tr("Export B' candidate #%1").arg(id),
        QStringLiteral("repaired-%1").arg(id), ExportMenu::repairedSuffixes());
    if (!path.isEmpty())
        exportCandidate(id, path);
}

bool CandidatesPanel::exportCandidate(int id, const QString& path) {
    if (!m_controller->candidate(id)) {
        Q_EMIT errorMessage(tr("There is no B' candidate #%1 to export").arg(id));
        return false;
    }
    if (!ExportMenu::repairedSuffixes().contains(QFileInfo(path).suffix().toLower())) {
        Q_EMIT errorMessage(
            tr("Cannot export B' to %1: use .h5 (Keras) or .pt (TorchScript)").arg(path));
        return false;
    }
    return m_controller->exportCandidate(id, path);
}

} // namespace bdl::app
