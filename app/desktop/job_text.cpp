#include "app/desktop/job_text.h"

#include "app/gui/analysis_types.h"
#include "app/gui/job_types.h"

#include <cmath>

namespace bdl::app {

QString JobText::title(const QString& job) {
    if (job == job::kOpen)
        return tr("Opening the workspace");
    if (job == job::kCurve)
        return tr("Pruning curve");
    if (job == job::kFineTune)
        return tr("Fine-tuning");
    if (job == job::kPaper)
        return tr("Paper protocol");
    if (job == job::kLiu)
        return tr("Liu et al. protocol");
    if (job == job::kSweep)
        return tr("Learning-rate sweep");
    if (job == job::kActivations)
        return tr("Activations");
    if (job == job::kSelect)
        return tr("Loading the sweep's model");
    if (job == job::kExport)
        return tr("Exporting B'");
    if (job == job::kGoodnet)
        return tr("Exporting G(B, B')");
    if (job == job::kSlider)
        return tr("Prune slider");
    if (job == job::kStrip)
        return tr("STRIP");
    if (job == job::kStripDetail)
        return tr("STRIP detail");
    if (job == job::kInspect)
        return tr("Inspecting the image");
    if (job == job::kGoodnets)
        return tr("Goodnets G and G'");
    if (job == job::kRestore)
        return tr("Restoring the session");
    if (job == job::kSelectCandidate)
        return tr("Loading a B' candidate");
    if (job == job::kExportCandidate)
        return tr("Exporting a B' candidate");
    return job;
}

QString JobText::repairMethod(const QString& method) {
    if (method == job::kFineTune)
        return tr("Fine-tuning at k");
    if (method == job::kPaper)
        return tr("Paper protocol");
    if (method == job::kLiu)
        return tr("Liu et al. protocol");
    if (method == job::kSelect)
        return tr("Learning-rate sweep cell");
    return title(method);
}

QString JobText::duration(double seconds) {
    if (!(seconds >= 0.0))
        return QStringLiteral("?");
    const qint64 s = std::llround(seconds);
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString JobText::percent(double value) {
    if (std::isnan(value))
        return tr("n/a");
    return tr("%1 %").arg(value, 0, 'f', 2);
}

QString JobText::scores(double cca, const QVector<double>& asr, const QStringList& names) {
    QStringList parts;
    for (int i = 0; i < asr.size(); ++i) {
        const QString name = i < names.size() ? names[i] : QString::number(i + 1);
        parts << tr("%1 %2").arg(name, percent(asr[i]));
    }
    QString text = tr("CCA %1").arg(percent(cca));
    if (!parts.isEmpty())
        text += tr(" · ASR %1").arg(parts.join(QStringLiteral(", ")));
    return text;
}

} // namespace bdl::app
