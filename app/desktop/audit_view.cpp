#include "app/desktop/audit_view.h"

#include "app/desktop/job_text.h"
#include "widgets/prune_curve_plot.h"

#include <QtCore/QSortFilterProxyModel>
#include <QtGui/QStandardItemModel>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

#include <cmath>

namespace bdl::app {

namespace {

/// Splitter proportions are given in multiples of this (any positive value would do).
constexpr int kAuditSplitUnit = 100;

/// Sorts by AuditView::kSortRole: numbers as numbers (a missing one, NaN, below every number),
/// texts in the locale's order.
class AuditSortProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        const QVariant a = left.data(AuditView::kSortRole);
        const QVariant b = right.data(AuditView::kSortRole);
        if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double) {
            const double x = a.toDouble(), y = b.toDouble();
            if (std::isnan(x) || std::isnan(y))
                return std::isnan(x) && !std::isnan(y);
            return x < y;
        }
        return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
    }
};

QString auditPercent(double v) {
    return std::isnan(v) ? AuditView::tr("n/a") : JobText::percent(v);
}

QString auditNumber(double v) {
    return std::isnan(v) ? AuditView::tr("n/a") : QString::number(v, 'f', 4);
}

/// A cell: its text, its exact value for sorting, the model it belongs to, and a tooltip.
QStandardItem* auditItem(const QString& text, const QVariant& sortValue, int model,
                         const QString& toolTip = QString()) {
    auto* item = new QStandardItem(text);
    item->setData(sortValue, AuditView::kSortRole);
    item->setData(model, AuditView::kModelRole);
    item->setEditable(false);
    if (!toolTip.isEmpty())
        item->setToolTip(toolTip);
    return item;
}

/// One line per set: "patch: 99.80 %".
QString perSetLines(const QStringList& names, const QVector<double>& values,
                    QString (*format)(double)) {
    QStringList lines;
    for (int i = 0; i < names.size() && i < values.size(); ++i)
        lines << AuditView::tr("%1: %2").arg(names[i], format(values[i]));
    return lines.join(QLatin1Char('\n'));
}

/// The verdict in words: "yes", "partly", "no", "unknown".
QString trustText(const QString& trust) {
    if (trust == QLatin1String("yes"))
        return AuditView::tr("yes");
    if (trust == QLatin1String("partly"))
        return AuditView::tr("partly");
    if (trust == QLatin1String("no"))
        return AuditView::tr("no");
    return AuditView::tr("unknown");
}

/// The verdict's order for sorting: no < partly < yes; unknown is no number.
double trustRank(const QString& trust) {
    if (trust == QLatin1String("yes"))
        return 2.0;
    if (trust == QLatin1String("partly"))
        return 1.0;
    return trust == QLatin1String("no") ? 0.0 : std::nan("");
}

} // namespace

