#include "app/desktop/tune_form.h"

#include <QtCore/QEvent>
#include <QtCore/QPointer>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>

namespace bdl::app {

namespace {

constexpr double kMaxLearningRate = 10.0;
constexpr int kMaxEpochs = 1000;
constexpr int kMaxBatch = 65536;

QString lrText(double lr) { return QString::number(lr, 'g', 6); }

/// Widgets that hand the focus on to a child when they get it (a group box to its first field, a
/// tab widget to its tab bar...): no place to park it.
bool passesFocusOn(const QWidget* w) {
    return w->focusProxy() || w->inherits("QGroupBox") || w->inherits("QTabWidget") ||
           w->inherits("QAbstractScrollArea") || w->inherits("QAbstractSpinBox") ||
           w->inherits("QComboBox") || w->inherits("QToolBox");
}

/// keepFocusWhenDisabled(): Qt moves the focus away while disabling the widget (before any
/// EnabledChange event), so the move is caught in QApplication::focusChanged and undone there.
class FocusKeeper : public QObject {
public:
    explicit FocusKeeper(QWidget* widget) : QObject(widget), m_widget(widget) {
        connect(qApp, &QApplication::focusChanged, this, &FocusKeeper::onFocusChanged);
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_widget && event->type() == QEvent::EnabledChange &&
            m_widget->isEnabled() && m_parked) {
            if (QApplication::focusWidget() == m_parked)
                m_widget->setFocus(Qt::OtherFocusReason);
            m_parked = nullptr;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    void onFocusChanged(QWidget* old, QWidget* now) {
        if (old != m_widget || m_widget->isEnabled())
            return; // the user moved the focus, or it left for another reason
        QWidget* park = m_widget->parentWidget();
        while (park && (!park->isEnabled() || passesFocusOn(park)))
            park = park->parentWidget();
        if (!park || park == now)
            return;
        m_parked = park;
        park->setFocus(Qt::OtherFocusReason); // also undoes the select-all of a line edit
    }

    QPointer<QWidget> m_widget;
    QPointer<QWidget> m_parked;
};

} // namespace

void keepFocusWhenDisabled(QWidget* widget) { new FocusKeeper(widget); }

TuneForm::TuneForm(const QString& title, const QString& buttonText, const QString& prefix,
                   const TuneSettings& defaults, QWidget* parent)
    : QGroupBox(title, parent) {
    setObjectName(prefix + QStringLiteral("Box"));
    m_lr = new QLineEdit(lrText(defaults.lr), this);
    m_lr->setObjectName(prefix + QStringLiteral("Lr"));
    m_lr->setToolTip(tr("Learning rate of the Adam optimiser used for fine-tuning, e.g. 1e-3 or "
                        "0.001; lower rates keep B' closer to B. Paper default: 1e-3."));
    m_epochs = new QSpinBox(this);
    m_epochs->setObjectName(prefix + QStringLiteral("Epochs"));
    m_epochs->setRange(1, kMaxEpochs);
    m_epochs->setValue(defaults.epochs);
    m_epochs->setToolTip(tr("Passes over the clean train set in each fine-tuning (the paper's "
                            "protocol fine-tunes after every pruned channel). Paper default: 10."));
    m_batch = new QSpinBox(this);
    m_batch->setObjectName(prefix + QStringLiteral("Batch"));
    m_batch->setRange(1, kMaxBatch);
    m_batch->setValue(defaults.batchSize);
    m_batch->setToolTip(tr("Images per Adam step while fine-tuning. Paper default: 32."));
    m_updateBn = new QCheckBox(tr("update BN"), this);
    m_updateBn->setObjectName(prefix + QStringLiteral("UpdateBn"));
    m_updateBn->setChecked(defaults.updateBatchNorm);
    m_updateBn->setToolTip(
        tr("Off (the default): batch-norm layers keep the model's moving statistics while "
           "fine-tuning on the small clean set; only their scale and shift learn."));
    m_button = new QPushButton(buttonText, this);
    m_button->setObjectName(prefix + QStringLiteral("Button"));
    m_button->setEnabled(false);
    keepFocusWhenDisabled(m_button);
    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(tr("Learning rate"), m_lr);
    m_form->addRow(tr("Epochs"), m_epochs);
    // On the batch size's row: the form (and the window's minimum height) keeps its rows.
    auto* batchRow = new QWidget(this);
    auto* batchLayout = new QHBoxLayout(batchRow);
    batchLayout->setContentsMargins(0, 0, 0, 0);
    batchLayout->addWidget(m_batch, 1);
    batchLayout->addWidget(m_updateBn);
    m_form->addRow(tr("Batch size"), batchRow);
    m_form->addRow(m_button);
    // A typo in the learning rate shows at once, not when the job is refused.
    connect(m_lr, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_lr->setStyleSheet(parseLearningRate(text) ? QString()
                                                    : QStringLiteral("color: #d93025;"));
    });
}

std::optional<double> TuneForm::parseLearningRate(const QString& text) {
    bool ok = false;
    const double lr = text.trimmed().toDouble(&ok);
    if (!ok || !(lr > 0.0) || lr > kMaxLearningRate)
        return std::nullopt;
    return lr;
}

std::optional<TuneSettings> TuneForm::settings() const {
    const auto lr = parseLearningRate(m_lr->text());
    if (!lr)
        return std::nullopt;
    TuneSettings s;
    s.lr = *lr;
    s.epochs = m_epochs->value();
    s.batchSize = m_batch->value();
    s.updateBatchNorm = m_updateBn->isChecked();
    return s;
}

void TuneForm::setSettings(const TuneSettings& settings) {
    m_lr->setText(QString::number(settings.lr, 'g', 6));
    m_epochs->setValue(settings.epochs);
    m_batch->setValue(settings.batchSize);
    m_updateBn->setChecked(settings.updateBatchNorm);
}

QJsonObject TuneForm::state() const {
    return {{QStringLiteral("lr"), m_lr->text()},
            {QStringLiteral("epochs"), m_epochs->value()},
            {QStringLiteral("batchSize"), m_batch->value()},
            {QStringLiteral("updateBatchNorm"), m_updateBn->isChecked()}};
}

void TuneForm::setState(const QJsonObject& state) {
    if (state.value(QStringLiteral("lr")).isString())
        m_lr->setText(state.value(QStringLiteral("lr")).toString());
    if (state.value(QStringLiteral("epochs")).isDouble())
        m_epochs->setValue(state.value(QStringLiteral("epochs")).toInt());
    if (state.value(QStringLiteral("batchSize")).isDouble())
        m_batch->setValue(state.value(QStringLiteral("batchSize")).toInt());
    if (state.value(QStringLiteral("updateBatchNorm")).isBool())
        m_updateBn->setChecked(state.value(QStringLiteral("updateBatchNorm")).toBool());
}

void TuneForm::addExtraRow(const QString& label, QWidget* field) {
    m_form->insertRow(m_extraRows++, label, field);
}

} // namespace bdl::app
