#include "app/desktop/workspace_panel.h"

#include "app/desktop/job_text.h"

#include <QtCore/QFileInfo>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTreeWidget>
#include <QtWidgets/QVBoxLayout>

#include <functional>

namespace bdl::app {

namespace {

QString targetsText(const QVector<qint64>& targets) {
    QStringList t;
    for (qint64 x : targets)
        t << QString::number(x);
    return t.isEmpty() ? QStringLiteral("?") : t.join(QStringLiteral(", "));
}

} // namespace

WorkspacePanel::WorkspacePanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("workspacePanel"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("workspaceStatus"));
    m_status->setWordWrap(true);
    m_status->hide();
    m_inSample = new QLabel(this);
    m_inSample->setObjectName(QStringLiteral("workspaceInSample"));
    m_inSample->setWordWrap(true); // never elided: the whole warning is read
    m_inSample->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_inSample->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; "
                                             "border: 1px solid #ffe69c; padding: 4px; }"));
    m_inSample->hide();
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("workspaceTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Item"), tr("Value")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setRootIsDecorated(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_status);
    layout->addWidget(m_inSample);
    layout->addWidget(m_tree, 1);
    addRow(addGroup(tr("Model under test (B)")), tr("Model"), tr("none open"));
}

QTreeWidgetItem* WorkspacePanel::addGroup(const QString& title) {
    auto* group = new QTreeWidgetItem(m_tree, {title});
    QFont bold = group->font(0);
    bold.setBold(true);
    group->setFont(0, bold);
    group->setFirstColumnSpanned(true);
    group->setExpanded(true);
    return group;
}

QTreeWidgetItem* WorkspacePanel::addRow(QTreeWidgetItem* group, const QString& label,
                                        const QString& value, const QString& toolTip) {
    auto* row = new QTreeWidgetItem(group, {label, value});
    const QString tip = toolTip.isEmpty() ? value : toolTip;
    row->setToolTip(0, tip);
    row->setToolTip(1, tip);
    return row;
}

void WorkspacePanel::setWorkspace(const WorkspaceInfo& info) {
    m_pruneLayer = nullptr; // owned by the tree's items, deleted by clear()
    m_tree->clear();
    m_poisonedNames = info.poisonedNames;
    m_inSample->setText(
        tr("\u26a0 In-sample: no train set was given, so ranking and fine-tuning use the clean "
           "test set, and the CCA of the curve and of B' is measured on the images they were "
           "chosen on. Reopen with a train set or a hold-out (File > Open) for out-of-sample "
           "numbers."));
    m_inSample->setToolTip(tr("Clean test set: %1").arg(info.sets.value(0).path));
    m_inSample->setVisible(info.inSample);
    fillModel(info);
    fillScale(info);
    m_repairedGroup = addGroup(tr("Repaired model (B')"));
    fillNoRepaired();
    fillData(info);
    m_tree->expandAll();
}

