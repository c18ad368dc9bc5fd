#include "app/desktop/strip_settings_form.h"

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>

#include <algorithm>
#include <limits>

namespace bdl::app {

namespace {

/// N: the STRIP paper uses 100; fewer than 2 overlays give no meaningful mean entropy.
constexpr int kMinN = 2;
constexpr int kMaxN = 1000;
/// Inputs per set and calibration inputs: far above any data set the tool opens.
constexpr int kMaxInputs = 10000000;
/// Target FRR, % (open interval (0, 100) in the core; the spin box's step keeps it inside).
constexpr double kMinFrr = 0.01;
constexpr double kMaxFrr = 99.99;
constexpr double kMinAlpha = 0.01;
constexpr double kMaxAlpha = 0.99;

template <typename E>
void selectData(QComboBox* box, E value) {
    const int i = box->findData(static_cast<int>(value));
    if (i >= 0)
        box->setCurrentIndex(i);
}

template <typename E>
E currentEnum(const QComboBox* box) {
    return static_cast<E>(box->currentData().toInt());
}

} // namespace

StripSettingsForm::StripSettingsForm(QWidget* parent) : QGroupBox(tr("STRIP settings"), parent) {
    setObjectName(QStringLiteral("stripSettings"));
    const StripRequest defaults;
    m_n = new QSpinBox(this);
    m_n->setObjectName(QStringLiteral("stripN"));
    m_n->setRange(kMinN, kMaxN);
    m_n->setValue(defaults.n);
    m_n->setToolTip(tr("Superimpositions per input: each input is blended with N clean overlay "
                       "images and scored by the mean entropy of B's predictions on the blends. "
                       "Paper default: 100."));
    m_autoSplit = new QCheckBox(tr("Split the clean data automatically"), this);
    m_autoSplit->setObjectName(QStringLiteral("stripAutoSplit"));
    m_autoSplit->setChecked(defaults.autoSplit);
    m_autoSplit->setToolTip(
        tr("When one small clean set supplies both the overlays and the calibration inputs, use "
           "at most half of it as overlays (N is lowered) so that the threshold has calibration "
           "inputs. Untick to use N as given. Default: on."));
    m_blend = new QComboBox(this);
    m_blend->setObjectName(QStringLiteral("stripBlend"));
    m_blend->addItem(tr("alpha blend"), static_cast<int>(StripBlend::Alpha));
    m_blend->addItem(tr("additive (as in the STRIP paper)"),
                     static_cast<int>(StripBlend::Additive));
    m_blend->setToolTip(tr("How an input and an overlay are superimposed: alpha blend (alpha x "
                           "input + (1 - alpha) x overlay) or the STRIP paper's addition (clipped "
                           "to 0..255). Default: alpha blend at 0.5."));
    m_alpha = new QDoubleSpinBox(this);
    m_alpha->setObjectName(QStringLiteral("stripAlpha"));
    m_alpha->setRange(kMinAlpha, kMaxAlpha);
    m_alpha->setSingleStep(0.05);
    m_alpha->setValue(defaults.alpha);
    m_alpha->setToolTip(
        tr("Weight of the input in the alpha blend; the overlay gets 1 - alpha. Default: 0.5."));
    m_overlay = new QComboBox(this);
    m_overlay->setObjectName(QStringLiteral("stripOverlay"));
    m_overlay->addItem(tr("clean train set"), static_cast<int>(OverlaySource::Train));
    m_overlay->addItem(tr("clean test set"), static_cast<int>(OverlaySource::CleanTest));
    m_overlay->setToolTip(tr("The clean set the N overlay images are drawn from. Default: the "
                             "clean train set (the paper draws them from the training data)."));
    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("stripSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(static_cast<int>(defaults.seed));
    m_seed->setToolTip(tr("Seeds the draw of the overlays, the scored inputs and the calibration "
                          "inputs: the same seed gives the same threshold in the app and the "
                          "CLI. Default: 0."));
    m_sample = new QSpinBox(this);
    m_sample->setObjectName(QStringLiteral("stripSample"));
    m_sample->setRange(0, kMaxInputs);
    m_sample->setSpecialValueText(tr("all"));
    m_sample->setValue(defaults.sample);
    m_sample->setToolTip(tr("Inputs scored per test set, drawn at random with the seed (0: all). "
                            "Default: 1000 (the paper scored 3000 per set)."));
    m_calibration = new QSpinBox(this);
    m_calibration->setObjectName(QStringLiteral("stripCalibration"));
    m_calibration->setRange(1, kMaxInputs);
    m_calibration->setValue(defaults.calibration);
    m_calibration->setToolTip(tr("Clean inputs from the train set that fix the threshold "
                                 "(never the clean test inputs, never an overlay). Default: "
                                 "1000."));
    m_rule = new QComboBox(this);
    m_rule->setObjectName(QStringLiteral("stripRule"));
    for (StripRule r : {StripRule::NormalFit, StripRule::Percentile, StripRule::EqualError})
        m_rule->addItem(ruleName(r), static_cast<int>(r));
    selectData(m_rule, defaults.rule);
    m_rule->setToolTip(tr("How the threshold is set: a normal fit or a percentile of the clean "
                          "calibration entropies at the target FRR, or equal error (FRR = FAR), "
                          "an oracle that looks at poisoned data. Default: normal fit."));
    m_frr = new QDoubleSpinBox(this);
    m_frr->setObjectName(QStringLiteral("stripFrr"));
    m_frr->setRange(kMinFrr, kMaxFrr);
    m_frr->setDecimals(2);
    m_frr->setSuffix(tr(" %"));
    m_frr->setValue(defaults.frr);
    m_frr->setToolTip(tr("Clean inputs the threshold may reject (false rejection rate). Paper "
                         "default: 1 %."));
    m_run = new QPushButton(tr("Run STRIP"), this);
    m_run->setObjectName(QStringLiteral("runStripButton"));
    m_run->setEnabled(false);

    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Superimpositions N"), m_n);
    form->addRow(m_autoSplit); // the whole row: its text is longer than a field
    form->addRow(tr("Blend"), m_blend);
    form->addRow(tr("Alpha"), m_alpha);
    form->addRow(tr("Overlays from"), m_overlay);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Inputs per set"), m_sample);
    form->addRow(tr("Calibration inputs"), m_calibration);
    form->addRow(tr("Threshold rule"), m_rule);
    form->addRow(tr("Target FRR"), m_frr);
    form->addRow(m_run);

    connect(m_blend, &QComboBox::currentIndexChanged, this, &StripSettingsForm::updateEnabled);
    connect(m_rule, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        Q_EMIT ruleChanged();
    });
    connect(m_frr, &QDoubleSpinBox::valueChanged, this, &StripSettingsForm::ruleChanged);
    updateEnabled();
}

QString StripSettingsForm::ruleName(StripRule rule) {
    switch (rule) {
    case StripRule::NormalFit:
        return tr("normal fit at FRR");
    case StripRule::Percentile:
        return tr("percentile at FRR");
    case StripRule::EqualError:
        return tr("equal error (oracle: uses poisoned data)");
    }
    return QString();
}

StripRule StripSettingsForm::rule() const { return currentEnum<StripRule>(m_rule); }

double StripSettingsForm::frr() const { return m_frr->value(); }

StripRequest StripSettingsForm::request() const {
    StripRequest r;
    r.n = m_n->value();
    r.autoSplit = m_autoSplit->isChecked();
    r.blend = currentEnum<StripBlend>(m_blend);
    r.alpha = m_alpha->value();
    r.overlaySource = currentEnum<OverlaySource>(m_overlay);
    r.seed = static_cast<quint64>(m_seed->value());
    r.sample = m_sample->value();
    r.calibration = m_calibration->value();
    r.rule = rule();
    r.frr = frr();
    return r;
}

void StripSettingsForm::setRequest(const StripRequest& r) {
    const StripRule oldRule = rule();
    const double oldFrr = frr();
    {
        // One ruleChanged() for the whole request, not one per field.
        const QSignalBlocker blockRule(m_rule), blockFrr(m_frr);
        m_n->setValue(r.n);
        m_autoSplit->setChecked(r.autoSplit);
        selectData(m_blend, r.blend);
        m_alpha->setValue(r.alpha);
        selectData(m_overlay, r.overlaySource);
        m_seed->setValue(static_cast<int>(
            std::min<quint64>(r.seed, static_cast<quint64>(std::numeric_limits<int>::max()))));
        m_sample->setValue(r.sample);
        m_calibration->setValue(r.calibration);
        selectData(m_rule, r.rule);
        m_frr->setValue(r.frr);
    }
    updateEnabled();
    if (rule() != oldRule || frr() != oldFrr)
        Q_EMIT ruleChanged();
}

void StripSettingsForm::updateEnabled() {
    m_alpha->setEnabled(currentEnum<StripBlend>(m_blend) == StripBlend::Alpha);
    // The equal-error threshold has no target: FRR = FAR by construction.
    m_frr->setEnabled(rule() != StripRule::EqualError);
}

} // namespace bdl::app
