#include "app/desktop/screenshot_runner.h"

#include "app/desktop/activation_view.h"
#include "app/desktop/command_line.h"
#include "app/desktop/comparison_view.h"
#include "app/desktop/inspector_view.h"
#include "app/desktop/job_text.h"
#include "app/desktop/main_window.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/strip_view.h"
#include "app/desktop/sweep_view.h"
#include "app/gui/controller.h"
#include "widgets/entropy_histogram_plot.h"
#include "widgets/plot_export.h"
#include "widgets/plot_widget.h"

#include <QtCore/QBuffer>
#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QEvent>
#include <QtCore/QTimer>
#include <QtGui/QPixmap>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bdl::app {

namespace {

const QString kFinePruning = QStringLiteral("fine-pruning");
const QString kSweepView = QStringLiteral("sweep");
const QString kActivationsView = QStringLiteral("activations");
const QString kStripView = QStringLiteral("strip");
const QString kComparisonView = QStringLiteral("comparison");
const QString kInspectorView = QStringLiteral("inspector");
/// Every scenario, then every view grabbed (FILE-VIEW.png each).
const QString kAllViews = QStringLiteral("all");

/// The small sweep of the "sweep" screenshot.
const QVector<double> kSweepLrs{1e-2, 1e-3};
constexpr int kSweepKs = 3;
/// B' of the "comparison" screenshot: 10 % of the channels, 2 epochs.
constexpr double kTuneFraction = 0.1;
constexpr int kTuneEpochs = 2;
/// Inputs per set of the STRIP screenshots.
constexpr int kStripSample = 1000;

} // namespace

ScreenshotRunner::ScreenshotRunner(MainWindow* window, const QString& path, const QString& view,
                                   QObject* parent)
    : QObject(parent), m_window(window), m_path(path) {
    Controller* c = window->controller();
    connect(c, &Controller::curveReady, this, &ScreenshotRunner::onCurveReady);
    connect(c, &Controller::finished, this, &ScreenshotRunner::onFinished);
    connect(c, &Controller::busyChanged, this, [this](bool busy) {
        if (!busy)
            scheduleAdvance();
    });
    connect(c, &Controller::failed, this, &ScreenshotRunner::onFailure);
    connect(c, &Controller::cancelled, this,
            [this](const QString& job) { onFailure(job, tr("cancelled")); });
    buildScenario(view.isEmpty() ? kFinePruning : view);
}

QStringList ScreenshotRunner::views() {
    return screenshotViews(); // the command line's list: one source of the names
}