void WorkspacePanel::fillModel(const WorkspaceInfo& info) {
    QTreeWidgetItem* g = addGroup(tr("Model under test (B)"));
    addRow(g, tr("File"), QFileInfo(info.modelPath).fileName(), info.modelPath);
    if (!info.zooModel.isEmpty())
        addRow(g, tr("Demo zoo"), info.zooTitle.isEmpty() ? info.zooModel : info.zooTitle,
               tr("Model '%1' of the demo zoo in %2").arg(info.zooModel, info.zooDir));
    addRow(g, tr("Architecture"), info.architecture,
           tr("%1 (%2)").arg(info.architecture, info.format));
    addRow(g, tr("Input, classes"),
           tr("%1 x %2 x %3, %4 classes")
               .arg(info.height)
               .arg(info.width)
               .arg(info.channels)
               .arg(info.classes));
    if (!info.normalization.isEmpty() && info.normalization != QLatin1String("none"))
        addRow(g, tr("Normalization"), info.normalization,
               tr("Per-channel input normalization after the scale"));
    const bool bf16 = info.precision == QLatin1String("bf16");
    const bool refused = !bf16 && info.precisionRequested == QLatin1String("bf16");
    addRow(g, tr("Inference"),
           bf16      ? tr("bfloat16 (checked)")
           : refused ? tr("float32 (bfloat16 refused)")
                     : tr("float32"),
           info.precisionNote.isEmpty()
               ? tr("The number format of B's forward passes; Open asks for bfloat16")
               : info.precisionNote);
    QTreeWidgetItem* pruned = addRow(
        g, tr("Pruned layer"), tr("%1, %2 channels").arg(info.pruneLayer).arg(info.pruneChannels),
        tr("Where channels are ranked and masked; choose another convolution to reopen "
           "the workspace pruning it"));
    m_pruneLayer = nullptr;
    if (info.prunable.size() < 2)
        return;
    // Every convolution, as "conv -> where it is masked (C channels)"; picking one reopens.
    m_pruneLayer = new QComboBox(m_tree);
    m_pruneLayer->setObjectName(QStringLiteral("pruneLayerBox"));
    m_pruneLayer->setToolTip(tr("The layer whose channels are ranked and pruned; choosing another "
                                "reopens the workspace pruning it. Default: the last "
                                "convolution."));
    int current = -1;
    for (const auto& p : info.prunable) {
        const QString text =
            p.layer == p.conv
                ? tr("%1 (%2 channels)").arg(p.conv).arg(p.channels)
                : tr("%1 \u2192 %2 (%3 channels)").arg(p.conv, p.layer).arg(p.channels);
        m_pruneLayer->addItem(text, p.conv);
        if (p.layer == info.pruneLayer && current < 0)
            current = m_pruneLayer->count() - 1;
    }
    if (current < 0) { // the default is not a convolution's block output (a ResNet's last block)
        m_pruneLayer->insertItem(
            0, tr("%1 (%2 channels)").arg(info.pruneLayer).arg(info.pruneChannels),
            info.pruneLayer);
        current = 0;
    }
    m_pruneLayer->setCurrentIndex(current);
    m_tree->setItemWidget(pruned, 1, m_pruneLayer);
    connect(m_pruneLayer, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        Q_EMIT pruneLayerChosen(m_pruneLayer->itemData(index).toString());
    });
}

void WorkspacePanel::fillScale(const WorkspaceInfo& info) {
    QTreeWidgetItem* g = addGroup(tr("Input scale"));
    addRow(g, tr("In use"), info.scale);
    addRow(g, tr("Auto-detected"), info.detectedScale,
           tr("The scale with the better clean accuracy"));
    // Detection scores a sample of the clean test set, so these can differ from the curve's
    // CCA at k = 0, which uses all of it.
    addRow(g, tr("Sample CCA, 1/255"), JobText::percent(info.accUnit),
           tr("Clean accuracy with pixels / 255, on a sample of the clean test set"));
    addRow(g, tr("Sample CCA, raw"), JobText::percent(info.accRaw),
           tr("Clean accuracy with raw pixels 0..255, on a sample of the clean test set"));
}

void WorkspacePanel::fillData(const WorkspaceInfo& info) {
    QTreeWidgetItem* g = addGroup(tr("Data sets"));
    for (const DataSetInfo& d : info.sets) {
        QString role;
        switch (d.role) {
        case DataSetInfo::CleanTest:
            role = tr("Clean test (CCA)");
            break;
        case DataSetInfo::CleanTrain:
            role = tr("Clean (rank, tune)");
            break;
        case DataSetInfo::Poisoned:
            role = tr("Poisoned (ASR)");
            break;
        }
        QTreeWidgetItem* set = addRow(g, role, d.name, d.path);
        addRow(set, tr("Images"), QString::number(d.size));
        if (d.role == DataSetInfo::Poisoned)
            addRow(set, tr("Target"), targetsText(d.targets));
        if (d.role == DataSetInfo::CleanTrain && d.sameAsCleanTest)
            addRow(set, tr("Note"), tr("the clean test set (no train set given): in-sample"));
        addRow(set, tr("File"), QFileInfo(d.path).fileName(), d.path);
    }
    fillSplit(g, info);
}

