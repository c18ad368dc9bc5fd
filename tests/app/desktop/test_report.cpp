// The analysis report (File > Export Report..., `backdoorlab-cli report`): what a reviewer reads
// equals what the session holds. The PDF's text is extracted with pdftotext (poppler-utils, which
// the test command installs) and searched for the session's numbers; the HTML must carry the same
// numbers and every figure embedded. The CLI's report of a saved session is compared with the
// window's report of the same session, line by line.
#include "desktop_test_util.h"

#include "app/desktop/main_window.h"
#include "app/desktop/report_builder.h"
#include "app/desktop/report_document.h"
#include "app/desktop/report_runner.h"
#include "app/desktop/session_manager.h"
#include "app/desktop/strip_view.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtGui/QAction>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <cmath>
#include <memory>

namespace bdl::app::test {

namespace {

int pageCount(const QString& text) { return static_cast<int>(text.count(QLatin1Char('\f'))); }

/// The HTML's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed.
QString htmlText(const QByteArray& html) {
    QString t = QString::fromUtf8(html);
    t.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    t.replace(QStringLiteral("&#39;"), QStringLiteral("'"));
    t.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
    t.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
    t.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    t.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return t.simplified();
}

/// Runs the headless report on `window`; the exit code and message.
std::pair<int, QString> runReport(MainWindow& window, const ReportPlan& plan) {
    ReportRunner runner(&window, plan);
    QSignalSpy done(&runner, &ReportRunner::done);
    done.wait(kJobTimeoutMs * 3);
    if (done.isEmpty())
        return {-1, QStringLiteral("timed out")};
    return {done.first().at(0).toInt(), done.first().at(1).toString()};
}

ReportPlan smallPlan(const QString& pdf) {
    ReportPlan plan;
    plan.pdfPath = pdf;
    plan.tune.epochs = 1;
    plan.tune.batchSize = 16;
    plan.strip.n = 16;
    plan.strip.sample = 60;
    plan.strip.calibration = 60;
    return plan;
}

} // namespace

class ReportTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    QString m_pdf;
    QString m_text; ///< pdftotext of m_pdf

private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("pdftotext is not installed (Debian: poppler-utils; scripts/install-deps.sh "
                  "installs it)");
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        m_pdf = m_ws->file(QStringLiteral("report.pdf"));
        const auto [code, message] = runReport(*m_window, smallPlan(m_pdf));
        QVERIFY2(code == 0, qPrintable(message));
        QVERIFY2(message.contains(m_pdf) && message.contains(reportHtmlPath(m_pdf)),
                 qPrintable(message));
        QString error;
        m_text = pdfText(m_pdf, &error);
        QVERIFY2(!m_text.isEmpty(), qPrintable(error));
    }

    void theRunnerComputedEveryMissingResult() {
        Controller* c = m_window->controller();
        QVERIFY(c->curve());
        QVERIFY(c->repaired());
        QVERIFY(c->strip());
        QVERIFY(c->goodnets());
        // B' at the default k: 10 % of the layer.
        QCOMPARE(c->repaired()->k, ReportRunner::defaultK(c->workspace()->pruneChannels));
        QCOMPARE(c->repaired()->epochs, 1);
    }

    void thePdfHoldsTheSessionsNumbers() {
        Controller* c = m_window->controller();
        const SessionState st = m_window->sessions()->capture();
        const WorkspaceInfo& w = *c->workspace();
        QStringList expected{
            QString::fromLatin1(fileSha256(w.modelPath).toHex()),
            w.architecture,
            QString::number(w.parameters),
            reportNumber(c->curve()->points.front().cca),
            reportNumber(c->repaired()->ccaAfter),
            reportNumber(c->goodnets()->g.cca),
            reportNumber(c->goodnets()->gPrime.cca),
            m_window->stripView()->thresholdText(),
            reportNumber(m_window->stripView()->scores().frr) + QStringLiteral(" %"),
            c->repaired()->description,
        };
        QVERIFY(w.parameters > 0);
        for (double a : c->repaired()->asrAfter)
            expected << reportNumber(a);
        for (double f : m_window->stripView()->scores().far)
            expected << reportNumber(f) + QStringLiteral(" %");
        for (double a : m_window->stripView()->scores().auroc)
            expected << QString::number(a, 'f', 3);
        for (const auto& d : w.sets)
            expected << d.name << QString::number(d.size);
        for (const auto& p : c->curve()->points)
            if (p.k == c->curve()->points.back().k)
                expected << reportNumber(p.cca);
        // Every k of the table's rows with its CCA, as one line of the layout text.
        QString error;
        const QString layout = pdfText(m_pdf, &error, true);
        const QString flat = m_text.simplified();
        for (const QString& e : expected)
            QVERIFY2(flat.contains(e.simplified()), qPrintable(QStringLiteral("missing: ") + e));
        // The three questions, each with its answer.
        for (const char* q :
             {"Trust B as it is?", "Repair it (use B' instead)?", "Filter its inputs with STRIP?"})
            QVERIFY2(flat.contains(QString::fromLatin1(q)), q);
        QVERIFY(layout.contains(QRegularExpression(
            QStringLiteral("\\n0\\s+0\\.0\\s+%1")
                .arg(QRegularExpression::escape(reportNumber(c->curve()->points.front().cca))))));
        // Figures: the pruning curve, channel bars, feature maps, histogram, ROC, comparison.
        int figures = 0;
        for (const auto& b : buildReport(m_window.get()).blocks)
            figures += b.kind == ReportBlock::Figure ? 1 : 0;
        QCOMPARE(figures, 6);
        QVERIFY2(pageCount(m_text) >= 3, qPrintable(QString::number(pageCount(m_text))));
        QVERIFY(st.results.workspace);
    }

    void theHtmlHoldsTheSameTextAndEmbedsEveryFigure() {
        QFile f(reportHtmlPath(m_pdf));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray html = f.readAll();
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QCOMPARE(html.count("src=\"data:image/svg+xml;base64,"), 6);
        QVERIFY(!html.contains("src=\"http") && !html.contains("src=\"file"));
        const QString text = htmlText(html);
        Controller* c = m_window->controller();
        for (const QString& e :
             {reportNumber(c->repaired()->ccaAfter), reportNumber(c->goodnets()->g.cca),
              m_window->stripView()->thresholdText(), c->workspace()->architecture})
            QVERIFY2(text.contains(e), qPrintable(e));
    }

    void theVerdictsFollowTheNumbers() {
        // The tiny model's backdoor works on both poisoned sets: not to be trusted.
        const ReportDocument doc = buildReport(m_window.get());
        const ReportBlock* trust = nullptr;
        for (const auto& b : doc.blocks)
            if (b.kind == ReportBlock::Verdict && !trust)
                trust = &b;
        QVERIFY(trust);
        double cca = 0;
        QVector<double> asr;
        QVERIFY(m_window->controller()->curve());
        cca = m_window->controller()->curve()->points.front().cca;
        asr = m_window->controller()->curve()->points.front().asr;
        bool backdoored = false;
        for (double a : asr)
            backdoored = backdoored || a >= 20.0;
        QCOMPARE(trust->verdictLevel, backdoored ? QStringLiteral("no") : QStringLiteral("yes"));
        QVERIFY(trust->detail.contains(reportNumber(cca)));
    }

    void theCliReportOfTheSavedSessionReadsTheSame() {
        const QString session = m_ws->file(QStringLiteral("report.bdlsession"));
        QString error;
        QVERIFY2(m_window->sessions()->saveTo(session, &error), qPrintable(error));
        const QString pdf = m_ws->file(QStringLiteral("from-cli.pdf"));
        QProcess p;
        p.start(QStringLiteral(BDL_CLI_EXE),
                {QStringLiteral("report"), QStringLiteral("--session"), session,
                 QStringLiteral("--out"), pdf, QStringLiteral("--threads"),
                 QString::number(kThreads), QStringLiteral("--quiet")});
        QVERIFY(p.waitForFinished(kJobTimeoutMs));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains(pdf), qPrintable(out));
        // Both reports of the one session: the same text but for the date (subtitle and the
        // reproduce table) and the session's own file paths.
        const QString mine = m_ws->file(QStringLiteral("again.pdf"));
        QVERIFY2(m_window->writeReportTo(mine, &error), qPrintable(error));
        auto lines = [&](const QString& path) {
            QString e;
            QStringList l = pdfText(path, &e).split(QLatin1Char('\n'));
            l.erase(std::remove_if(l.begin(), l.end(),
                                   [](const QString& s) {
                                       return s.contains(QRegularExpression(
                                           QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:")));
                                   }),
                    l.end());
            return l;
        };
        const QStringList a = lines(mine), b = lines(pdf);
        QCOMPARE(a.size(), b.size());
        for (int i = 0; i < a.size(); ++i)
            QVERIFY2(a[i] == b[i],
                     qPrintable(QStringLiteral("line %1: '%2' vs '%3'").arg(i).arg(a[i], b[i])));
    }

    void longTablesContinueOnTheNextPages() {
        ReportDocument doc;
        doc.title = QStringLiteral("Long");
        QVector<QStringList> rows;
        for (int i = 0; i < 250; ++i)
            rows.push_back({QStringLiteral("row%1").arg(i), QString::number(i * 0.5, 'f', 2)});
        doc.table({QStringLiteral("name"), QStringLiteral("value")}, rows);
        doc.paragraph(QStringLiteral("after the table"));
        const QString pdf = m_ws ? m_ws->file(QStringLiteral("long.pdf")) : QString();
        QString error;
        QVERIFY2(writeReport(doc, pdf, &error), qPrintable(error));
        const QString text = pdfText(pdf, &error);
        QVERIFY2(pageCount(text) >= 4, qPrintable(QString::number(pageCount(text))));
        for (int i = 0; i < 250; ++i)
            QVERIFY2(text.contains(QStringLiteral("row%1\n").arg(i)),
                     qPrintable(QString::number(i)));
        QVERIFY(text.contains(QStringLiteral("after the table")));
    }

    void aFailedWriteNamesTheFileAndKeepsTheOldOne() {
        ReportDocument doc;
        doc.title = QStringLiteral("T");
        doc.paragraph(QStringLiteral("new"));
        QString error;
        const QString missing = m_ws->file(QStringLiteral("no-such-folder/r.pdf"));
        QVERIFY(!writeReport(doc, missing, &error));
        QVERIFY2(error.contains(QStringLiteral("no-such-folder")), qPrintable(error));
        QVERIFY(!QFile::exists(missing));
        QVERIFY(!QFile::exists(reportHtmlPath(missing)));
    }

    void aReportIsRefusedWhileAJobRuns() {
        auto* action = m_window->findChild<QAction*>(QStringLiteral("exportReportAction"));
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
        QVERIFY(m_window->controller()->computePruningCurve());
        QVERIFY(!action->isEnabled()); // File > Export Report... waits for the job
        QString error;
        const QString pdf = m_ws->file(QStringLiteral("busy.pdf"));
        QVERIFY(!m_window->writeReportTo(pdf, &error));
        QVERIFY2(error.contains(pdf) && error.contains(QStringLiteral("running job")),
                 qPrintable(error));
        QVERIFY(!QFile::exists(pdf));
        QVERIFY(waitIdle(*m_window));
    }

    void cleanupTestCase() { m_window.reset(); }
};

BDL_REGISTER_DESKTOP_TEST(ReportTest);

} // namespace bdl::app::test

#include "test_report.moc"
