#include "app/desktop/activation_view.h"

#include "app/gui/controller.h"
#include "widgets/channel_bars_plot.h"
#include "widgets/feature_map_grid.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace bdl::app {

namespace {

// Panels of the feature-map grid.
constexpr int kBeforeClean = 0;
constexpr int kBeforePoisoned = 1;
constexpr int kAfterClean = 2;
constexpr int kAfterPoisoned = 3;

} // namespace

ActivationView::ActivationView(Controller* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("activationView"));
    m_bars = new widgets::ChannelBarsPlot(this);
    m_bars->setObjectName(QStringLiteral("channelBars"));
    m_maps = new widgets::FeatureMapGrid(this);
    m_maps->setObjectName(QStringLiteral("featureMaps"));
    m_set = new QComboBox(this);
    m_set->setObjectName(QStringLiteral("activationSetSelector"));
    m_set->setToolTip(tr("The poisoned set whose activations and feature maps are shown beside "
                         "the clean test set's. Default: the first poisoned set."));
    m_status = new QLabel(tr("Activations appear once the pruning curve is in."), this);
    m_status->setObjectName(QStringLiteral("activationStatus"));
    m_status->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(new QLabel(tr("Poisoned set"), this));
    top->addWidget(m_set);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_bars);
    split->addWidget(m_maps);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    connect(m_set, &QComboBox::currentIndexChanged, this, &ActivationView::showSelectedSet);
    connect(controller, &Controller::workspaceOpened, this, &ActivationView::onWorkspaceOpened);
    connect(controller, &Controller::activationsReady, this, &ActivationView::onActivations);
}

void ActivationView::onWorkspaceOpened(const WorkspaceInfo& info) {
    m_data.reset();
    m_pruned = 0; // the slider starts over at 0 with a new workspace
    m_bars->clear();
    m_maps->clear();
    const QSignalBlocker block(m_set);
    m_set->clear();
    m_set->addItems(info.poisonedNames);
    m_set->setEnabled(info.poisonedNames.size() > 1);
    m_status->setText(tr("Activations appear once the pruning curve is in."));
}

int ActivationView::selectedSet() const {
    // before/after hold the clean test set first, then the poisoned sets.
    if (!m_data || m_set->currentIndex() < 0 || m_data->before.size() < 2)
        return -1;
    return std::min(m_set->currentIndex() + 1, static_cast<int>(m_data->before.size()) - 1);
}

void ActivationView::onActivations(const ActivationData& data) {
    m_data = data;
    m_status->setText(data.after.isEmpty()
                          ? tr("Layer %1: B only (no repaired model yet)").arg(data.layer)
                          : tr("Layer %1: B before and B' after fine-pruning").arg(data.layer));
    showSelectedSet();
}

void ActivationView::showSelectedSet() {
    if (!m_data || m_data->before.isEmpty())
        return;
    const ActivationData& d = *m_data;
    const int set = selectedSet();
    const ActivationSet& clean = d.before.constFirst();
    const QVector<double> poisonedMeans = set >= 0 ? d.before[set].channelMeans : QVector<double>();
    m_bars->setData(d.order, clean.channelMeans, poisonedMeans);
    m_bars->setPrunedCount(m_pruned);

    auto show = [&](int panel, const QVector<ActivationSet>& sets, int index,
                    const QString& title) {
        if (index >= 0 && index < sets.size())
            m_maps->setMaps(panel, title.arg(sets[index].name), d.channels, d.height, d.width,
                            sets[index].meanMaps);
        else
            m_maps->clearPanel(panel);
    };
    show(kBeforeClean, d.before, 0, tr("B, clean: %1"));
    show(kBeforePoisoned, d.before, set, tr("B, poisoned: %1"));
    show(kAfterClean, d.after, 0, tr("B', clean: %1"));
    show(kAfterPoisoned, d.after, set, tr("B', poisoned: %1"));
    updateOutlines();
}

void ActivationView::setPrunedCount(int k) {
    m_pruned = k;
    m_bars->setPrunedCount(k);
    updateOutlines();
}

void ActivationView::updateOutlines() {
    // With B', outline what B' actually masks; before any repair, what the slider prunes.
    if (m_data && !m_data->after.isEmpty())
        m_maps->setPrunedChannels(m_data->prunedChannels);
    else if (m_data)
        m_maps->setPrunedChannels(m_data->order.mid(0, m_pruned));
}

} // namespace bdl::app