void WorkspacePanel::fillSplit(QTreeWidgetItem* group, const WorkspaceInfo& info) {
    const qint64 test = info.sets.value(0).size;
    const qint64 train = info.sets.value(1).size;
    if (info.holdOutPercent > 0) {
        addRow(group, tr("Split"),
               tr("held out %1 % as train: %2 train, %3 clean test (seed %4)")
                   .arg(info.holdOutPercent)
                   .arg(train)
                   .arg(test)
                   .arg(info.holdOutSeed),
               tr("A seeded %1 % of the clean data (%2 images) ranks and fine-tunes; CCA is "
                  "measured on the other %3 images")
                   .arg(info.holdOutPercent)
                   .arg(train + test)
                   .arg(test));
    } else if (info.inSample) {
        addRow(group, tr("Split"),
               tr("none: the %n clean test image(s) are also the train set (in-sample)", nullptr,
                  static_cast<int>(test)));
    } else {
        addRow(group, tr("Split"),
               tr("separate train set: %1 train, %2 clean test").arg(train).arg(test));
    }
}

void WorkspacePanel::fillNoRepaired() {
    qDeleteAll(m_repairedGroup->takeChildren());
    addRow(m_repairedGroup, tr("B'"), tr("none yet"));
    m_repairedGroup->child(0)->setToolTip(
        1, tr("Fine-tune at k, run a protocol, or click a cell of a finished sweep"));
}

void WorkspacePanel::setRepaired(const RepairResult& r) {
    if (!m_repairedGroup)
        return;
    qDeleteAll(m_repairedGroup->takeChildren());
    addRow(m_repairedGroup, tr("Made by"), JobText::repairMethod(r.method));
    addRow(m_repairedGroup, tr("How"), r.description);
    addRow(m_repairedGroup, tr("Channels pruned"), QString::number(r.k));
    // One row per score, B -> B' (the pruned-only score, when measured, in the tooltip).
    auto scoreRow = [&](const QString& label, double before, double pruned, double after) {
        const QString value = tr("%1 -> %2").arg(JobText::percent(before), JobText::percent(after));
        addRow(m_repairedGroup, label, value,
               r.hasPruned
                   ? tr("B %1, pruned only %2, B' %3")
                         .arg(JobText::percent(before), JobText::percent(pruned),
                              JobText::percent(after))
                   : tr("B %1, B' %2").arg(JobText::percent(before), JobText::percent(after)));
    };
    scoreRow(r.inSample ? tr("CCA (in-sample)") : tr("CCA"), r.ccaBefore, r.ccaPruned, r.ccaAfter);
    for (int i = 0; i < r.asrAfter.size(); ++i)
        scoreRow(tr("ASR %1").arg(m_poisonedNames.value(i, QString::number(i + 1))),
                 r.asrBefore.value(i), r.asrPruned.value(i), r.asrAfter[i]);
    if (r.inSample)
        addRow(m_repairedGroup, tr("Note"),
               tr("in-sample: fine-tuned on the clean test set its CCA is measured on"));
    m_repairedGroup->setExpanded(true);
}

void WorkspacePanel::setStatus(const QString& text) {
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

QString WorkspacePanel::inSampleText() const {
    return m_inSample->isVisibleTo(this) ? m_inSample->text() : QString();
}

QString WorkspacePanel::summaryText() const {
    QStringList lines;
    // Depth-first, indented by depth: "Data sets", "  Poisoned (ASR): patch", "    Images: 64".
    std::function<void(const QTreeWidgetItem*, int)> walk = [&](const QTreeWidgetItem* item,
                                                                int depth) {
        const QString indent(2 * depth, QLatin1Char(' '));
        lines << (item->text(1).isEmpty()
                      ? indent + item->text(0)
                      : QStringLiteral("%1%2: %3").arg(indent, item->text(0), item->text(1)));
        for (int i = 0; i < item->childCount(); ++i)
            walk(item->child(i), depth + 1);
    };
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        walk(m_tree->topLevelItem(i), 0);
    return lines.join(QLatin1Char('\n'));
}

} // namespace bdl::app