AuditView::AuditView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("auditView"));
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("auditCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_model = new QStandardItemModel(0, kColumns, this);
    m_model->setHorizontalHeaderLabels({tr("Model"), tr("CCA"), tr("Max ASR"), tr("Trust"),
                                        tr("Pruning-aware"), tr("STRIP FRR"),
                                        tr("STRIP FAR (worst)"), tr("STRIP AUROC (worst)")});
    m_model->horizontalHeaderItem(kMaxAsrColumn)
        ->setToolTip(tr("The highest attack success rate over the poisoned sets; each set's in "
                        "the cell's tooltip"));
    m_model->horizontalHeaderItem(kTrustColumn)
        ->setToolTip(tr("The audit's verdict: whether the model can be trusted as it is (yes, "
                        "partly, no or unknown); the reasons in the cell's tooltip"));
    m_model->horizontalHeaderItem(kPruningAwareColumn)
        ->setToolTip(tr("Pruning-aware (Liu et al.): the backdoor survives pruning the channels "
                        "that are dormant on clean data"));
    m_model->horizontalHeaderItem(kFarColumn)
        ->setToolTip(tr("The highest FAR over the poisoned sets (poisoned inputs STRIP lets "
                        "through)"));
    m_model->horizontalHeaderItem(kAurocColumn)
        ->setToolTip(tr("The lowest AUROC over the poisoned sets"));
    m_proxy = new AuditSortProxy(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(kSortRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // the file's order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* curveBox = new QWidget(this);
    m_curveLabel = new QLabel(curveBox);
    m_curveLabel->setObjectName(QStringLiteral("auditCurveLabel"));
    m_curveLabel->setWordWrap(true);
    m_curve = new widgets::PruneCurvePlot(curveBox);
    m_curve->setObjectName(QStringLiteral("auditPruneCurve"));
    auto* curveLayout = new QVBoxLayout(curveBox);
    curveLayout->setContentsMargins(0, 0, 0, 0);
    curveLayout->addWidget(m_curveLabel);
    curveLayout->addWidget(m_curve, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(curveBox);
    split->setSizes({kAuditSplitUnit, kAuditSplitUnit});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addWidget(split, 1);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditView::onCurrentRowChanged);
}

QString AuditView::caption() const { return m_caption->text(); }

void AuditView::setResult(const AuditResult& audit) {
    m_audit = audit;
    QStringList settings;
    settings << tr("models: %1").arg(audit.models.size());
    if (!audit.seed.isEmpty())
        settings << tr("seed %1").arg(audit.seed);
    if (!audit.stripN.isEmpty())
        settings << (audit.blend.isEmpty()
                         ? tr("STRIP N = %1").arg(audit.stripN)
                         : tr("STRIP N = %1 (%2 blend)").arg(audit.stripN, audit.blend));
    if (!audit.rule.isEmpty())
        settings << (std::isnan(audit.frr)
                         ? tr("threshold rule %1").arg(audit.rule)
                         : tr("threshold rule %1 at FRR %2 %")
                               .arg(audit.rule, QString::number(audit.frr, 'g', 4)));
    if (audit.sample > 0)
        settings << tr("%1 inputs sampled per set").arg(audit.sample);
    m_caption->setText(settings.join(QStringLiteral(", ")));

    m_table->setSortingEnabled(false); // rows go in the file's order, sorted once at the end
    m_model->setRowCount(0);
    for (int i = 0; i < audit.models.size(); ++i)
        fillRow(i, audit.models[i]);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->resizeColumnsToContents();
    m_shown = -1;
    selectModel(audit.models.isEmpty() ? -1 : 0);
}

void AuditView::fillRow(int index, const AuditModel& m) {
    const double nan = std::nan("");
    QList<QStandardItem*> row(kColumns);
    row[kModelColumn] = auditItem(m.name, m.name, index, m.modelPath);
    row[kCcaColumn] =
        auditItem(auditPercent(m.cca), m.cca, index, tr("CCA on %1 clean inputs").arg(m.nClean));
    row[kMaxAsrColumn] = auditItem(auditPercent(m.maxAsr), m.maxAsr, index,
                                   perSetLines(m.asrSets, m.asr, auditPercent));
    row[kTrustColumn] = auditItem(trustText(m.trust), trustRank(m.trust), index, m.answer);
    if (m.trust != QLatin1String("yes")) {
        QFont bold = row[kTrustColumn]->font();
        bold.setBold(true);
        row[kTrustColumn]->setFont(bold);
    }
    const double aware = m.hasPruning ? (m.pruningAware ? 1.0 : 0.0) : nan;
    QStringList awareLines;
    if (m.kStar >= 0)
        awareLines << tr("k* = %1 channels pruned").arg(m.kStar);
    for (int i = 0; i < m.awareSets.size() && i < m.awareOfSet.size(); ++i)
        awareLines << tr("%1: %2").arg(m.awareSets[i], m.awareOfSet[i] ? tr("yes") : tr("no"));
    row[kPruningAwareColumn] =
        auditItem(m.hasPruning ? (m.pruningAware ? tr("yes") : tr("no")) : tr("n/a"), aware, index,
                  awareLines.join(QLatin1Char('\n')));
    QStringList names;
    QVector<double> frr, far, auroc;
    for (const AuditStripSet& s : m.stripSets) {
        names << s.name;
        frr << s.frr;
        far << s.far;
        auroc << s.auroc;
    }
    const QString stripNote =
        m.hasStrip ? tr("STRIP with N = %1, threshold %2")
                         .arg(QString::number(m.stripN), auditNumber(m.stripThreshold))
                   : tr("no STRIP in this audit");
    auto stripTip = [&](const QVector<double>& values, QString (*format)(double)) {
        const QString lines = perSetLines(names, values, format);
        return lines.isEmpty() ? stripNote : stripNote + QLatin1Char('\n') + lines;
    };
    row[kFrrColumn] =
        auditItem(auditPercent(m.worstFrr()), m.worstFrr(), index, stripTip(frr, auditPercent));
    row[kFarColumn] =
        auditItem(auditPercent(m.worstFar()), m.worstFar(), index, stripTip(far, auditPercent));
    row[kAurocColumn] =
        auditItem(auditNumber(m.worstAuroc()), m.worstAuroc(), index, stripTip(auroc, auditNumber));
    m_model->appendRow(row);
}

void AuditView::selectModel(int index) {
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex cell = m_proxy->index(r, kModelColumn);
        if (cell.data(kModelRole).toInt() == index) {
            m_table->selectionModel()->setCurrentIndex(cell, QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
            showCurve(index); // also when the row was current already
            return;
        }
    }
    showCurve(-1);
}

void AuditView::onCurrentRowChanged() {
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    showCurve(current.isValid() ? current.data(kModelRole).toInt() : -1);
}

void AuditView::showCurve(int index) {
    if (index == m_shown)
        return;
    m_shown = index;
    if (index < 0 || index >= m_audit.models.size()) {
        m_curve->clear();
        m_curveLabel->setText(tr("Select a model to see its pruning curve."));
        return;
    }
    const AuditModel& m = m_audit.models[index];
    if (!m.hasPruning) {
        m_curve->setup(1, {});
        m_curveLabel->setText(tr("%1: no pruning curve in this audit").arg(m.name));
        return;
    }
    m_curve->setup(m.channels, m.pruneSets);
    QVector<widgets::PrunePoint> points;
    for (int i = 0; i < m.pruneKs.size(); ++i) {
        widgets::PrunePoint p;
        p.k = m.pruneKs[i];
        p.cca = m.pruneCca.value(i, std::nan(""));
        for (const QVector<double>& set : m.pruneAsr)
            p.asr.push_back(set.value(i, std::nan("")));
        points.push_back(p);
    }
    m_curve->setPoints(points);
    m_curveLabel->setText(tr("Pruning curve of %1 (layer %2, %3 channels, pruned alone without "
                             "fine-tuning); pruning-aware: %4")
                              .arg(m.name, m.pruneLayer, QString::number(m.channels),
                                   m.pruningAware ? tr("yes") : tr("no")));
}

} // namespace bdl::app