void ScreenshotRunner::buildScenario(const QString& view) {
    MainWindow* w = m_window;
    Controller* c = w->controller();
    const QList<QWidget*> tabs{w->pruneView(), w->sweepView(),      w->activationView(),
                               w->stripView(), w->comparisonView(), w->inspectorView()};
    const int viewIndex = static_cast<int>(views().indexOf(view));
    if (viewIndex < 0 && view != kAllViews) {
        // Reported once the event loop runs (done() has no receiver yet).
        QTimer::singleShot(0, this, [this, view] {
            finish(1, tr("No screenshot: unknown view \"%1\" (one of: %2)")
                          .arg(view, views().join(QStringLiteral(", "))));
        });
        return;
    }
    if (viewIndex >= 0 && tabs[viewIndex])
        w->tabs()->setCurrentWidget(tabs[viewIndex]);
    if (view == kFinePruning) {
        m_grabOnCurve = true;
        return;
    }
    // The window chains open -> curve -> activations; every scenario starts after the curve.
    m_waitingFor = view == kActivationsView ? QString(job::kActivations) : QString(job::kCurve);

    const Step strip{QString(job::kStrip), [w, c](QString*) {
                         StripRequest request;
                         request.sample = kStripSample;
                         w->stripView()->setRequest(request);
                         return c->runStrip(w->stripView()->request());
                     }};
    const Step sweep{QString(job::kSweep), [c](QString*) {
                         SweepRequest request;
                         request.lrs = kSweepLrs;
                         const int channels = c->workspace()->pruneChannels;
                         for (int i = 1; i <= std::min(kSweepKs, channels); ++i) {
                             // 10 %, 20 %, 30 % of the layer, strictly increasing.
                             const int k =
                                 std::max(i, static_cast<int>(std::lround(channels * 0.1 * i)));
                             if (request.ks.isEmpty() || k > request.ks.back())
                                 request.ks.push_back(std::min(k, channels));
                         }
                         request.epochs = 1;
                         return c->runSweep(request);
                     }};
    const Step stripDetail{QString(job::kStripDetail), [w](QString*) {
                               // The rule's threshold, then the first non-empty bin of the first
                               // poisoned set, clicked, and its first input selected: the view
                               // asks for the detail (superimpositions) itself.
                               StripView* v = w->stripView();
                               v->setThreshold(std::numeric_limits<double>::quiet_NaN());
                               const int series = static_cast<int>(v->seriesSets().indexOf(2));
                               widgets::EntropyHistogramPlot* plot = v->histogramPlot();
                               if (series < 0)
                                   return true; // no poisoned set: nothing to click
                               for (int bin = 0; bin < plot->binCount(); ++bin) {
                                   if (plot->countAt(series, bin) <= 0)
                                       continue;
                                   plot->setSelectedBar({series, bin});
                                   Q_EMIT plot->binClicked(series, bin);
                                   break;
                               }
                               if (!w->controller()->busy() && v->binTable()->rowCount() > 0)
                                   v->binTable()->selectRow(0);
                               return true;
                           }};
    if (view == kSweepView) {
        m_steps.push_back(sweep);
    } else if (view == kStripView) {
        m_steps.push_back(strip);
        m_steps.push_back(stripDetail);
    }
    const Step fineTune{QString(job::kFineTune), [c](QString*) {
                            const int channels = c->workspace()->pruneChannels;
                            const int k =
                                std::clamp(static_cast<int>(std::lround(channels * kTuneFraction)),
                                           1, std::max(1, channels));
                            TuneSettings tune;
                            tune.epochs = kTuneEpochs;
                            return c->fineTuneAt(k, tune);
                        }};
    const Step goodnets{QString(job::kGoodnets), [c](QString*) {
                            GoodnetRequest request;
                            request.k0 = std::min(request.k0, c->workspace()->pruneChannels);
                            return c->computeGoodnets(request);
                        }};
    if (view == kComparisonView) {
        m_steps.push_back(strip);
        m_steps.push_back(fineTune);
        m_steps.push_back(goodnets);
    }
    const Step inspect{QString(job::kInspect), [w, c](QString* error) {
                           const QVector<DataSetInfo>& sets = c->workspace()->sets;
                           for (int i = 0; i < sets.size(); ++i)
                               if (sets[i].role == DataSetInfo::Poisoned)
                                   return w->inspectorView()->inspectSetImage(i, 0);
                           *error = tr("the workspace has no poisoned set to inspect");
                           return false;
                       }};
    if (view == kInspectorView) {
        m_steps.push_back(strip);
        m_steps.push_back(fineTune); // so that B' and G have something to say
        m_steps.push_back(inspect);
    } else if (view == kAllViews) {
        // Every view's scenario in one run, then one grab per tab (grabNow()).
        m_grabAll = true;
        m_steps << sweep << strip << stripDetail << fineTune << goodnets << inspect;
    }
}

void ScreenshotRunner::onCurveReady() {
    if (!m_grabOnCurve)
        return;
    // The views take the curve in this same turn of the event loop, after this slot maybe:
    // grab at the next turn, when every receiver has run.
    QTimer::singleShot(0, this, &ScreenshotRunner::grabNow);
}

void ScreenshotRunner::onFinished(const QString& job) {
    if (m_done || m_grabOnCurve || job != m_waitingFor)
        return;
    m_waitingFor.clear();
    scheduleAdvance();
}

void ScreenshotRunner::scheduleAdvance() {
    // After every receiver of this turn has run (the window starts its follow-up jobs in its
    // finished() handler): advance() then sees whether the controller is still busy.
    if (!m_done && !m_grabOnCurve && m_waitingFor.isEmpty())
        QTimer::singleShot(0, this, &ScreenshotRunner::advance);
}

void ScreenshotRunner::advance() {
    Controller* c = m_window->controller();
    if (m_done || m_grabOnCurve || !m_waitingFor.isEmpty() || c->busy())
        return; // busyChanged(false) or finished() brings us back
    if (m_next >= m_steps.size()) {
        grabNow();
        return;
    }
    const Step& step = m_steps[m_next++];
    QString error;
    if (!step.start(&error)) {
        finish(1, tr("No screenshot: %1 could not start: %2")
                      .arg(JobText::title(step.job),
                           error.isEmpty() ? tr("the controller refused it") : error));
        return;
    }
    if (c->busy())
        m_waitingFor = step.job;
    else
        scheduleAdvance(); // the step started nothing: go on
}

void ScreenshotRunner::onFailure(const QString& job, const QString& message) {
    // Only the jobs the screenshot waits for: a failed slider evaluation does not matter.
    if (job == job::kOpen || job == job::kCurve || (!m_waitingFor.isEmpty() && job == m_waitingFor))
        finish(1, tr("No screenshot: %1 failed: %2").arg(JobText::title(job), message));
}

QString ScreenshotRunner::pathForView(const QString& path, const QString& view) {
    const QFileInfo f(path);
    return f.dir().filePath(f.completeBaseName() + QLatin1Char('-') + view +
                            QStringLiteral(".png"));
}

void ScreenshotRunner::grabNow() {
    if (m_done)
        return;
    QString error;
    if (m_grabAll) {
        MainWindow* w = m_window;
        const QList<QWidget*> tabs{w->pruneView(), w->sweepView(),      w->activationView(),
                                   w->stripView(), w->comparisonView(), w->inspectorView()};
        QStringList written;
        for (int i = 0; i < tabs.size(); ++i) {
            w->tabs()->setCurrentWidget(tabs[i]);
            const QString file = pathForView(m_path, views()[i]);
            if (!grabTo(w, file, &error)) {
                finish(1, error);
                return;
            }
            written << file;
        }
        finish(0, tr("Wrote %1").arg(written.join(QStringLiteral(", "))));
        return;
    }
    if (grabTo(m_window, m_path, &error))
        finish(0, tr("Wrote %1").arg(m_path));
    else
        finish(1, error);
}

void ScreenshotRunner::finish(int exitCode, const QString& message) {
    if (m_done)
        return;
    m_done = true;
    Q_EMIT done(exitCode, message);
}

bool ScreenshotRunner::grabTo(MainWindow* window, const QString& path, QString* error) {
    return grabWidgetTo(window, path, error);
}

bool ScreenshotRunner::grabWidgetTo(QWidget* window, const QString& path, QString* error) {
    // Layouts whose contents changed this turn (new texts, shown boxes) settle first, as they
    // would before the next paint; then the plots draw their current data.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const auto plots = window->findChildren<widgets::PlotWidget*>();
    for (widgets::PlotWidget* plot : plots)
        plot->replotNow();
    const QPixmap pixmap = window->grab();
    if (pixmap.isNull()) {
        *error = tr("Could not render the window for %1").arg(path);
        return false;
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!pixmap.save(&buffer, "PNG")) {
        *error = tr("Could not encode the screenshot as PNG for %1").arg(path);
        return false;
    }
    return widgets::writeTextFileAtomically(path, png, error);
}

} // namespace bdl::app
